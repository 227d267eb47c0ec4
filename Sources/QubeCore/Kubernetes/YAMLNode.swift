/// A YAML value as qube writes it: strings, plain tokens, and mappings and sequences of them.
///
/// Strings read back exactly as built, whatever the text: ``YAMLEmitter`` writes a string plain
/// only when ``isPlainSafe(_:)`` says every reader agrees it is that string, as a literal block
/// when it spans lines and a block can carry it exactly, and double-quoted otherwise. Mapping keys
/// keep the order given, so the same values always give the same bytes.
///
/// Everything qube writes as YAML goes through it: manifests, the deploy inventory, exchange
/// files and `qube.yaml(value)`.
public struct YAMLNode: Sendable {
    /// What the node holds.
    enum Content {
        /// Text that must read back as this string.
        case string(String)
        /// Text always written double-quoted, for formats whose readers expect it so.
        case quotedString(String)
        /// An integer or boolean, written plain so readers take it as that type.
        case token(String)
        /// Key-value pairs in writing order.
        case mapping([(key: String, value: YAMLNode)])
        /// Items in order.
        case sequence([YAMLNode])
    }

    /// What the node holds.
    let content: Content

    /// A string scalar.
    public static func string(_ text: String) -> YAMLNode {
        YAMLNode(content: .string(text))
    }

    /// A string scalar written double-quoted whatever the text, so no reader can take it for
    /// a number, a boolean or null even by rules of its own (qctl's exchange files).
    public static func quoted(_ text: String) -> YAMLNode {
        YAMLNode(content: .quotedString(text))
    }

    /// An integer scalar.
    public static func int(_ value: Int) -> YAMLNode {
        YAMLNode(content: .token(String(value)))
    }

    /// A boolean scalar.
    public static func bool(_ value: Bool) -> YAMLNode {
        YAMLNode(content: .token(value ? "true" : "false"))
    }

    /// A finite floating-point scalar, always with a fraction (`2.0`, `1.0e-05`) so YAML 1.1
    /// readers, whose floats need a `.`, take it for a float too.
    public static func float(_ value: Double) -> YAMLNode {
        precondition(value.isFinite, "YAML floats qube writes are finite")
        var text = value.description
        if !text.contains("."), let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" }) { text.insert(contentsOf: ".0", at: exponent) }
        return YAMLNode(content: .token(text))
    }

    /// The null scalar.
    public static let null = YAMLNode(content: .token("null"))

    /// A mapping with keys in the given order; pairs whose value is nil are left out.
    public static func mapping(_ pairs: KeyValuePairs<String, YAMLNode?>) -> YAMLNode {
        YAMLNode(content: .mapping(pairs.compactMap { key, value in value.map { (key, $0) } }))
    }

    /// A mapping with keys in the given order; pairs whose value is nil are left out.
    public static func mapping(_ pairs: [(String, YAMLNode?)]) -> YAMLNode {
        YAMLNode(content: .mapping(pairs.compactMap { key, value in value.map { (key, $0) } }))
    }

    /// A mapping of strings with keys in code-point order.
    static func sortedMapping(_ dictionary: [String: String]) -> YAMLNode {
        YAMLNode(content: .mapping(dictionary.sorted { $0.key < $1.key }.map { ($0.key, string($0.value)) }))
    }

    /// A sequence.
    public static func sequence(_ items: [YAMLNode]) -> YAMLNode {
        YAMLNode(content: .sequence(items))
    }

    /// A sequence of strings.
    static func strings(_ items: [String]) -> YAMLNode {
        sequence(items.map(string))
    }

    /// A mapping or nil when `dictionary` is empty, for optional maps such as annotations.
    static func nonEmpty(_ dictionary: [String: String]) -> YAMLNode? {
        dictionary.isEmpty ? nil : sortedMapping(dictionary)
    }

    /// Serialises documents, each opened by `---`, with unlimited line width and 2-space indent.
    public static func documents(_ nodes: [YAMLNode]) -> String {
        String(decoding: documentBytes(nodes), as: UTF8.self)
    }

    /// ``documents(_:)`` as UTF-8 bytes, for a file.
    static func documentBytes(_ nodes: [YAMLNode]) -> [UInt8] {
        var emitter = YAMLEmitter()
        for node in nodes {
            emitter.emitDocument(node)
        }
        return emitter.finishBytes()
    }

    /// Serialises one document without `---`, for files that hold a single document.
    public static func document(_ node: YAMLNode) -> String {
        var emitter = YAMLEmitter()
        emitter.emitDocument(node, explicitStart: false)
        return emitter.finish()
    }

    /// Whether `text` reads back as this string when written plain, in every common YAML reader.
    ///
    /// Plain text here is letters, digits and `._/+=@-`, starting with a letter, digit or `/`:
    /// no indicator can start it or appear inside it. Of the implicit types, only booleans and
    /// null (words, YAML 1.1's `y`/`n` included) and numbers and dates (text that starts with a
    /// digit) remain possible; a word from that list is quoted, and so is text starting with a
    /// digit unless it also holds a character no number or date can contain (`5Gi` stays plain).
    static func isPlainSafe(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(isPlainSafe)
    }

    /// ``isPlainSafe(_:)`` on the UTF-8 bytes of the text.
    static func isPlainSafe(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, isAlphanumeric(first) || first == UInt8(ascii: "/"),
            bytes.allSatisfy({ isAlphanumeric($0) || isPlainPunctuation($0) })
        else { return false }
        if bytes.count <= longestReservedWord, reservedWords.contains(String(decoding: bytes, as: UTF8.self).lowercased()) { return false }
        return !(0x30...0x39).contains(first) || bytes.contains { !numberCharacters.contains($0) }
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || (c >= 0x30 && c <= 0x39)
    }

    /// Punctuation that is never an indicator inside a plain scalar: `.-_/+=@`.
    private static func isPlainPunctuation(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: "+"), UInt8(ascii: "="),
            UInt8(ascii: "@"):
            true
        default: false
        }
    }

    /// Booleans and null of YAML 1.1 (PyYAML, go-yaml) and 1.2, compared lowercased.
    private static let reservedWords: Set = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"]
    /// Longer text cannot be a reserved word, so it is not lowercased to be compared.
    private static let longestReservedWord = reservedWords.map(\.utf8.count).max()!
    /// Every character of YAML 1.1 and 1.2 integers (binary, octal, hex), floats and dates.
    private static let numberCharacters = Set("0123456789.+-_abcdefopxABCDEFOPX".utf8)
}
