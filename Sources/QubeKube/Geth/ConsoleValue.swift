/// A value as `geth attach --exec` prints it: geth's console pretty-printer output, which is
/// JavaScript, not JSON (object keys are bare, strings are Go-quoted).
///
/// The shapes are those of GoQuorum 2.7.0's `internal/jsre/pretty.go`, recorded in
/// `Tests/Fixtures/geth/2.7.0`: `null`, `true`, numbers, `"strings"`, `[a, b]` and
/// `{ key: value }` with any property name (addresses too) as a bare key.
public enum ConsoleValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number as printed (`179`, `1.5e+21`).
    case number(String)
    case string(String)
    case array([ConsoleValue])
    case object([String: ConsoleValue])
    /// `{...}` or `[...]`: a value nested deeper than the console prints.
    case elided

    /// The value of an integral number that fits an `Int`.
    public var int: Int? {
        if case .number(let text) = self { Int(text) } else { nil }
    }

    /// The value of a string.
    public var string: String? {
        if case .string(let text) = self { text } else { nil }
    }

    /// The value of a boolean.
    public var bool: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// The elements of an array.
    public var array: [ConsoleValue]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    /// The properties of an object.
    public var object: [String: ConsoleValue]? {
        if case .object(let properties) = self { properties } else { nil }
    }

    /// The property `key` of an object.
    public subscript(key: String) -> ConsoleValue? { object?[key] }
}

extension ConsoleValue {
    /// What one `geth attach --exec` printed on stdout: a value, or the JavaScript error the
    /// console printed in its place (geth attach exits 0 either way).
    public enum Output: Equatable, Sendable {
        case value(ConsoleValue)
        /// `Error: ...`, `TypeError: ...` or a syntax error (`(anonymous): Line 1:17 ...`): the
        /// first line, without the `web3.js` stack.
        case error(String)
    }

    /// Reads the console's stdout; nil when it is neither a value nor an error.
    public static func output(_ stdout: String) -> Output? {
        let firstLine = stdout.prefix { $0 != "\n" }
        if let colon = firstLine.firstIndex(of: ":"), firstLine[..<colon].hasSuffix("Error"),
            firstLine[..<colon].allSatisfy({ $0.isLetter })
        {
            return .error(String(firstLine))
        }
        if firstLine.hasPrefix("(anonymous): Line ") { return .error(String(firstLine)) }
        var parser = Parser(Array(stdout.utf8))
        guard let value = parser.value(depth: 0), parser.atEnd else { return nil }
        return .value(value)
    }

    /// A recursive-descent reader of the pretty-printer's grammar; nesting is bounded so a
    /// hostile answer cannot exhaust the stack.
    private struct Parser {
        let bytes: [UInt8]
        var index = 0
        static let maximumDepth = 64

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return index == bytes.count
            }
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func value(depth: Int) -> ConsoleValue? {
            guard depth < Self.maximumDepth else { return nil }
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return quoted().map(ConsoleValue.string)
            case UInt8(ascii: "["): return elision("[...]") ?? array(depth: depth)
            case UInt8(ascii: "{"): return elision("{...}") ?? object(depth: depth)
            default: return word()
            }
        }

        /// `.elided` when `marker` is next.
        mutating func elision(_ marker: String) -> ConsoleValue? {
            let end = index + marker.utf8.count
            guard end <= bytes.count, bytes[index..<end].elementsEqual(marker.utf8) else { return nil }
            index = end
            return .elided
        }

        mutating func array(depth: Int) -> ConsoleValue? {
            index += 1
            var elements: [ConsoleValue] = []
            if consume(UInt8(ascii: "]")) { return .array(elements) }
            repeat {
                guard let element = value(depth: depth + 1) else { return nil }
                elements.append(element)
            } while consume(UInt8(ascii: ","))
            return consume(UInt8(ascii: "]")) ? .array(elements) : nil
        }

        mutating func object(depth: Int) -> ConsoleValue? {
            index += 1
            var properties: [String: ConsoleValue] = [:]
            if consume(UInt8(ascii: "}")) { return .object(properties) }
            repeat {
                guard let key = key(), consume(UInt8(ascii: ":")), let element = value(depth: depth + 1),
                    properties.updateValue(element, forKey: key) == nil
                else { return nil }
            } while consume(UInt8(ascii: ","))
            return consume(UInt8(ascii: "}")) ? .object(properties) : nil
        }

        /// A property name: printed bare, up to the colon.
        mutating func key() -> String? {
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") { return quoted() }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: ":"), bytes[index] > 0x20 { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        /// `null`, `undefined` (read as null), `true`, `false` or a number.
        mutating func word() -> ConsoleValue? {
            let start = index
            while index < bytes.count, !",]}: \t\r\n".utf8.contains(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            switch text {
            case "null", "undefined": return .null
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return Double(text) != nil && text.first != "+" ? .number(text) : nil
            }
        }

        /// A Go-quoted string (`strconv.Quote`): `\"`, `\\`, `\n`-style, `\xNN`, `\uNNNN`, `\UNNNNNNNN`.
        mutating func quoted() -> String? {
            index += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll()
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escape = bytes[index]
                    index += 1
                    let simple: [UInt8: UInt8] = [
                        UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "a"): 0x07,
                        UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "v"): 0x0B, UInt8(ascii: "\\"): 0x5C,
                        UInt8(ascii: "\""): 0x22,
                    ]
                    if let byte = simple[escape] {
                        raw.append(byte)
                    } else if let width = [UInt8(ascii: "x"): 2, UInt8(ascii: "u"): 4, UInt8(ascii: "U"): 8][escape] {
                        guard index + width <= bytes.count,
                            let code = UInt32(String(decoding: bytes[index..<index + width], as: UTF8.self), radix: 16)
                        else { return nil }
                        index += width
                        if width == 2 {
                            raw.append(UInt8(code))
                        } else {
                            guard let scalar = Unicode.Scalar(code) else { return nil }
                            flush()
                            scalars.append(scalar)
                        }
                    } else {
                        return nil
                    }
                case 0x0A:
                    return nil
                default:
                    raw.append(byte)
                }
            }
            return nil
        }
    }
}
