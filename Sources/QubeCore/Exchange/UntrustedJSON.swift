import Foundation

/// Checks that JSON from outside (another organisation's genesis) is strict RFC 8259 JSON
/// before Foundation parses it, naming the line of the first problem.
///
/// Foundation's parser is lenient where geth's is not (trailing commas, a byte order mark), and
/// it keeps one of two duplicate keys silently, so two readers of the same file could disagree
/// on, say, the chain id. Refused: anything geth's `encoding/json` refuses, duplicate keys in an
/// object, unpaired UTF-16 surrogates in escapes, and nesting deeper than ``maximumDepth``.
/// The scan recurses only as deep as that limit, so no input can exhaust the stack.
public enum UntrustedJSON {
    /// The deepest nesting of objects and arrays accepted; a genesis needs a handful.
    public static let maximumDepth = 128

    /// Whether JSON decoding produced `true`/`false` (an NSNumber of Objective-C type `char`).
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// The byte a JSON string's two-character escape `\<escape>` stands for (`\n`, `\/`, ...), or
    /// nil when `escape` is `u` (four hex digits follow) or no escape at all.
    static func unescaped(_ escape: UInt8) -> UInt8? {
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): escape
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
    }

    /// Throws an ``InputFileError`` (`path:line: problem`) unless `data` is one strict JSON value.
    public static func check(_ data: Data, displayPath: String) throws(InputFileError) {
        var scanner = Scanner(bytes: Array(data), path: displayPath)
        try scanner.document()
    }

    private struct Scanner {
        let bytes: [UInt8]
        let path: String
        var index = 0
        var line = 1

        /// An open container.
        enum Container {
            case array
            case object
        }
        /// For each open object, innermost last, the keys seen so far. Kept apart from the
        /// container stack and mutated in place, so adding a key never copies the set
        /// (a copy per key made a wide object quadratic).
        var objectKeys: [Set<[UInt8]>] = []

        init(bytes: [UInt8], path: String) {
            self.bytes = bytes
            self.path = path
        }

        func fail(_ problem: String) -> InputFileError {
            InputFileError(path: path, line: line, "not valid JSON: \(problem)")
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        /// The byte at `index` for a message: punctuation as itself, anything else by its
        /// kind, so no message repeats the file's text (a key file passed by mistake).
        func describeCurrent() -> String {
            guard let byte = current else { return "the end of the file" }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return "a digit"
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return "a letter"
            case 0x21..<0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
            case 0x80...: return "a non-ASCII character"
            default: return String(format: "byte 0x%02X", byte)
            }
        }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if byte == 0x0A { line += 1 }
                index += 1
            }
        }

        mutating func expect(_ byte: UInt8) -> Bool {
            guard current == byte else { return false }
            index += 1
            return true
        }

        mutating func document() throws(InputFileError) {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw fail("the file starts with a byte order mark") }
            guard String(validating: bytes, as: UTF8.self) != nil else {
                let valid = String(decoding: bytes, as: UTF8.self).unicodeScalars.prefix { $0 != "\u{FFFD}" }
                line = 1 + valid.filter { $0 == "\n" }.count
                throw fail("the file is not UTF-8 text")
            }
            var stack: [Container] = []
            skipWhitespace()
            try value(&stack)
            while true {
                skipWhitespace()
                guard let top = stack.last else { break }
                let closing = top == .array ? UInt8(ascii: "]") : UInt8(ascii: "}")
                if expect(closing) {
                    stack.removeLast()
                    if top == .object { objectKeys.removeLast() }
                    continue
                }
                guard expect(UInt8(ascii: ",")) else {
                    throw fail("expected ',' or '\(Character(Unicode.Scalar(closing)))', found \(describeCurrent())")
                }
                skipWhitespace()
                if top == .object { try key() }
                try value(&stack)
            }
            guard index == bytes.count else { throw fail("unexpected \(describeCurrent()) after the value") }
        }

        /// One value; an opening bracket pushes its container (and reads the first key).
        mutating func value(_ stack: inout [Container]) throws(InputFileError) {
            skipWhitespace()
            guard let byte = current else { throw fail("expected a value, found the end of the file") }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < UntrustedJSON.maximumDepth else {
                    throw fail("nested deeper than \(UntrustedJSON.maximumDepth) levels")
                }
                index += 1
                skipWhitespace()
                if byte == UInt8(ascii: "[") {
                    if expect(UInt8(ascii: "]")) { return }
                    stack.append(.array)
                    try value(&stack)
                } else {
                    if expect(UInt8(ascii: "}")) { return }
                    objectKeys.append([])
                    stack.append(.object)
                    try key()
                    try value(&stack)
                }
            case UInt8(ascii: "\""):
                _ = try string()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try number()
            default:
                for literal in ["true", "false", "null"] where bytes[index...].starts(with: literal.utf8) {
                    index += literal.utf8.count
                    return
                }
                throw fail("expected a value, found \(describeCurrent())")
            }
        }

        /// `"key" :`, refusing a key the innermost open object already has.
        mutating func key() throws(InputFileError) {
            guard current == UInt8(ascii: "\"") else { throw fail("expected a key in double quotes, found \(describeCurrent())") }
            let name = try string()
            guard objectKeys[objectKeys.count - 1].insert(name).inserted else {
                throw fail("an object has the same key twice")
            }
            skipWhitespace()
            guard expect(UInt8(ascii: ":")) else { throw fail("expected ':' after a key, found \(describeCurrent())") }
        }

        /// A string, returned decoded as UTF-8 bytes.
        mutating func string() throws(InputFileError) -> [UInt8] {
            index += 1
            var decoded: [UInt8] = []
            while true {
                guard let byte = current else { throw fail("a string is not closed") }
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return decoded
                case 0x00..<0x20:
                    throw fail("a string holds a control character (byte 0x\(String(byte, radix: 16))); escape it")
                case UInt8(ascii: "\\"):
                    guard let escaped = current else { throw fail("a string is not closed") }
                    index += 1
                    if escaped == UInt8(ascii: "u") {
                        decoded += try unicodeEscape()
                    } else if let byte = UntrustedJSON.unescaped(escaped) {
                        decoded.append(byte)
                    } else {
                        throw fail("unknown escape '\\\(Character(Unicode.Scalar(escaped)))' in a string")
                    }
                default:
                    decoded.append(byte)
                }
            }
        }

        /// The scalar of `\uXXXX` (after the `u`), a surrogate pair taking a second escape.
        mutating func unicodeEscape() throws(InputFileError) -> [UInt8] {
            var unit = try hexQuad()
            if (0xD800..<0xDC00).contains(unit) {
                guard expect(UInt8(ascii: "\\")), expect(UInt8(ascii: "u")) else { throw fail("an unpaired UTF-16 surrogate in a \\u escape") }
                let low = try hexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw fail("an unpaired UTF-16 surrogate in a \\u escape") }
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(unit) {
                throw fail("an unpaired UTF-16 surrogate in a \\u escape")
            }
            return Array(String(Character(Unicode.Scalar(unit)!)).utf8)
        }

        mutating func hexQuad() throws(InputFileError) -> UInt32 {
            guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                bytes[index..<index + 4].allSatisfy(HostPort.isHexDigit)
            else { throw fail("a \\u escape needs four hex digits") }
            index += 4
            return value
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        mutating func number() throws(InputFileError) {
            func digits(_ scanner: inout Scanner) -> Int {
                let start = scanner.index
                while let byte = scanner.current, byte >= 0x30, byte <= 0x39 { scanner.index += 1 }
                return scanner.index - start
            }
            let start = index
            _ = expect(UInt8(ascii: "-"))
            if expect(UInt8(ascii: "0")) {
                if let byte = current, byte >= 0x30, byte <= 0x39 { throw fail("a number has a leading zero") }
            } else if digits(&self) == 0 {
                throw fail("expected digits, found \(describeCurrent())")
            }
            if expect(UInt8(ascii: ".")), digits(&self) == 0 { throw fail("a number has no digits after its '.'") }
            if expect(UInt8(ascii: "e")) || expect(UInt8(ascii: "E")) {
                if !expect(UInt8(ascii: "+")) { _ = expect(UInt8(ascii: "-")) }
                if digits(&self) == 0 { throw fail("a number has no digits in its exponent") }
            }
            // JSON parsers hold numbers as doubles: one beyond their range cannot be read at all.
            guard Double(String(decoding: bytes[start..<index], as: UTF8.self))?.isFinite == true else {
                throw InputFileError(path: path, line: line, "a number is out of range (larger in magnitude than about 1.8e308)")
            }
        }
    }
}
