import Foundation
import LuaRuntime
import QubeCore

/// The `qube` global: `qube.version`, `qube.args`, `qube.json(value)`, `qube.yaml(value)`,
/// `qube.exists(path)`.
enum QubeTable {
    /// The table, with functions bound to `vm` and paths resolved in `context`.
    static func value(in vm: LuaVM, context: ScriptContext, arguments: [String]) -> LuaValue {
        var table = LuaTable()
        table["version"] = .string(QubeInfo.version)
        table["args"] = .table(LuaTable(array: arguments.map { .string($0) }))
        table["json"] = .function(
            vm.makeFunction(named: "qube.json") { arguments in
                let object = try plain(try arguments.value(at: 1), path: "value")
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .fragmentsAllowed, .withoutEscapingSlashes])
                return [.string(String(decoding: data, as: UTF8.self))]
            })
        table["yaml"] = .function(
            vm.makeFunction(named: "qube.yaml") { arguments in
                let object = try plain(try arguments.value(at: 1), path: "value")
                return [.string(YAMLNode.document(yaml(object)))]
            })
        table["exists"] = .function(
            vm.makeFunction(named: "qube.exists") { arguments in
                let url = try context.resolve(try arguments.string(at: 1), forWriting: false)
                return [.boolean(FileManager.default.fileExists(atPath: url.path))]
            })
        return .table(table)
    }

    /// A ``plain(_:path:)`` value as YAML, mapping keys sorted.
    private static func yaml(_ object: Any) -> YAMLNode {
        switch object {
        case let flag as Bool: YAMLNode.bool(flag)
        case let number as Int: YAMLNode.int(number)
        case let number as Double: YAMLNode.float(number)
        case let text as String: YAMLNode.string(text)
        case let list as [Any]: YAMLNode.sequence(list.map(yaml))
        case let object as [String: Any]: YAMLNode.mapping(object.sorted { $0.key < $1.key }.map { ($0.key, yaml($0.value)) })
        default: YAMLNode.null
        }
    }

    /// A Lua value as plain Foundation data: tables with keys 1...n become arrays, other tables
    /// need string keys; functions and host objects cannot be encoded.
    private static func plain(_ value: LuaValue, path: String) throws -> Any {
        switch value {
        case .nil: return NSNull()
        case .boolean(let flag): return flag
        case .integer(let number): return number
        case .number(let number):
            guard number.isFinite else { throw LuaHostError("\(path): \(number) cannot be encoded") }
            return number
        case .string(let text):
            guard let string = try? text.utf8String() else { throw LuaHostError("\(path): string is not UTF-8") }
            return string
        case .table(let table):
            if let elements = table.arrayElements {
                return try elements.enumerated().map { try plain($1, path: "\(path)[\($0 + 1)]") }
            }
            var object: [String: Any] = [:]
            for (key, element) in table.entries {
                guard case .string(let name) = key, let text = try? name.utf8String() else {
                    throw LuaHostError("\(path): only string keys and lists can be encoded, found a \(key.typeName) key")
                }
                object[text] = try plain(element, path: "\(path).\(text)")
            }
            return object
        case .function, .object:
            throw LuaHostError("\(path): a \(value.typeName) cannot be encoded")
        }
    }
}
