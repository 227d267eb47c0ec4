/// The LuaCATS annotations of the option tables, for `qube stubs`.
enum LuaCATS {
    /// The aliases the classes use, then one `---@class` per schema of ``LuaSurface/all``.
    static func optionClasses() -> String {
        var aliases: [String] = []
        func collect(_ type: OptionType) {
            guard case .choice(let choices) = type, let alias = choices.alias else { return }
            let line = "---@alias \(alias) " + choices.values.map { "\"\($0)\"" }.joined(separator: "|")
            if !aliases.contains(line) { aliases.append(line) }
        }
        for schema in LuaSurface.all { schema.keys.forEach { collect($0.type) } }
        aliases.append("---@alias qube.Duration integer|string seconds, or a string like \"90s\", \"5m\", \"1h\"")
        return ([aliases.joined(separator: "\n")] + LuaSurface.all.map(luaClass)).joined(separator: "\n\n") + "\n"
    }

    /// The class of one option table.
    static func luaClass(_ schema: OptionSchema) -> String {
        var lines = schema.summary.map { ["---\($0)"] } ?? []
        if !schema.aliases.isEmpty {
            let spellings = schema.aliases.sorted { $0.key < $1.key }.map { "`\($0.key)` for `\($0.value)`" }
            lines.append("---Also accepted: " + spellings.joined(separator: ", ") + ".")
        }
        lines.append("---@class \(schema.luaClass)")
        for key in schema.keys {
            let annotation = "---@field \(key.name)\(key.isRequired ? "" : "?") \(type(key.type)) \(key.doc)"
            lines.append(annotation + (key.defaultDescription.map { " (default \($0))" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    /// A type as LuaCATS spells it.
    static func type(_ type: OptionType) -> String {
        switch type {
        case .string: "string"
        case .integer: "integer"
        case .boolean: "boolean"
        case .duration: "qube.Duration"
        case .stringList: "string[]"
        case .stringMap: "table<string, string>"
        case .choice(let choices): choices.alias ?? choices.values.map { "\"\($0)\"" }.joined(separator: "|")
        case .table(let schema): schema.luaClass
        case .object(let luaClass, _): luaClass
        case .custom(let luaCATS, _): luaCATS
        }
    }
}
