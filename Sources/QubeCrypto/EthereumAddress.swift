/// A 20-byte Ethereum address, written with its EIP-55 checksum.
///
/// docs/formats.md §3: address = last 20 bytes of keccak256(public key X‖Y). EIP-55 uppercases the
/// letter at position i when nibble i of keccak256(lowercase hex) is ≥ 8.
public struct EthereumAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Text that is not a valid `0x` address, or whose mixed case breaks the EIP-55 checksum.
    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        /// What is wrong, in a phrase that reads after the value's field name.
        public var reason: String
        public var description: String { reason }
    }

    /// The 20 address bytes.
    public let bytes: [UInt8]

    /// Wraps 20 bytes; traps on any other length, which is a programming error.
    public init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == 20, "an Ethereum address has 20 bytes")
        self.bytes = Array(bytes)
    }

    /// The address of a 64-byte uncompressed public key (no 04 prefix).
    public init(publicKey: [UInt8]) {
        precondition(publicKey.count == 64, "expected a 64-byte public key")
        self.init(bytes: Keccak256.hash(publicKey).suffix(20))
    }

    /// Parses `0x` and 40 hex digits. All-lowercase and all-uppercase digits are accepted
    /// as they are; mixed case must be the exact EIP-55 checksum.
    public init(validating text: String) throws(ParseError) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 42, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x"),
            let decoded = try? Hex.decode(text.dropFirst(2))
        else {
            throw ParseError(reason: "\(text.debugDescription) is not an address (0x and 40 hex digits)")
        }
        self.init(bytes: decoded)
        let digits = utf8[2...]
        let hasLower = digits.contains { (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
        let hasUpper = digits.contains { (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }
        if hasLower && hasUpper && text != checksummed {
            throw ParseError(reason: "\(text) has a wrong EIP-55 checksum (expected \(checksummed))")
        }
    }

    /// 40 lowercase hex digits without `0x`, as keystores and genesis `alloc` keys write it.
    public var lowercaseHex: String { Hex.encode(bytes) }

    /// `0x` and the EIP-55 mixed-case digits.
    public var checksummed: String {
        let lower = Array(lowercaseHex.utf8)
        let hash = Keccak256.hash(lower)
        var out = Array("0x".utf8)
        for (i, char) in lower.enumerated() {
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f
            let isLetter = char >= UInt8(ascii: "a")
            out.append(isLetter && nibble >= 8 ? char - 32 : char)
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { checksummed }

    public static func < (a: Self, b: Self) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
