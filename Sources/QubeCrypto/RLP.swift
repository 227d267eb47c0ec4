/// An RLP item (Ethereum Yellow Paper, Appendix B): a byte string or a list of items.
///
/// Encoding is canonical. Decoding is strict: it accepts only the one canonical encoding of an
/// item, so a value that decodes re-encodes to the same bytes.
public enum RLP: Equatable, Hashable, Sendable {
    /// A byte string.
    case bytes([UInt8])
    /// A list of items.
    case list([RLP])

    /// The most lists nested in one another that ``init(decoding:)`` accepts, so hostile input
    /// cannot exhaust the stack.
    public static let maximumDepth = 64

    /// An unsigned integer as RLP writes it: minimal big-endian bytes, zero as the empty string.
    public static func integer(_ value: UInt64) -> RLP {
        .bytes(bigEndianBytes(value))
    }

    /// The canonical encoding of this item.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        append(to: &out)
        return out
    }

    private func append(to out: inout [UInt8]) {
        switch self {
        case .bytes(let bytes):
            if bytes.count == 1, bytes[0] < 0x80 {
                out.append(bytes[0])
            } else {
                RLP.appendHeader(offset: 0x80, length: bytes.count, to: &out)
                out.append(contentsOf: bytes)
            }
        case .list(let items):
            var payload: [UInt8] = []
            for item in items { item.append(to: &payload) }
            RLP.appendHeader(offset: 0xC0, length: payload.count, to: &out)
            out.append(contentsOf: payload)
        }
    }

    private static func appendHeader(offset: UInt8, length: Int, to out: inout [UInt8]) {
        if length <= 55 {
            out.append(offset + UInt8(length))
        } else {
            let lengthBytes = bigEndianBytes(UInt64(length))
            out.append(offset + 55 + UInt8(lengthBytes.count))
            out.append(contentsOf: lengthBytes)
        }
    }

    private static func bigEndianBytes(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = value
        while rest > 0 {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        }
        return bytes
    }

    /// Decodes exactly one item that spans all of `encoding`.
    ///
    /// Rejects truncated input, trailing bytes, a single byte below 0x80 wrapped in a string
    /// header, a long form where the short one fits, length fields with leading zeros, list
    /// payloads that do not split exactly into items, and nesting deeper than ``maximumDepth``.
    public init(decoding encoding: some Collection<UInt8>) throws(RLPError) {
        let bytes = Array(encoding)
        var position = 0
        self = try RLP.decodeItem(bytes, at: &position, end: bytes.count, depth: 0)
        guard position == bytes.count else {
            throw RLPError("\(bytes.count - position) trailing byte(s) after the item at offset \(position)")
        }
    }

    private static func decodeItem(_ bytes: [UInt8], at position: inout Int, end: Int, depth: Int) throws(RLPError) -> RLP {
        guard position < end else { throw RLPError("input ends where an item should start (offset \(position))") }
        let start = position
        let prefix = bytes[position]
        position += 1
        switch prefix {
        case 0x00...0x7F:
            return .bytes([prefix])
        case 0x80...0xBF:
            let length = try payloadLength(bytes, prefix: prefix, offset: 0x80, at: &position, end: end)
            let payload = Array(bytes[position..<position + length])
            position += length
            if length == 1, payload[0] < 0x80 {
                throw RLPError("byte 0x\(String(payload[0], radix: 16)) at offset \(start) must be encoded as itself, not as a string")
            }
            return .bytes(payload)
        default:
            guard depth < maximumDepth else { throw RLPError("lists nested deeper than \(maximumDepth) at offset \(start)") }
            let length = try payloadLength(bytes, prefix: prefix, offset: 0xC0, at: &position, end: end)
            let listEnd = position + length
            var items: [RLP] = []
            while position < listEnd {
                items.append(try decodeItem(bytes, at: &position, end: listEnd, depth: depth + 1))
            }
            return .list(items)
        }
    }

    /// Reads the length that follows `prefix` and checks the payload fits before `end`.
    private static func payloadLength(_ bytes: [UInt8], prefix: UInt8, offset: UInt8, at position: inout Int, end: Int) throws(RLPError) -> Int {
        let start = position - 1
        var length: Int
        if prefix - offset <= 55 {
            length = Int(prefix - offset)
        } else {
            let lengthOfLength = Int(prefix - offset - 55)
            guard lengthOfLength <= end - position else { throw RLPError("length field at offset \(start) runs past the end") }
            guard bytes[position] != 0 else { throw RLPError("length field at offset \(start) has leading zeros") }
            guard lengthOfLength <= 4 else { throw RLPError("length at offset \(start) is too large") }
            length = 0
            for byte in bytes[position..<position + lengthOfLength] { length = length << 8 | Int(byte) }
            position += lengthOfLength
            guard length > 55 else { throw RLPError("length \(length) at offset \(start) must use the short form") }
        }
        guard length <= end - position else {
            throw RLPError("item at offset \(start) claims \(length) byte(s) but only \(end - position) remain")
        }
        return length
    }

    /// The bytes of a string item, or nil for a list.
    public var bytesValue: [UInt8]? {
        if case .bytes(let bytes) = self { return bytes }
        return nil
    }

    /// The items of a list, or nil for a string.
    public var listValue: [RLP]? {
        if case .list(let items) = self { return items }
        return nil
    }

    /// The unsigned integer a string item holds, or nil for a list, a value with leading zero
    /// bytes (not canonical) or one wider than 64 bits.
    public var integerValue: UInt64? {
        guard case .bytes(let bytes) = self, bytes.count <= 8, bytes.first != 0 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// Why bytes are not a canonical RLP encoding.
public struct RLPError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong, with the byte offset where it was found.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
