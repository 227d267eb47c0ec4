import LuaRuntime
import QubeCore

/// A table of named options passed to a host call, read through the call's ``OptionSchema``.
///
/// Every problem is an error that names the call and the key: `addNode: unknown key 'gethparams'
/// (did you mean 'gethParams'?)`, `network: chainId: expected an integer, got string`. An absent
/// key reads as the schema's default.
struct OptionTable {
    /// The call's name, as errors show it.
    let call: String
    private let schema: OptionSchema
    private let table: LuaTable

    /// Checks that every key of `table` is a string `schema` accepts; errors name `call`
    /// (the schema's own by default).
    init(_ table: LuaTable, _ schema: OptionSchema, call: String? = nil) throws {
        let call = call ?? schema.call
        self.call = call
        self.schema = schema
        self.table = table
        let keys = schema.accepted
        for key in table.entries.keys {
            guard case .string(let text) = key else {
                throw LuaHostError("\(call): option keys must be names, got a \(key.typeName) key")
            }
            let name = text.description
            if !keys.contains(name) {
                throw LuaHostError("\(call): unknown key \(Names.quoted(name))\(Suggestion.hint(for: name, in: keys))")
            }
        }
    }

    /// The value of an option the schema gives a default, read by `read` (one of the accessors).
    func resolved<Value>(_ key: String, _ read: (String) throws -> Value?) throws -> Value {
        guard let value = try read(key) else { preconditionFailure("\(schema.call) declares no default for '\(key)'") }
        return value
    }

    /// The schema's default of `key`, when the table leaves it out.
    private func fallback(_ key: String) -> OptionValue? {
        guard schema.aliases[key] == nil else { return nil }
        return schema[key].value
    }

    /// An error about the option `key`.
    func error(_ key: String, _ message: String) -> LuaHostError {
        LuaHostError("\(call): \(key): \(message)")
    }

    /// The raw value of `key`; `.nil` when absent.
    func value(_ key: String) -> LuaValue { table[key] }

    /// A string option; its default or nil when absent. Strings must be UTF-8 without NUL bytes.
    func string(_ key: String) throws -> String? {
        switch table[key] {
        case .nil:
            guard case .string(let text)? = fallback(key) else { return nil }
            return text
        case .string(let text): return try checkedText(text, key)
        case let other: throw error(key, "expected a string, got \(other.typeName)")
        }
    }

    /// A required string option.
    func requiredString(_ key: String) throws -> String {
        guard let value = try string(key) else { throw error(key, "is required") }
        return value
    }

    /// An integer option (a float with an integral value is accepted); its default or nil when absent.
    func integer(_ key: String) throws -> Int? {
        switch table[key] {
        case .nil:
            guard case .integer(let value)? = fallback(key) else { return nil }
            return value
        case .integer(let value): return value
        case .number(let value) where value.rounded() == value && abs(value) < 1e15: return Int(value)
        case let other: throw error(key, "expected an integer, got \(other.typeName == "number" ? "a fraction" : other.typeName)")
        }
    }

    /// A boolean option; its default or nil when absent.
    func boolean(_ key: String) throws -> Bool? {
        switch table[key] {
        case .nil:
            guard case .boolean(let value)? = fallback(key) else { return nil }
            return value
        case .boolean(let value): return value
        case let other: throw error(key, "expected true or false, got \(other.typeName)")
        }
    }

    /// An option whose string value must be one of the schema's choices, as a `Choice`; its
    /// default or nil when absent. A wrong value gets the schema's hint for it, else a did-you-mean.
    func choice<Choice: RawRepresentable>(_ key: String, as _: Choice.Type) throws -> Choice? where Choice.RawValue == String {
        guard case .choice(let choices) = schema[key].type else { preconditionFailure("\(schema.call): \(key) is not a choice") }
        guard let text = try string(key) else { return nil }
        if choices.values.contains(text), let choice = Choice(rawValue: text) { return choice }
        let hint = choices.hints[text.lowercased()].map { " (\($0))" } ?? Suggestion.hint(for: text, in: choices.values)
        throw error(key, "\(Names.quoted(text)) is not one of \(choices.values.joined(separator: ", "))\(hint)")
    }

    /// A nested option table; nil when absent.
    func table(_ key: String) throws -> LuaTable? {
        switch table[key] {
        case .nil: return nil
        case .table(let value): return value
        case let other: throw error(key, "expected a table, got \(other.typeName)")
        }
    }

    /// A list of strings; its default or nil when absent.
    func stringList(_ key: String) throws -> [String]? {
        guard let list = try table(key) else {
            guard case .stringList(let list)? = fallback(key) else { return nil }
            return list
        }
        guard let elements = list.arrayElements else { throw error(key, "expected a list of strings") }
        return try elements.map { element in
            guard case .string(let text) = element else { throw error(key, "expected a list of strings, found a \(element.typeName)") }
            return try checkedText(text, key)
        }
    }

    /// A map of string keys to string values; nil when absent.
    func stringMap(_ key: String) throws -> [String: String]? {
        guard let map = try table(key) else { return nil }
        var result: [String: String] = [:]
        for (name, value) in map.entries {
            guard case .string(let name) = name, case .string(let value) = value else {
                throw error(key, "expected a table of string keys and string values")
            }
            result[try checkedText(name, key)] = try checkedText(value, key)
        }
        return result
    }

    /// The host object of type `Object` at `key`; nil when absent.
    func object<Object: LuaHostObject>(_ key: String, as _: Object.Type) throws -> Object? {
        switch table[key] {
        case .nil: return nil
        case .object(let object as Object): return object
        case let other: throw error(key, "expected a \(Object.luaTypeName), got \(other.typeName)")
        }
    }

    /// A duration option: seconds as a number, or a string like `"90s"`, `"5m"`, `"1h"`, from
    /// one second to ``LuaSurface/longestTimeoutSeconds``; its default or nil when absent.
    func duration(_ key: String) throws -> Duration? {
        let longest = LuaSurface.longestTimeoutSeconds
        let seconds: Int
        switch table[key] {
        case .nil:
            guard case .seconds(let seconds)? = fallback(key) else { return nil }
            return .seconds(seconds)
        case .integer(let value): seconds = value
        case .string(let text):
            let text = text.description
            let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
            guard let unit = text.last.flatMap({ units[$0] }), let value = Int(text.dropLast()) else {
                throw error(key, "\(Names.quoted(text)) is not a duration like \"90s\", \"5m\" or \"1h\"")
            }
            let (product, overflow) = value.multipliedReportingOverflow(by: unit)
            seconds = overflow ? .max : product
        case let other: throw error(key, "expected a duration like \"5m\" or a number of seconds, got \(other.typeName)")
        }
        guard (1...longest).contains(seconds) else {
            throw error(key, "must be from 1 second to \(longest / 3600)h (a week), got \(seconds) seconds")
        }
        return .seconds(seconds)
    }

    private func checkedText(_ text: LuaString, _ key: String) throws -> String {
        guard !text.bytes.contains(0), let string = try? text.utf8String() else {
            throw error(key, "must be UTF-8 text without NUL bytes")
        }
        return string
    }
}
