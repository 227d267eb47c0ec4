/// Hexadecimal text for bytes: lowercase on output, either case on input.
public enum Hex {
    /// A string that is not an even number of hexadecimal digits.
    public struct DecodingError: Error, Equatable, CustomStringConvertible, Sendable {
        /// What is wrong with the text, without the text itself (it may be a secret).
        public var reason: String
        public var description: String { "invalid hex: \(reason)" }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Returns the lowercase hex of `bytes`, two digits per byte, with no prefix.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex digits of either case. A `0x` prefix is accepted only when `allowPrefix` is set.
    public static func decode(_ text: some StringProtocol, allowPrefix: Bool = false) throws(DecodingError) -> [UInt8] {
        var utf8 = Substring(text).utf8[...]
        if allowPrefix, utf8.starts(with: "0x".utf8) || utf8.starts(with: "0X".utf8) {
            utf8 = utf8.dropFirst(2)
        }
        guard utf8.count % 2 == 0 else { throw DecodingError(reason: "odd number of digits (\(utf8.count))") }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var high: UInt8?
        for (offset, char) in utf8.enumerated() {
            guard let nibble = nibble(char) else {
                throw DecodingError(reason: "not a hex digit at position \(offset + 1)")
            }
            if let h = high {
                out.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return out
    }

    /// The value of one ASCII hex digit, or nil.
    static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): char - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
