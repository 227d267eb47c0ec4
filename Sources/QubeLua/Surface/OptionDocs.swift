import Foundation

/// The Markdown tables of the option tables, for `docs/lua-api.md`.
enum OptionDocs {
    /// The table of `schema`'s keys: key, type, default, meaning.
    static func table(_ schema: OptionSchema) -> String {
        var lines = ["| key | type | default | meaning |", "|---|---|---|---|"]
        for key in schema.keys {
            let names = ([key.name] + schema.aliases.filter { $0.value == key.name }.map(\.key).sorted()).map { "`\($0)`" }
            let fallback = key.isRequired ? "required" : key.value.map { "`\($0)`" } ?? key.defaultText ?? "none"
            lines.append("| " + [names.joined(separator: ", "), type(key.type), fallback, key.doc].map(cell).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A type as the docs spell it.
    static func type(_ type: OptionType) -> String {
        switch type {
        case .string: "string"
        case .integer: "integer"
        case .boolean: "boolean"
        case .duration: "duration (`\"90s\"`, `\"5m\"`, `\"1h\"` or seconds)"
        case .stringList: "list of strings"
        case .stringMap: "table of strings"
        case .choice(let choices): choices.values.map { "`\"\($0)\"`" }.joined(separator: " ")
        case .table(let schema): "table (`\(schema.call)` below)"
        case .object(_, let name): name
        case .custom(_, let docs): docs
        }
    }

    /// `text` fit for a table cell.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
