/// Writes ``YAMLNode`` documents as block-style YAML, byte for byte as libyaml would.
///
/// Manifests used to go through Yams (libyaml) with 2-space indent, unlimited width, Unicode
/// allowed and an explicit `---` per document; at 1000 nodes that was half of render's time.
/// This emitter follows libyaml's emitter for exactly that configuration, so the output is the
/// same bytes (the tests compare the two on random documents), with one deliberate difference:
/// libyaml writes a string holding U+2028 or U+2029 as a literal block, where YAML 1.1 readers
/// take those characters for line breaks; here such a string is double-quoted (`\L`, `\P`).
///
/// The state mirrors libyaml's: the current `column`, the current `indent` (-1 outside any
/// node), whether the last thing written was `whitespace`, and whether the line so far is only
/// `indention`. Line breaks, indentation and the space before an indicator all follow from it.
struct YAMLEmitter {
    private var output: [UInt8] = []
    /// Whether bytes were taken out of `output` (``takeBytes()``).
    private var tookBytes = false
    private var column = 0
    private var indent = -1
    private var indents: [Int] = []
    private var whitespace = true
    private var indention = true
    /// 2 after a literal block that keeps its trailing line breaks (`|+`): a stream ending there
    /// needs `...`, or a reader could not tell where the block ends.
    private var openEnded = 0

    /// The indent libyaml uses.
    private static let bestIndent = 2
    /// Keys longer than this (in bytes) are written as explicit `? key` entries, as libyaml does.
    private static let maximumSimpleKeyLength = 128

    /// Appends one document, opened by `---` unless `explicitStart` is false (libyaml's implicit
    /// start, allowed for the first document of a stream only).
    mutating func emitDocument(_ node: YAMLNode, explicitStart: Bool = true) {
        precondition(explicitStart || (output.isEmpty && !tookBytes), "only the first document may start implicitly")
        if explicitStart {
            writeIndent()
            writeIndicator("---", needsWhitespace: true, isWhitespace: false, isIndention: false)
        }
        openEnded = 0
        emit(node, inMapping: false)
        writeIndent()
        if openEnded == 0 { openEnded = 1 }
    }

    /// Ends the stream and returns its text.
    mutating func finish() -> String {
        String(decoding: finishBytes(), as: UTF8.self)
    }

    /// How many bytes ``takeBytes()`` would take now.
    var pendingByteCount: Int { output.count }

    /// The bytes emitted since the stream began or since the last call, taken out of the
    /// emitter so a long stream can be written as it goes; emitting goes on where it was.
    mutating func takeBytes() -> [UInt8] {
        tookBytes = true
        defer { output = [] }
        return output
    }

    /// Ends the stream and returns its UTF-8 bytes (those not taken), for a file: no `String` copy to validate.
    mutating func finishBytes() -> [UInt8] {
        if openEnded == 2 {
            writeIndicator("...", needsWhitespace: true, isWhitespace: false, isIndention: false)
            openEnded = 0
            writeIndent()
        }
        return output
    }

    // MARK: Nodes

    private mutating func emit(_ node: YAMLNode, inMapping: Bool) {
        switch node.content {
        case .string(let text):
            emitScalar(text, style: .safest)
        case .quotedString(let text):
            emitScalar(text, style: .doubleQuoted)
        case .token(let text):
            emitScalar(text, style: .plain)
        case .mapping(let pairs) where pairs.isEmpty:
            emitEmptyCollection(open: "{", close: "}")
        case .mapping(let pairs):
            emitBlockMapping(pairs)
        case .sequence(let items) where items.isEmpty:
            emitEmptyCollection(open: "[", close: "]")
        case .sequence(let items):
            increaseIndent(flow: false, indentless: inMapping && !indention)
            for item in items {
                writeIndent()
                writeIndicator("-", needsWhitespace: true, isWhitespace: false, isIndention: true)
                emit(item, inMapping: false)
            }
            indent = indents.removeLast()
        }
    }

    private mutating func emitBlockMapping(_ pairs: [(key: String, value: YAMLNode)]) {
        increaseIndent(flow: false, indentless: false)
        for (key, value) in pairs {
            writeIndent()
            if Self.isSimpleKey(key) {
                emitScalar(key, style: .safest)
                writeIndicator(":", needsWhitespace: false, isWhitespace: false, isIndention: false)
            } else {
                writeIndicator("?", needsWhitespace: true, isWhitespace: false, isIndention: true)
                emitScalar(key, style: .safest)
                writeIndent()
                writeIndicator(":", needsWhitespace: true, isWhitespace: false, isIndention: true)
            }
            emit(value, inMapping: true)
        }
        indent = indents.removeLast()
    }

    /// `{}` or `[]`: libyaml writes empty collections in flow style.
    private mutating func emitEmptyCollection(open: String, close: String) {
        writeIndicator(open, needsWhitespace: true, isWhitespace: true, isIndention: false)
        increaseIndent(flow: true, indentless: false)
        indent = indents.removeLast()
        writeIndicator(close, needsWhitespace: false, isWhitespace: false, isIndention: false)
    }

    /// How a scalar may be written.
    private enum ScalarStyle {
        /// Plain: a token whose type readers are meant to see.
        case plain
        /// Plain when it may be, as a literal block when it spans lines and a block carries it
        /// exactly, double-quoted otherwise.
        case safest
        /// Double-quoted always.
        case doubleQuoted
    }

    /// Writes a scalar in `style`. A simple key never has a line feed, so it is never a block.
    private mutating func emitScalar(_ text: String, style: ScalarStyle) {
        var text = text
        text.withUTF8 { bytes in
            increaseIndent(flow: true, indentless: false)
            if style == .doubleQuoted {
                writeDoubleQuoted(bytes)
            } else if style == .plain || YAMLNode.isPlainSafe(bytes) {
                writePlain(bytes)
            } else if Self.fitsLiteralBlock(bytes) {
                writeLiteral(bytes)
            } else {
                writeDoubleQuoted(bytes)
            }
            indent = indents.removeLast()
        }
    }

    /// Whether libyaml would write `key` as a simple `key:`: at most 128 bytes, one line.
    private static func isSimpleKey(_ key: String) -> Bool {
        var key = key
        // A continuation byte (0x80–0xBF) never starts a break, so every index can be tried.
        return key.withUTF8 { bytes in
            bytes.count <= maximumSimpleKeyLength && !bytes.indices.contains { isBreak(at: $0, in: bytes) }
        }
    }

    /// Whether a literal block carries `bytes` exactly: it has a line feed, every character is
    /// printable (so no tab, CR, NEL or BOM), no line ends in a space, and its only line breaks
    /// are line feeds.
    private static func fitsLiteralBlock(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var hasLineFeed = false
        var index = 0
        while index < bytes.count {
            let width = Self.width(ofSequenceAt: index, in: bytes)
            if !isPrintable(at: index, in: bytes) || isBreak(at: index, in: bytes) && bytes[index] != 0x0A { return false }
            if bytes[index] == 0x20 && (index + 1 == bytes.count || bytes[index + 1] == 0x0A) { return false }
            hasLineFeed = hasLineFeed || bytes[index] == 0x0A
            index += width
        }
        return hasLineFeed
    }

    // MARK: Scalars

    private mutating func writePlain(_ bytes: UnsafeBufferPointer<UInt8>) {
        if !whitespace && !bytes.isEmpty { put(0x20) }
        output.append(contentsOf: bytes)
        column += bytes.count
        whitespace = false
        indention = false
    }

    private mutating func writeDoubleQuoted(_ bytes: UnsafeBufferPointer<UInt8>) {
        writeIndicator("\"", needsWhitespace: true, isWhitespace: false, isIndention: false)
        var index = 0
        while index < bytes.count {
            let width = Self.width(ofSequenceAt: index, in: bytes)
            let byte = bytes[index]
            if !Self.isPrintable(at: index, in: bytes) || Self.isBreak(at: index, in: bytes) || byte == 0x22 || byte == 0x5C {
                writeEscape(Self.scalarValue(at: index, width: width, in: bytes))
            } else {
                output.append(contentsOf: bytes[index..<index + width])
                column += 1
            }
            index += width
        }
        writeIndicator("\"", needsWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private mutating func writeEscape(_ value: UInt32) {
        put(UInt8(ascii: "\\"))
        let short: Character? =
            switch value {
            case 0x00: "0"
            case 0x07: "a"
            case 0x08: "b"
            case 0x09: "t"
            case 0x0A: "n"
            case 0x0B: "v"
            case 0x0C: "f"
            case 0x0D: "r"
            case 0x1B: "e"
            case 0x22: "\""
            case 0x5C: "\\"
            case 0x85: "N"
            case 0xA0: "_"
            case 0x2028: "L"
            case 0x2029: "P"
            default: nil
            }
        if let short {
            put(short.asciiValue!)
            return
        }
        let (letter, digits): (UInt8, Int) = value <= 0xFF ? (UInt8(ascii: "x"), 2) : value <= 0xFFFF ? (UInt8(ascii: "u"), 4) : (UInt8(ascii: "U"), 8)
        put(letter)
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            let digit = UInt8((value >> UInt32(shift)) & 0x0F)
            put(digit < 10 ? 0x30 + digit : 0x41 + digit - 10)
        }
    }

    private mutating func writeLiteral(_ bytes: UnsafeBufferPointer<UInt8>) {
        writeIndicator("|", needsWhitespace: true, isWhitespace: false, isIndention: false)
        if bytes[0] == 0x20 || bytes[0] == 0x0A {
            writeIndicator(String(Self.bestIndent), needsWhitespace: false, isWhitespace: false, isIndention: false)
        }
        openEnded = 0
        if bytes[bytes.count - 1] != 0x0A {
            writeIndicator("-", needsWhitespace: false, isWhitespace: false, isIndention: false)
        } else if bytes.count == 1 || bytes[bytes.count - 2] == 0x0A {
            writeIndicator("+", needsWhitespace: false, isWhitespace: false, isIndention: false)
            openEnded = 2
        }
        putLineBreak()
        indention = true
        whitespace = true
        var afterBreak = true
        for byte in bytes {
            if byte == 0x0A {
                putLineBreak()
                indention = true
                afterBreak = true
            } else {
                if afterBreak { writeIndent() }
                output.append(byte)
                if byte & 0xC0 != 0x80 { column += 1 }
                indention = false
                afterBreak = false
            }
        }
    }

    // MARK: Layout

    private mutating func increaseIndent(flow: Bool, indentless: Bool) {
        indents.append(indent)
        if indent < 0 {
            indent = flow ? Self.bestIndent : 0
        } else if !indentless {
            indent += Self.bestIndent
        }
    }

    private mutating func writeIndent() {
        let indent = max(indent, 0)
        if !indention || column > indent || (column == indent && !whitespace) {
            putLineBreak()
        }
        while column < indent { put(0x20) }
        whitespace = true
        indention = true
    }

    private mutating func writeIndicator(_ indicator: String, needsWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
        if needsWhitespace && !whitespace { put(0x20) }
        output.append(contentsOf: indicator.utf8)
        column += indicator.utf8.count
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    private mutating func put(_ byte: UInt8) {
        output.append(byte)
        column += 1
    }

    private mutating func putLineBreak() {
        output.append(0x0A)
        column = 0
    }

    // MARK: Characters, as libyaml classifies them on UTF-8

    /// The length of the UTF-8 sequence starting at `index`.
    private static func width(ofSequenceAt index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let lead = bytes[index]
        return lead & 0x80 == 0 ? 1 : lead & 0xE0 == 0xC0 ? 2 : lead & 0xF0 == 0xE0 ? 3 : 4
    }

    /// The code point of the sequence at `index`.
    private static func scalarValue(at index: Int, width: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let lead = UInt32(bytes[index])
        var value = width == 1 ? lead : width == 2 ? lead & 0x1F : width == 3 ? lead & 0x0F : lead & 0x07
        for offset in 1..<width {
            value = value << 6 + UInt32(bytes[index + offset] & 0x3F)
        }
        return value
    }

    /// libyaml's printable set: LF, 0x20–0x7E, U+00A0–U+D7FF and U+E000–U+FFFD except the BOM.
    /// Tab, CR, NEL and everything beyond U+FFFF are not printable and get escaped.
    private static func isPrintable(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let lead = bytes[index]
        switch lead {
        case 0x0A, 0x20...0x7E: return true
        case 0xC2: return bytes[index + 1] >= 0xA0
        case 0xC3..<0xED: return true
        case 0xED: return bytes[index + 1] < 0xA0
        case 0xEE: return true
        case 0xEF:
            let (second, third) = (bytes[index + 1], bytes[index + 2])
            return !(second == 0xBB && third == 0xBF) && !(second == 0xBF && (third == 0xBE || third == 0xBF))
        default: return false
        }
    }

    /// libyaml's line breaks: CR, LF, NEL, U+2028 and U+2029.
    private static func isBreak(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch bytes[index] {
        case 0x0A, 0x0D: true
        case 0xC2: bytes[index + 1] == 0x85
        case 0xE2: bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
        default: false
        }
    }
}
