import CSodium

/// scrypt parameters (Percival; RFC 7914): CPU/memory cost `n`, block size `r`, parallelism `p`.
public struct ScryptParameters: Equatable, Sendable {
    /// The cost parameter N, a power of two greater than 1.
    public var n: Int
    /// The block size r.
    public var r: Int
    /// The parallelisation p.
    public var p: Int

    /// Creates parameters; `derive` rejects values libsodium cannot use.
    public init(n: Int, r: Int, p: Int) {
        self.n = n
        self.r = r
        self.p = p
    }

    /// geth's `StandardScryptN/P` (`geth account new`): N = 2^18, r = 8, p = 1; 256 MiB.
    public static let standard = ScryptParameters(n: 1 << 18, r: 8, p: 1)
    /// geth's `LightScryptN/P` (`--lightkdf`): N = 2^12, r = 8, p = 6; 4 MiB.
    public static let light = ScryptParameters(n: 1 << 12, r: 8, p: 6)

    /// The working memory one derivation needs: 128·r·N bytes.
    public var memoryBytes: Int { 128 * r * n }

    /// Whether libsodium accepts these values (N a power of two above 1, r·p < 2^30), and the
    /// memory stays under 4 GiB so that a hostile file cannot exhaust the machine.
    var isUsable: Bool {
        n > 1 && n & (n - 1) == 0 && r > 0 && p > 0 && r.multipliedReportingOverflow(by: p).partialValue < 1 << 30
            && n <= 1 << 22 && memoryBytes <= 4 << 30
    }

    /// Derives `length` bytes from `password` and `salt`, or nil when the parameters are not usable
    /// or the memory cannot be had.
    func derive(password: some Collection<UInt8>, salt: [UInt8], length: Int) -> SecretBytes? {
        guard isUsable else { return nil }
        Sodium.initialize()
        var output = [UInt8](repeating: 0, count: length)
        // One spare byte keeps the pointer non-nil for an empty password.
        var passwordBytes = Array(password) + [0]
        let status = crypto_pwhash_scryptsalsa208sha256_ll(
            passwordBytes, passwordBytes.count - 1, salt, salt.count, UInt64(n), UInt32(r), UInt32(p), &output, output.count)
        defer {
            output.wipe()
            passwordBytes.wipe()
        }
        return status == 0 ? SecretBytes(output) : nil
    }
}
