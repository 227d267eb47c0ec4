import LuaRuntime
import QubeCore

/// A table of named options passed to a host call, checked against the keys the call accepts.
///
/// Every problem is an error that names the call and the key: `addNode: unknown key 'gethparams'
/// (did you mean 'gethParams'?)`, `network: chainId: expected an integer, got string`.
struct OptionTable {
    /// The call's name, as errors show it.
    let call: String
    private let table: LuaTable

    /// Checks that every key of `table` is a string among `keys`.
    init(_ table: LuaTable, for call: String, accepting keys: [String]) throws {
        self.call = call
        self.table = table
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

    /// An error about the option `key`.
    func error(_ key: String, _ message: String) -> LuaHostError {
        LuaHostError("\(call): \(key): \(message)")
    }

    /// The raw value of `key`; `.nil` when absent.
    func value(_ key: String) -> LuaValue { table[key] }

    /// A string option; nil when absent. Strings must be UTF-8 without NUL bytes.
    func string(_ key: String) throws -> String? {
        switch table[key] {
        case .nil: return nil
        case .string(let text): return try checkedText(text, key)
        case let other: throw error(key, "expected a string, got \(other.typeName)")
        }
    }

    /// A required string option.
    func requiredString(_ key: String) throws -> String {
        guard let value = try string(key) else { throw error(key, "is required") }
        return value
    }

    /// An integer option (a float with an integral value is accepted); nil when absent.
    func integer(_ key: String) throws -> Int? {
        switch table[key] {
        case .nil: return nil
        case .integer(let value): return value
        case .number(let value) where value.rounded() == value && abs(value) < 1e15: return Int(value)
        case let other: throw error(key, "expected an integer, got \(other.typeName == "number" ? "a fraction" : other.typeName)")
        }
    }

    /// A boolean option; nil when absent.
    func boolean(_ key: String) throws -> Bool? {
        switch table[key] {
        case .nil: return nil
        case .boolean(let value): return value
        case let other: throw error(key, "expected true or false, got \(other.typeName)")
        }
    }

    /// An option whose string value must be one of `Choice`'s raw values, with a did-you-mean.
    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, as _: Choice.Type) throws -> Choice?
    where Choice.RawValue == String {
        guard let text = try string(key) else { return nil }
        if let choice = Choice(rawValue: text) { return choice }
        let names = Choice.allCases.map(\.rawValue)
        throw error(
            key,
            "\(Names.quoted(text)) is not one of \(names.joined(separator: ", "))\(Suggestion.hint(for: text, in: names))")
    }

    /// A nested option table; nil when absent.
    func table(_ key: String) throws -> LuaTable? {
        switch table[key] {
        case .nil: return nil
        case .table(let value): return value
        case let other: throw error(key, "expected a table, got \(other.typeName)")
        }
    }

    /// A list of strings; nil when absent.
    func stringList(_ key: String) throws -> [String]? {
        guard let list = try table(key) else { return nil }
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

    private func checkedText(_ text: LuaString, _ key: String) throws -> String {
        guard !text.bytes.contains(0), let string = try? text.utf8String() else {
            throw error(key, "must be UTF-8 text without NUL bytes")
        }
        return string
    }
}
