/// The files generated from the option schemas (``LuaSurface``): the option classes of
/// `stdlib/qube.d.lua` and the option tables of `docs/lua-api.md`.
///
/// Each file is hand-written around generated regions between marker lines; generating a file
/// replaces what lies between its markers and keeps the rest. A test fails when a committed file
/// differs from what its schema generates; ``regenerationCommand`` rewrites them.
public enum LuaSurfaceDocuments {
    /// The command that rewrites the committed files from the schemas.
    public static let regenerationCommand = "QUBE_UPDATE_DOCS=1 swift test --filter LuaSurfaceDocsTests"

    /// The path of the stubs template in the repository.
    public static let stubsPath = "stdlib/qube.d.lua"
    /// The path of the API reference in the repository.
    public static let referencePath = "docs/lua-api.md"

    /// The annotations `qube stubs` writes: `template` with its region of option classes
    /// (`-- generated: options` ... `-- end generated`) regenerated.
    public static func stubs(fromTemplate template: String) throws -> String {
        try regenerate(template, begin: "-- generated: ", end: "-- end generated") { name in
            name == "options" ? LuaCATS.optionClasses() : nil
        }
    }

    /// `docs/lua-api.md` with its option tables (`<!-- generated: addNode -->` ...
    /// `<!-- end generated -->`, named by call) regenerated.
    public static func reference(fromTemplate template: String) throws -> String {
        try regenerate(template, begin: "<!-- generated: ", end: "<!-- end generated -->") { name in
            let call = name.hasSuffix(" -->") ? String(name.dropLast(4)) : name
            return LuaSurface.all.first { $0.call == call }.map(OptionDocs.table)
        }
    }

    /// A template whose markers are broken, or name no generated text.
    public struct TemplateError: Error, CustomStringConvertible {
        public let description: String
    }

    /// `template` with the lines between each line starting `begin` and the next line starting
    /// `end` replaced by `generate(name)`, where `name` is the rest of the begin line.
    static func regenerate(_ template: String, begin: String, end: String, generate: (String) -> String?) throws -> String {
        var output: [Substring] = []
        var lines = template.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.popFirst() {
            output.append(line)
            guard line.hasPrefix(begin) else { continue }
            let name = String(line.dropFirst(begin.count))
            guard let text = generate(name) else { throw TemplateError(description: "no generated text is named '\(name)'") }
            guard let close = lines.firstIndex(where: { $0.hasPrefix(end) }) else {
                throw TemplateError(description: "'\(line)' has no '\(end)' line after it")
            }
            output.append(contentsOf: text.split(separator: "\n", omittingEmptySubsequences: false).dropLast())
            lines = lines[close...]
        }
        return output.joined(separator: "\n")
    }
}
