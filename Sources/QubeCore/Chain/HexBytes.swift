/// Lowercase hexadecimal text for the byte strings of chain files.
enum HexBytes {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `0x` followed by two lowercase digits per byte.
    static func prefixed(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = Array("0x".utf8)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `0x`-prefixed hex of either case with an even number of digits, or nil.
    static func decodePrefixed(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x"), utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2 - 1)
        var index = 2
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The 20 bytes of a `0x` + 40 hex address of any case, or nil.
    static func address(_ text: String) -> [UInt8]? {
        guard let bytes = decodePrefixed(text), bytes.count == 20 else { return nil }
        return bytes
    }
}
