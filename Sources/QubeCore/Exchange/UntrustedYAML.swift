import Foundation
import Yams

/// Parses YAML that came from outside (another organisation's exchange file) into a node tree,
/// refusing everything a plain data file does not need before it can cost time or memory.
///
/// Refused: files over ``maximumSize``, bytes that are not UTF-8, more than one document,
/// anchors and aliases (so no alias expansion bombs), and tags other than the core types
/// (`!!python/object`).
/// Nesting is bounded by libyaml's own limit; callers check the shape they expect.
public enum UntrustedYAML {
    /// The largest file accepted: far above any exchange file, far below a memory problem.
    public static let maximumSize = 1 << 20

    /// Reads at most ``maximumSize`` bytes of `url`, refusing larger files before parsing anything.
    static func readFile(_ url: URL, displayPath: String) throws(InputFileError) -> Data {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw InputFileError(path: displayPath, "cannot read the file: \(Self.reason(error))")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumSize + 1) ?? Data()
        } catch {
            throw InputFileError(path: displayPath, "cannot read the file: \(Self.reason(error))")
        }
        guard data.count <= maximumSize else {
            throw InputFileError(path: displayPath, "the file is larger than \(maximumSize / 1024) KiB; refusing to parse it")
        }
        return data
    }

    /// Parses one YAML document from `data`, a file messages call `kind` ("an exchange file");
    /// nil when the document is empty.
    ///
    /// The returned nodes carry their source lines in `mark`; scalars keep their raw text,
    /// so `0x00ff` stays a string and never becomes a number.
    public static func parse(_ data: Data, displayPath: String, kind: String = "an exchange file") throws(InputFileError) -> Node? {
        guard data.count <= maximumSize else {
            throw InputFileError(path: displayPath, "the file is larger than \(maximumSize / 1024) KiB; refusing to parse it")
        }
        let text = try decodeUTF8(data, displayPath: displayPath)
        try rejectAnchors(in: text, displayPath: displayPath, kind: kind)
        do {
            let parser = try Parser(yaml: text, resolver: .basic)
            guard let root = try parser.nextRoot() else { return nil }
            if let second = try parser.nextRoot() {
                throw InputFileError(
                    path: displayPath, line: second.mark?.line, "the file holds more than one YAML document; expected exactly one")
            }
            try rejectTags(in: root, displayPath: displayPath, kind: kind)
            return root
        } catch let error as InputFileError {
            throw error
        } catch let error as YamlError {
            throw Self.inputError(error, displayPath: displayPath)
        } catch {
            throw InputFileError(path: displayPath, "not valid YAML")
        }
    }

    /// Decodes strict UTF-8, naming the line of the first invalid byte.
    static func decodeUTF8(_ data: Data, displayPath: String) throws(InputFileError) -> String {
        var decoder = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var line = 1
        while true {
            switch decoder.parseScalar(from: &bytes) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == 0x0A { line += 1 }
            case .emptyInput:
                return String(decoding: data, as: UTF8.self)
            case .error:
                throw InputFileError(path: displayPath, line: line, "the file is not valid UTF-8 text")
            }
        }
    }

    /// Refuses any `&` or `*` where YAML could read it as an anchor or alias: at the start of
    /// the file or after whitespace or an indicator. Conservative on purpose: it runs before the
    /// parser, because the parser would already expand aliases, and it errs toward refusing
    /// (a quoted value such as `"a &b"` is refused too, which no field of an exchange file needs).
    static func rejectAnchors(in text: String, displayPath: String, kind: String) throws(InputFileError) {
        var line = 1
        var previous: UInt8 = 0x0A
        for byte in text.utf8 {
            if byte == 0x26 || byte == 0x2A, Self.canPrecedeNode(previous) {
                throw InputFileError(
                    path: displayPath, line: line,
                    "YAML anchors and aliases ('&' and '*' before a value) are not allowed in \(kind)")
            }
            if byte == 0x0A { line += 1 }
            previous = byte
        }
    }

    /// Whether a node (and so its anchor or alias) may start right after `byte`.
    private static func canPrecedeNode(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, 0xBF /* end of a BOM */, UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
            UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "?"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// The tags a node may carry: none, or a YAML core type the resolver assigned (Yams resolves
    /// tags in place, so an implicit `str` and a written `!!str` look the same afterwards).
    private static let coreTags: Set<String> = Set(
        ["", "!"] + ["str", "null", "bool", "int", "float", "seq", "map", "timestamp", "merge", "value"].map { "tag:yaml.org,2002:\($0)" })

    /// Refuses tags outside the YAML core types anywhere in the tree (`!!python/object`, `!foo`).
    static func rejectTags(in node: Node, displayPath: String, kind: String) throws(InputFileError) {
        let tag: Tag
        switch node {
        case .scalar(let scalar): tag = scalar.tag
        case .sequence(let sequence): tag = sequence.tag
        case .mapping(let mapping): tag = mapping.tag
        case .alias(let alias): tag = alias.tag
        }
        guard coreTags.contains(tag.description) else {
            throw InputFileError(
                path: displayPath, line: node.mark?.line,
                "YAML tags (\(Names.quoted(tag.description))) are not allowed in \(kind)")
        }
        switch node {
        case .sequence(let sequence):
            for child in sequence { try rejectTags(in: child, displayPath: displayPath, kind: kind) }
        case .mapping(let mapping):
            for (key, value) in mapping {
                try rejectTags(in: key, displayPath: displayPath, kind: kind)
                try rejectTags(in: value, displayPath: displayPath, kind: kind)
            }
        case .scalar, .alias:
            break
        }
    }

    /// How a message names a node of an outside file: by its kind and size, never by its text,
    /// which may be a secret (a nodekey or password passed by mistake).
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "a text value of \(scalar.string.count) character\(scalar.string.count == 1 ? "" : "s")"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }

    /// Turns a Yams error into `path:line: problem`, from libyaml's fixed phrases and the
    /// position only: Yams' own descriptions quote the offending text, and so would a
    /// duplicate key's name.
    private static func inputError(_ error: YamlError, displayPath: String) -> InputFileError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text))" } ?? ""
            return InputFileError(path: displayPath, line: mark.line, "not valid YAML: \(problem)\(detail)")
        case .duplicatedKeysInMapping(_, let context):
            return InputFileError(path: displayPath, line: context.mark.line, "a mapping has the same key twice")
        case .reader(let problem, _, _, _):
            return InputFileError(path: displayPath, "not valid YAML text: \(problem)")
        default:
            return InputFileError(path: displayPath, "not valid YAML")
        }
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
