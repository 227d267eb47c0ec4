import CLua
import CLuaRuntime

/// Moving values between Swift and the Lua stack, with raw accesses only (no
/// metamethod runs, so nothing can raise a Lua error through Swift frames).
extension LuaVM {
    /// Tables nested deeper than this are refused rather than recursed into.
    static let maximumTableDepth = 200

    /// Pushes `value` onto the stack.
    func push(_ value: LuaValue) throws {
        try reserveStack(3)
        switch value {
        case .nil: lua_pushnil(state)
        case .boolean(let value): lua_pushboolean(state, value ? 1 : 0)
        case .integer(let value): lua_pushinteger(state, lua_Integer(value))
        case .number(let value): lua_pushnumber(state, value)
        case .string(let value): pushBytes(value.bytes)
        case .table(let table): try push(table)
        case .function(let function):
            guard function.vm === self else {
                throw LuaHostError("a Lua function cannot move to another Lua state")
            }
            lua_rawgeti(state, qube_LUA_REGISTRYINDEX, lua_Integer(function.reference))
        case .object(let object): try pushObject(object)
        }
    }

    private func push(_ table: LuaTable) throws {
        let sequenceCount = table.entries.keys.count { if case .integer = $0 { true } else { false } }
        lua_createtable(state, Int32(clamping: sequenceCount), Int32(clamping: table.entries.count - sequenceCount))
        let index = lua_gettop(state)
        for (key, value) in table.entries {
            switch key {
            case .nil: throw LuaHostError("table index is nil")
            case .number(let number) where number.isNaN: throw LuaHostError("table index is NaN")
            default: break
            }
            try push(key)
            try push(value)
            lua_rawset(state, index)
        }
    }

    func pushBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            _ = lua_pushlstring(state, UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self), buffer.count)
        }
    }

    func pushText(_ text: String) { pushBytes(Array(text.utf8)) }

    /// The value at `index`, copied into Swift.
    func value(at index: Int32) throws -> LuaValue {
        var tablesOnPath: Set<UnsafeRawPointer> = []
        return try value(at: lua_absindex(state, index), tablesOnPath: &tablesOnPath)
    }

    /// The bytes of the string at `index`, or nil when the value is not a string
    /// (numbers are not converted).
    func bytes(at index: Int32) -> [UInt8]? {
        guard lua_type(state, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let pointer = lua_tolstring(state, index, &length) else { return nil }
        return Array(UnsafeRawBufferPointer(start: pointer, count: length))
    }

    /// The type name of the value at `index`, as Lua messages give it (`__name` of a host type).
    func typeName(at index: Int32) -> String {
        lua_type(state, index) == LUA_TNONE ? "no value" : String(cString: qube_lua_typename(state, index))
    }

    private func value(at index: Int32, tablesOnPath: inout Set<UnsafeRawPointer>) throws -> LuaValue {
        switch lua_type(state, index) {
        case LUA_TNIL, LUA_TNONE:
            return .nil
        case LUA_TBOOLEAN:
            return .boolean(lua_toboolean(state, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(state, index) != 0 { return .integer(Int(lua_tointegerx(state, index, nil))) }
            return .number(lua_tonumberx(state, index, nil))
        case LUA_TSTRING:
            return .string(LuaString(bytes: bytes(at: index) ?? []))
        case LUA_TTABLE:
            return .table(try table(at: index, tablesOnPath: &tablesOnPath))
        case LUA_TFUNCTION:
            try reserveStack(1)
            lua_pushvalue(state, index)
            return .function(popFunction())
        case LUA_TUSERDATA:
            if let object = hostObject(at: index) { return .object(object) }
            fallthrough
        default:
            throw LuaHostError("a \(typeName(at: index)) value cannot be passed to the host")
        }
    }

    private func table(at index: Int32, tablesOnPath: inout Set<UnsafeRawPointer>) throws -> LuaTable {
        guard let identity = lua_topointer(state, index) else { return LuaTable() }
        guard tablesOnPath.count < Self.maximumTableDepth else {
            throw LuaHostError("tables nested more than \(Self.maximumTableDepth) deep")
        }
        guard tablesOnPath.insert(identity).inserted else {
            throw LuaHostError("a table that contains itself cannot be passed to the host")
        }
        defer { tablesOnPath.remove(identity) }
        try reserveStack(3)
        let top = lua_gettop(state)
        defer { lua_settop(state, top) }
        var entries: [LuaValue: LuaValue] = [:]
        lua_pushnil(state)
        while lua_next(state, index) != 0 {
            let key = try value(at: top + 1, tablesOnPath: &tablesOnPath)
            entries[key] = try value(at: top + 2, tablesOnPath: &tablesOnPath)
            qube_lua_pop(state, 1)
        }
        return LuaTable(entries)
    }
}
