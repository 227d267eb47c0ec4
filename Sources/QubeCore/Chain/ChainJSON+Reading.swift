import Foundation

/// Reads qube's own JSON back as a ``ChainJSON``.
///
/// A reader of its own: `JSONSerialization` builds `NSDictionary` and `NSNumber` values that
/// must be bridged back, and `JSONDecoder` can only try each kind in turn; either cost a tenth
/// or more of a 1000-node render, whose config hashes read every node's Tessera config back.
extension ChainJSON {
    /// The value of `data`, or nil when it is not one JSON value a ``ChainJSON`` can hold
    /// (null, a fraction or an exponent are refused, as is nesting deeper than
    /// ``UntrustedJSON/maximumDepth``).
    init?(reading data: Data) {
        let value: ChainJSON? = data.withUnsafeBytes { bytes in
            var reader = Reader(bytes: bytes.bindMemory(to: UInt8.self))
            guard let value = reader.value(depth: 0) else { return nil }
            reader.skipWhitespace()
            return reader.index == reader.bytes.count ? value : nil
        }
        guard let value else { return nil }
        self = value
    }

    /// A cursor over the bytes of one JSON text.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        /// Consumes `literal` when the text continues with it.
        mutating func consume(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count, memcmp(bytes.baseAddress! + index, literal.utf8Start, count) == 0 else { return false }
            index += count
            return true
        }

        mutating func value(depth: Int) -> ChainJSON? {
            skipWhitespace()
            guard index < bytes.count, depth < UntrustedJSON.maximumDepth else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string().map(ChainJSON.string)
            case UInt8(ascii: "t"): return consume("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return consume("false") ? .bool(false) : nil
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "{"): return object(depth: depth)
            default: return integer()
            }
        }

        mutating func array(depth: Int) -> ChainJSON? {
            index += 1
            var items: [ChainJSON] = []
            skipWhitespace()
            if consume("]") { return .array(items) }
            while true {
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
                skipWhitespace()
                if consume("]") { return .array(items) }
                guard consume(",") else { return nil }
            }
        }

        mutating func object(depth: Int) -> ChainJSON? {
            index += 1
            var members: [String: ChainJSON] = [:]
            skipWhitespace()
            if consume("}") { return .object(members) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipWhitespace()
                guard consume(":"), let member = value(depth: depth + 1), members.updateValue(member, forKey: key) == nil else { return nil }
                skipWhitespace()
                if consume("}") { return .object(members) }
                guard consume(",") else { return nil }
            }
        }

        /// An integer: an optional minus, then digits without a leading zero; nothing after
        /// them may make it a fraction or an exponent.
        mutating func integer() -> ChainJSON? {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > digits, bytes[digits] != UInt8(ascii: "0") || index == digits + 1 else { return nil }
            if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) { return nil }
            return Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)).map(ChainJSON.integer)
        }

        /// A string from its opening quote, with its escapes resolved; nil for raw control
        /// characters, unknown escapes or unpaired surrogates.
        mutating func string() -> String? {
            index += 1
            var text: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(validating: text, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escape = bytes[index]
                    index += 1
                    if escape == UInt8(ascii: "u") {
                        guard let scalar = unicodeEscape() else { return nil }
                        text += Array(String(Character(scalar)).utf8)
                    } else {
                        guard let byte = UntrustedJSON.unescaped(escape) else { return nil }
                        text.append(byte)
                    }
                case 0x00..<0x20:
                    return nil
                default:
                    text.append(byte)
                }
            }
            return nil
        }

        /// The scalar of a `\u` escape whose `u` was just read, pairing surrogates.
        mutating func unicodeEscape() -> Unicode.Scalar? {
            guard let high = hexQuad() else { return nil }
            guard (0xD800..<0xDC00).contains(high) else { return Unicode.Scalar(high) }
            guard consume("\\u"), let low = hexQuad(), (0xDC00..<0xE000).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }

        mutating func hexQuad() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[index..<index + 4] {
                guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
                value = value << 4 | UInt32(digit)
            }
            index += 4
            return value
        }
    }
}
