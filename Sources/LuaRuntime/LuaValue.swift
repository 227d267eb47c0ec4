/// A Lua value as Swift sees it.
///
/// Tables are copied into Swift (``LuaTable``); functions and host objects are
/// kept by reference. Integers and floats stay apart, as Lua 5.4 keeps them.
public enum LuaValue {
    /// `nil`, and also an absent argument or field.
    case `nil`
    /// `true` or `false`.
    case boolean(Bool)
    /// A Lua integer (64-bit).
    case integer(Int)
    /// A Lua float.
    case number(Double)
    /// A Lua string: bytes, which need not be UTF-8.
    case string(LuaString)
    /// A copy of a Lua table.
    case table(LuaTable)
    /// A Lua function (or host function) that Swift may call later.
    case function(LuaFunction)
    /// A Swift object exposed to Lua as userdata.
    case object(any LuaHostObject)

    /// The type name a Lua user reads in messages: `"table"`, `"number"`, or a host type's name.
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .table: "table"
        case .function: "function"
        case .object(let object): type(of: object).luaTypeName
        }
    }

    /// Whether the value is `nil`.
    public var isNil: Bool {
        if case .nil = self { true } else { false }
    }
}

extension LuaValue: Hashable {
    /// Values are equal when Lua would make them the same table key: same case and
    /// contents; functions and host objects by identity.
    public static func == (lhs: LuaValue, rhs: LuaValue) -> Bool {
        switch (lhs, rhs) {
        case (.nil, .nil): true
        case (.boolean(let a), .boolean(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.table(let a), .table(let b)): a == b
        case (.function(let a), .function(let b)): a == b
        case (.object(let a), .object(let b)): a === b
        default: false
        }
    }

    /// Hashes consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .nil: hasher.combine(0)
        case .boolean(let value): hasher.combine(value)
        case .integer(let value): hasher.combine(value)
        case .number(let value): hasher.combine(value)
        case .string(let value): hasher.combine(value)
        case .table(let value): hasher.combine(value)
        case .function(let value): hasher.combine(value)
        case .object(let value): hasher.combine(ObjectIdentifier(value))
        }
    }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `nil`.
    public init(nilLiteral: ()) { self = .nil }
    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    /// An integer.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// A float.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A UTF-8 string.
    public init(stringLiteral value: String) { self = .string(LuaString(value)) }
    /// A sequence: a table with keys 1...n.
    public init(arrayLiteral elements: LuaValue...) { self = .table(LuaTable(array: elements)) }
    /// A table with the given keys and values; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (LuaValue, LuaValue)...) {
        self = .table(LuaTable(Dictionary(elements, uniquingKeysWith: { _, last in last })))
    }
}

extension LuaValue {
    /// A Lua string holding `text` as UTF-8.
    public static func string(_ text: String) -> LuaValue { .string(LuaString(text)) }
}
