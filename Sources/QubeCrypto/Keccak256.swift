/// Keccak-256 as Ethereum uses it: the original Keccak submission's padding (domain byte 0x01),
/// not FIPS-202 SHA3-256 (0x06). go-ethereum `crypto.Keccak256` = `sha3.NewLegacyKeccak256`.
///
/// Sponge over Keccak-f[1600] (24 rounds), rate 136 bytes, 32-byte output; lanes are
/// little-endian 64-bit words (FIPS 202 §3, Keccak reference §1.2). docs/formats.md §2.
public enum Keccak256 {
    /// The digest size in bytes.
    public static let byteCount = 32

    private static let rate = 136

    /// Returns the 32-byte Keccak-256 digest of `message`.
    public static func hash<Bytes: Collection>(_ message: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        sponge(Array(message), domain: 0x01)
    }

    /// The sponge with a chosen domain byte, so tests can check the permutation against
    /// SHA3-256 vectors (domain 0x06) as well.
    static func sponge(_ message: [UInt8], domain: UInt8) -> [UInt8] {
        var padded = message
        padded.append(domain)
        while padded.count % rate != 0 { padded.append(0) }
        padded[padded.count - 1] |= 0x80

        var state = [UInt64](repeating: 0, count: 25)
        for blockStart in stride(from: 0, to: padded.count, by: rate) {
            for lane in 0..<(rate / 8) {
                var word: UInt64 = 0
                for byte in 0..<8 { word |= UInt64(padded[blockStart + lane * 8 + byte]) << (8 * byte) }
                state[lane] ^= word
            }
            permute(&state)
        }
        var digest: [UInt8] = []
        digest.reserveCapacity(byteCount)
        for lane in 0..<(byteCount / 8) {
            for byte in 0..<8 { digest.append(UInt8(truncatingIfNeeded: state[lane] >> (8 * byte))) }
        }
        return digest
    }

    /// Round constants ι (Keccak reference, "Round constants").
    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// Rotation offsets ρ, indexed by lane x + 5y.
    private static let rotations: [UInt64] = [
        0, 1, 62, 28, 27,
        36, 44, 6, 55, 20,
        3, 10, 43, 25, 39,
        41, 45, 15, 21, 8,
        18, 2, 61, 56, 14,
    ]

    /// Keccak-f[1600]: 24 rounds of θ, ρ, π, χ, ι on the 5×5 lanes (index x + 5y).
    private static func permute(_ a: inout [UInt64]) {
        var b = [UInt64](repeating: 0, count: 25)
        var c = [UInt64](repeating: 0, count: 5)
        for round in 0..<24 {
            // θ: each lane absorbs the parities of two neighbouring columns.
            for x in 0..<5 { c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] }
            for x in 0..<5 {
                let d = c[(x + 4) % 5] ^ rotate(c[(x + 1) % 5], 1)
                for y in stride(from: 0, to: 25, by: 5) { a[x + y] ^= d }
            }
            // ρ and π: rotate each lane and move (x, y) to (y, 2x + 3y).
            for x in 0..<5 {
                for y in 0..<5 {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = rotate(a[x + 5 * y], rotations[x + 5 * y])
                }
            }
            // χ: the only non-linear step, along rows.
            for y in stride(from: 0, to: 25, by: 5) {
                for x in 0..<5 { a[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]) }
            }
            // ι
            a[0] ^= roundConstants[round]
        }
    }

    private static func rotate(_ value: UInt64, _ by: UInt64) -> UInt64 {
        by == 0 ? value : (value << by) | (value >> (64 - by))
    }
}
