import CSodium

/// Bytes from the operating system's CSPRNG, through libsodium.
public enum SecureRandom {
    /// Returns `count` cryptographically secure random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        Sodium.initialize()
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { if let base = $0.baseAddress { randombytes_buf(base, $0.count) } }
        return out
    }
}

/// One-time libsodium initialisation.
enum Sodium {
    private static let initialized: Bool = sodium_init() >= 0

    /// Initialises libsodium once; traps if the library cannot start, since no key could be made safely.
    static func initialize() {
        precondition(initialized, "libsodium failed to initialise")
    }
}
