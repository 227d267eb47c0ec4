import Yams

/// Builders for YAML nodes whose scalars read back exactly as built, whatever the text.
///
/// A string is written plain only when every YAML 1.1 and 1.2 reader (PyYAML, go-yaml as
/// kubectl uses it, Yams) reads it back as that same string; anything else (`"true"`, `"8545"`,
/// `"y"`, a leading `-`, `: `, `#`, `&`, `*`, `!`, `---`) is double-quoted, and text with line
/// breaks uses a literal block, which libyaml itself downgrades to double quotes when a block
/// could not carry the text exactly. Mapping keys keep the order given, so output is stable.
enum YAMLNode {
    /// A string scalar.
    static func string(_ text: String) -> Node {
        let style: Node.Scalar.Style
        if text.contains(where: \.isNewline) {
            style = .literal
        } else if isPlainSafe(text) {
            style = .plain
        } else {
            style = .doubleQuoted
        }
        return .scalar(Node.Scalar(text, tag(.str), style))
    }

    /// An integer scalar.
    static func int(_ value: Int) -> Node {
        .scalar(Node.Scalar(String(value), tag(.int), .plain))
    }

    /// A boolean scalar.
    static func bool(_ value: Bool) -> Node {
        .scalar(Node.Scalar(value ? "true" : "false", tag(.bool), .plain))
    }

    /// A mapping with keys in the given order; pairs whose value is nil are left out.
    static func mapping(_ pairs: KeyValuePairs<String, Node?>) -> Node {
        mapping(pairs.map { ($0.key, $0.value) })
    }

    /// A mapping with keys in the given order; pairs whose value is nil are left out.
    static func mapping(_ pairs: [(String, Node?)]) -> Node {
        .mapping(Node.Mapping(pairs.compactMap { key, value in value.map { (string(key), $0) } }, tag(.map)))
    }

    /// A mapping of strings with keys in code-point order.
    static func sortedMapping(_ dictionary: [String: String]) -> Node {
        mapping(dictionary.sorted { $0.key < $1.key }.map { ($0.key, string($0.value)) })
    }

    /// A sequence.
    static func sequence(_ items: [Node]) -> Node {
        .sequence(Node.Sequence(items, tag(.seq)))
    }

    /// A sequence of strings.
    static func strings(_ items: [String]) -> Node {
        sequence(items.map(string))
    }

    /// A mapping or nil when `dictionary` is empty, for optional maps such as annotations.
    static func nonEmpty(_ dictionary: [String: String]) -> Node? {
        dictionary.isEmpty ? nil : sortedMapping(dictionary)
    }

    /// Serialises documents, each opened by `---`, with unlimited line width and 2-space indent.
    static func documents(_ nodes: [Node]) throws -> String {
        try Yams.serialize(nodes: nodes, indent: 2, width: -1, allowUnicode: true, explicitStart: true)
    }

    /// Whether `text` reads back as this string when written plain, in every common YAML reader.
    ///
    /// Plain text here is letters, digits and `._/+=@-`, starting with a letter, digit or `/`:
    /// no indicator can start it or appear inside it. Of the implicit types, only booleans and
    /// null (words, YAML 1.1's `y`/`n` included) and numbers and dates (text that starts with a
    /// digit) remain possible; a word from that list is quoted, and so is text starting with a
    /// digit unless it also holds a character no number or date can contain (`5Gi` stays plain).
    static func isPlainSafe(_ text: String) -> Bool {
        func isAlphanumeric(_ c: UInt8) -> Bool { (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || (c >= 0x30 && c <= 0x39) }
        let bytes = Array(text.utf8)
        guard let first = bytes.first, isAlphanumeric(first) || first == UInt8(ascii: "/"),
            bytes.allSatisfy({ isAlphanumeric($0) || plainPunctuation.contains($0) }),
            !reservedWords.contains(text.lowercased())
        else { return false }
        return !(0x30...0x39).contains(first) || bytes.contains { !numberCharacters.contains($0) }
    }

    /// A tag with the one shared constructor: `Tag(_:)` alone builds a `Constructor.default`,
    /// three dictionaries, for every node, which was most of the cost of rendering.
    private static func tag(_ name: Tag.Name) -> Tag { Tag(name, .default, constructor) }

    /// Yams' default constructor. It is immutable (its maps are constants) but not marked
    /// Sendable, and it only serves decoding: the emitter never calls it.
    nonisolated(unsafe) private static let constructor = Constructor.default

    /// Punctuation that is never an indicator inside a plain scalar.
    private static let plainPunctuation = Set(".-_/+=@".utf8)
    /// Booleans and null of YAML 1.1 (PyYAML, go-yaml) and 1.2, compared lowercased.
    private static let reservedWords: Set = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"]
    /// Every character of YAML 1.1 and 1.2 integers (binary, octal, hex), floats and dates.
    private static let numberCharacters = Set("0123456789.+-_abcdefopxABCDEFOPX".utf8)
}
