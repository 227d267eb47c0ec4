import Foundation

extension ChainJSON {
    /// Reads back text that ``data`` wrote, or nil when `data` is not JSON of the kinds a
    /// ``ChainJSON`` holds (objects, arrays, strings, integers, booleans).
    ///
    /// For qube's own files only: it is a reader for values qube just rendered (a Tessera config
    /// hashed without its peers), not for input from elsewhere, which goes through
    /// ``UntrustedJSON`` first.
    init?(reading data: Data) {
        let value: ChainJSON? = data.withUnsafeBytes { raw in
            var reader = Reader(bytes: raw.bindMemory(to: UInt8.self))
            guard let value = reader.value() else { return nil }
            reader.skipWhitespace()
            return reader.index == reader.bytes.count ? value : nil
        }
        guard let value else { return nil }
        self = value
    }

    /// A recursive-descent reader over UTF-8 bytes.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }

        /// Consumes `byte` (after whitespace) when it comes next.
        mutating func take(_ byte: UInt8) -> Bool {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func value() -> ChainJSON? {
            skipWhitespace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [String: ChainJSON] = [:]
                if take(UInt8(ascii: "}")) { return .object(members) }
                repeat {
                    guard take(UInt8(ascii: "\"")), let key = string(), take(UInt8(ascii: ":")), let member = value() else { return nil }
                    members[key] = member
                } while take(UInt8(ascii: ","))
                return take(UInt8(ascii: "}")) ? .object(members) : nil
            case UInt8(ascii: "["):
                index += 1
                var items: [ChainJSON] = []
                if take(UInt8(ascii: "]")) { return .array(items) }
                repeat {
                    guard let item = value() else { return nil }
                    items.append(item)
                } while take(UInt8(ascii: ","))
                return take(UInt8(ascii: "]")) ? .array(items) : nil
            case UInt8(ascii: "\""):
                index += 1
                return string().map(ChainJSON.string)
            case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
            default:
                let start = index
                if bytes[index] == UInt8(ascii: "-") { index += 1 }
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                return Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)).map(ChainJSON.integer)
            }
        }

        mutating func word(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count, memcmp(bytes.baseAddress! + index, text.utf8Start, count) == 0 else { return false }
            index += count
            return true
        }

        /// The rest of a string whose opening quote was read, with the escapes ``data`` writes.
        mutating func string() -> String? {
            var decoded: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: decoded, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escaped)
                    case UInt8(ascii: "n"): decoded.append(0x0A)
                    case UInt8(ascii: "r"): decoded.append(0x0D)
                    case UInt8(ascii: "t"): decoded.append(0x09)
                    case UInt8(ascii: "u"):
                        guard index + 4 <= bytes.count,
                            let code = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<index + 4]), as: UTF8.self), radix: 16),
                            let scalar = Unicode.Scalar(code)
                        else { return nil }
                        index += 4
                        decoded.append(contentsOf: String(scalar).utf8)
                    default: return nil
                    }
                default:
                    decoded.append(byte)
                }
            }
            return nil
        }
    }
}
