/// The declaration of one call's option table: its keys, their types, defaults and docs.
///
/// Everything a script's options go through comes from here: ``OptionTable`` checks keys and
/// types against it and fills in its defaults, and ``LuaCATS`` and ``OptionDocs`` write the
/// `qube stubs` classes and the tables of `docs/lua-api.md` from it.
struct OptionSchema: Sendable {
    /// The call whose options these are, as errors name it (`addNode`).
    let call: String
    /// The LuaCATS class of the table (`qube.NodeOptions`).
    let luaClass: String
    /// The class's one-line doc comment, if any.
    let summary: String?
    /// Other spellings a table may use for a key, by the key they stand for.
    let aliases: [String: String]
    /// The keys, in the order the docs list them.
    let keys: [OptionKey]

    init(call: String, luaClass: String, summary: String? = nil, aliases: [String: String] = [:], _ keys: [OptionKey]) {
        self.call = call
        self.luaClass = luaClass
        self.summary = summary
        self.aliases = aliases
        self.keys = keys
    }

    /// The keys' names, in declaration order.
    var names: [String] { keys.map(\.name) }

    /// The names a table may hold: the keys' and their aliases, sorted.
    var accepted: [String] { names + aliases.keys.sorted() }

    /// The declaration of `name`; a binding asking for an undeclared key is a programming error.
    subscript(name: String) -> OptionKey {
        guard let key = keys.first(where: { $0.name == name }) else {
            preconditionFailure("\(call) declares no option '\(name)'")
        }
        return key
    }
}

/// One key of an option table.
struct OptionKey: Sendable {
    let name: String
    let type: OptionType
    /// The value an absent key takes, when the schema fixes one.
    let value: OptionValue?
    /// The default as the docs state it, when it is not a fixed value (`"the network's"`).
    let defaultText: String?
    let isRequired: Bool
    /// One line: what the key means.
    let doc: String

    /// A key that may be left out; `default` is the value it then takes.
    static func optional(_ name: String, _ type: OptionType, default value: OptionValue? = nil, _ doc: String) -> Self {
        OptionKey(name: name, type: type, value: value, defaultText: nil, isRequired: false, doc: doc)
    }

    /// A key that may be left out, whose default depends on other settings (`defaultText` says which).
    static func optional(_ name: String, _ type: OptionType, defaultText: String, _ doc: String) -> Self {
        OptionKey(name: name, type: type, value: nil, defaultText: defaultText, isRequired: false, doc: doc)
    }

    /// A key every table must hold.
    static func required(_ name: String, _ type: OptionType, _ doc: String) -> Self {
        OptionKey(name: name, type: type, value: nil, defaultText: nil, isRequired: true, doc: doc)
    }

    /// The default as the docs and stubs state it, or nil for none.
    var defaultDescription: String? {
        if let defaultText { return defaultText }
        return value?.description
    }
}

/// The type of an option's value.
indirect enum OptionType: Sendable {
    case string
    case integer
    case boolean
    /// Seconds as a number, or a string like `"90s"`, `"5m"`, `"1h"`.
    case duration
    case stringList
    case stringMap
    /// One of a fixed set of strings.
    case choice(Choices)
    /// A nested option table.
    case table(OptionSchema)
    /// A host object, by its LuaCATS class and the name the docs use.
    case object(luaClass: String, name: String)
    /// A value the binding reads itself, with its LuaCATS and docs spellings (`string|false`).
    case custom(luaCATS: String, docs: String)
}

/// The strings a choice option accepts, and hints for strings users mean by another name.
struct Choices: Sendable {
    let values: [String]
    /// The LuaCATS alias the stubs declare for the values, if any (`qube.Consensus`).
    let alias: String?
    /// Messages for values that are not among ``values`` but that users of other tools write
    /// (`"ibft"`), given instead of a "did you mean".
    let hints: [String: String]

    init(_ values: [String], alias: String? = nil, hints: [String: String] = [:]) {
        self.values = values
        self.alias = alias
        self.hints = hints
    }

    /// The choices of a `String` enum, in declaration order.
    init<Choice: RawRepresentable & CaseIterable>(_: Choice.Type, alias: String? = nil, hints: [String: String] = [:])
    where Choice.RawValue == String {
        self.init(Choice.allCases.map(\.rawValue), alias: alias, hints: hints)
    }
}

/// A default value.
enum OptionValue: Sendable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case seconds(Int)
    case stringList([String])

    /// The value as the docs and stubs show it: Lua syntax, a duration in its unit.
    var description: String {
        switch self {
        case .string(let text): "\"\(text)\""
        case .integer(let value): String(value)
        case .boolean(let value): String(value)
        case .seconds(let seconds):
            seconds % 3600 == 0 ? "\"\(seconds / 3600)h\"" : seconds % 60 == 0 ? "\"\(seconds / 60)m\"" : "\"\(seconds)s\""
        case .stringList(let list): "{ " + list.map { "\"\($0)\"" }.joined(separator: ", ") + " }"
        }
    }
}
