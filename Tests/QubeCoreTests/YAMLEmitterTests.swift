import Foundation
import Testing
import Yams

@testable import QubeCore

/// qube's YAML emitter writes what libyaml (through Yams) writes, and what it writes reads back.
@Suite struct YAMLEmitterTests {
    /// Characters that exercise every style decision: indicators, spaces and breaks in every
    /// position, escapes, multi-byte text, the BOM and characters beyond U+FFFF.
    static let alphabet: [String] = [
        "a", "Z", "0", "7", "-", ".", "_", "/", "+", "=", "@", ":", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "`", "?",
        ",", "[", "]", "{", "}", "\\", "$", "~", " ", " ", "\n", "\n", "\t", "\r", "\r\n", "\u{0}", "\u{7}", "\u{1B}", "\u{7F}",
        "\u{85}", "\u{A0}", "é", "中", "\u{FEFF}", "\u{FFFE}", "🚀", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}", "true", "y", "8545",
        "---", "...", "- ", ": ",
    ]

    @Test func randomDocumentsMatchLibyaml() throws {
        // libyaml writes U+2028 and U+2029 raw in literal blocks, where qube double-quotes them.
        let alphabet = Self.alphabet.filter { $0 != "\u{2028}" && $0 != "\u{2029}" }
        var random = SeededRandom(seed: 0x5EED)
        for _ in 0..<400 {
            let documents = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                Self.randomNode(depth: 0, alphabet: alphabet, using: &random)
            }
            let libyaml = try Yams.serialize(
                nodes: documents.map(Self.yamsNode), indent: 2, width: -1, allowUnicode: true, explicitStart: true)
            #expect(YAMLNode.documents(documents) == libyaml)
        }
    }

    @Test func randomDocumentsReadBack() throws {
        var random = SeededRandom(seed: 0xBAC4)
        for _ in 0..<400 {
            let documents = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                Self.randomNode(depth: 0, alphabet: Self.alphabet, using: &random)
            }
            let yaml = YAMLNode.documents(documents)
            let parsed = Array(try Yams.compose_all(yaml: yaml))
            #expect(parsed.count == documents.count, "\(yaml)")
            for (node, read) in zip(documents, parsed) {
                let difference = Self.difference(node, read)
                #expect(difference == nil, "\(difference ?? "")\n\(yaml)")
            }
        }
    }

    /// Quoted strings are libyaml's double-quoted scalars, and a single document may go without
    /// `---` as libyaml's implicit start: the exchange files' layout.
    @Test func quotedStringsInImplicitDocumentsMatchLibyaml() throws {
        let alphabet = Self.alphabet.filter { $0 != "\u{2028}" && $0 != "\u{2029}" }
        var random = SeededRandom(seed: 0x0D0C)
        for _ in 0..<400 {
            let pairs = (0..<Int.random(in: 1...3, using: &random)).map { index in
                ("k\(index)", Optional(YAMLNode.quoted(Self.randomText(alphabet: alphabet, using: &random))))
            }
            let node = YAMLNode.mapping([("list", Optional(YAMLNode.sequence([YAMLNode.mapping(pairs)])))])
            let libyaml = try Yams.serialize(node: Self.yamsNode(node), indent: 2, width: -1, allowUnicode: true)
            let yaml = YAMLNode.document(node)
            #expect(yaml == libyaml)
            let read = try Yams.compose(yaml: yaml)
            let difference = Self.difference(node, read)
            #expect(difference == nil, "\(difference ?? "")\n\(yaml)")
        }
        #expect(YAMLNode.document(YAMLNode.mapping(["external_nodes": YAMLNode.sequence([])])) == "external_nodes: []\n")
    }

    /// Floats always carry a fraction, so YAML 1.1 readers (which need a `.`) read a float too.
    @Test func floatsReadAsFloatsInYAML11AndYAML12() throws {
        let cases: [(Double, String)] = [(2, "2.0"), (1.5, "1.5"), (-0.25, "-0.25"), (1e-05, "1.0e-05"), (1e+20, "1.0e+20"), (1.5e+300, "1.5e+300")]
        for (value, text) in cases {
            #expect(YAMLNode.document(YAMLNode.mapping(["x": YAMLNode.float(value)])) == "x: \(text)\n")
            #expect(try Yams.load(yaml: "x: \(text)\n") as? [String: Double] == ["x": value])
            #expect(text.wholeMatch(of: /[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?/) != nil, "\(text) is not a YAML 1.1 float")
        }
    }

    @Test func lineAndParagraphSeparatorsAreDoubleQuoted() {
        let yaml = YAMLNode.documents([YAMLNode.mapping(["a": YAMLNode.string("one\u{2028}two\nthree"), "b": YAMLNode.string("x\u{2029}\n")])])
        #expect(yaml == "---\na: \"one\\Ltwo\\nthree\"\nb: \"x\\P\\n\"\n")
    }

    @Test func layoutOfNestedCollections() {
        let node = YAMLNode.mapping([
            "list": YAMLNode.sequence([
                YAMLNode.mapping(["name": YAMLNode.string("a"), "port": YAMLNode.int(80)]),
                YAMLNode.sequence([YAMLNode.string("x"), YAMLNode.bool(true)]),
            ]),
            "empty": YAMLNode.mapping([(String, YAMLNode?)]()),
            "none": YAMLNode.sequence([]),
            "script": YAMLNode.string("  indented\nline\n\n"),
            String(repeating: "k", count: 129): YAMLNode.string("long key"),
        ])
        #expect(
            YAMLNode.documents([node]) == """
                ---
                list:
                - name: a
                  port: 80
                - - x
                  - true
                empty: {}
                none: []
                script: |2+
                    indented
                  line

                ? \(String(repeating: "k", count: 129))
                : "long key"
                ...

                """)
    }

    // MARK: Random documents

    private static func randomNode(depth: Int, alphabet: [String], using random: inout SeededRandom) -> YAMLNode {
        switch Int.random(in: 0..<(depth >= 3 ? 2 : 5), using: &random) {
        case 0: return YAMLNode.string(randomText(alphabet: alphabet, using: &random))
        case 1: return Bool.random(using: &random) ? YAMLNode.int(Int.random(in: -99...99_999, using: &random)) : YAMLNode.bool(Bool.random(using: &random))
        case 2, 3:
            var keys: [String] = []
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                let key = randomText(alphabet: alphabet, using: &random)
                if !keys.contains(key) { keys.append(key) }
            }
            return YAMLNode.mapping(keys.map { ($0, Optional(randomNode(depth: depth + 1, alphabet: alphabet, using: &random))) })
        default:
            return YAMLNode.sequence((0..<Int.random(in: 0...4, using: &random)).map { _ in randomNode(depth: depth + 1, alphabet: alphabet, using: &random) })
        }
    }

    private static func randomText(alphabet: [String], using random: inout SeededRandom) -> String {
        if Int.random(in: 0..<4, using: &random) == 0 { return String(repeating: "k", count: Int.random(in: 120...140, using: &random)) }
        return (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
    }

    /// The node as qube built it for Yams before it had its own emitter.
    private static func yamsNode(_ node: YAMLNode) -> Node {
        switch node.content {
        case .string(let text):
            let style: Node.Scalar.Style =
                text.contains(where: \.isNewline) ? .literal : YAMLNode.isPlainSafe(text) ? .plain : .doubleQuoted
            return .scalar(Node.Scalar(text, Tag(.str), style))
        case .quotedString(let text):
            return .scalar(Node.Scalar(text, Tag(.str), .doubleQuoted))
        case .token(let text):
            return .scalar(Node.Scalar(text, Tag(.int), .plain))
        case .mapping(let pairs):
            return .mapping(Node.Mapping(pairs.map { (yamsNode(.string($0.key)), yamsNode($0.value)) }, Tag(.map)))
        case .sequence(let items):
            return .sequence(Node.Sequence(items.map(yamsNode), Tag(.seq)))
        }
    }

    /// Where `read` differs from `node` (same strings, same tokens, same keys in the same order), or nil.
    private static func difference(_ node: YAMLNode, _ read: Node?, at path: String = "") -> String? {
        switch (node.content, read) {
        case (.string(let text), .scalar(let scalar)?):
            let typed = scalar.style != .plain || YAMLNode.isPlainSafe(text)
            // Yams' reader drops a U+FEFF that opens a scalar, even an escaped one; PyYAML keeps it.
            let expected = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
            return scalar.string == expected && typed ? nil : "\(path): \(text.debugDescription) read as \(scalar.string.debugDescription)"
        case (.quotedString(let text), .scalar(let scalar)?):
            let expected = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
            return scalar.string == expected && scalar.style == .doubleQuoted ? nil : "\(path): quoted \(text.debugDescription) read as \(scalar)"
        case (.token(let text), .scalar(let scalar)?):
            return scalar.string == text && scalar.style == .plain ? nil : "\(path): token \(text) read as \(scalar)"
        case (.mapping(let pairs), .mapping(let mapping)?):
            guard pairs.count == mapping.count else { return "\(path): \(pairs.count) pairs read as \(mapping.count)" }
            for (index, (pair, read)) in zip(pairs, mapping).enumerated() {
                if let key = difference(.string(pair.key), read.key, at: "\(path)/key\(index)") { return key }
                if let value = difference(pair.value, read.value, at: "\(path)/\(pair.key.debugDescription)") { return value }
            }
            return nil
        case (.sequence(let items), .sequence(let sequence)?):
            guard items.count == sequence.count else { return "\(path): \(items.count) items read as \(sequence.count)" }
            return zip(items, sequence).enumerated().lazy.compactMap { difference($1.0, $1.1, at: "\(path)/\($0)") }.first
        default:
            return "\(path): \(node) read as \(String(describing: read))"
        }
    }
}

/// SplitMix64: a generator whose sequence a seed fixes, so a failing case can be replayed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
