/// A copy of a Lua table: its keys and values at the moment it crossed into Swift.
public struct LuaTable: Hashable {
    /// Every key with its (non-nil) value.
    public var entries: [LuaValue: LuaValue]

    /// A table with the given entries; nil values are dropped, as in Lua.
    public init(_ entries: [LuaValue: LuaValue] = [:]) {
        self.entries = entries.filter { !$0.value.isNil }
    }

    /// A sequence: `elements` at keys 1...n.
    public init(array elements: [LuaValue]) {
        self.init(Dictionary(uniqueKeysWithValues: elements.enumerated().map { (.integer($0.offset + 1), $0.element) }))
    }

    /// The value at `key`, or `.nil`; setting `.nil` removes the key.
    public subscript(key: LuaValue) -> LuaValue {
        get { entries[key] ?? .nil }
        set { entries[key] = newValue.isNil ? nil : newValue }
    }

    /// The value at the string key `key`, or `.nil`.
    public subscript(key: String) -> LuaValue {
        get { self[.string(key)] }
        set { self[.string(key)] = newValue }
    }

    /// The values at keys 1...n when those are exactly the table's keys; `[]` for an empty table.
    public var arrayElements: [LuaValue]? {
        var elements: [LuaValue] = []
        elements.reserveCapacity(entries.count)
        for index in stride(from: 1, through: entries.count, by: 1) {
            guard let value = entries[.integer(index)] else { return nil }
            elements.append(value)
        }
        return elements
    }

    /// Whether the table has no entries.
    public var isEmpty: Bool { entries.isEmpty }
}
