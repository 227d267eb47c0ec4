import CLua

extension LuaVM {
    /// Sets the global `name`, declaring it for strict globals.
    public func setGlobal(_ name: String, to value: LuaValue) throws {
        try withStack {
            try reserveStack(4)
            lua_rawgeti(state, qube_LUA_REGISTRYINDEX, lua_Integer(LUA_RIDX_GLOBALS))
            try push(.string(name))
            try push(value)
            lua_rawset(state, -3)
            declaredGlobals.insert(name)
        }
    }

    /// The value of the global `name`, or `.nil`.
    public func global(_ name: String) throws -> LuaValue {
        try withStack {
            try reserveStack(3)
            lua_rawgeti(state, qube_LUA_REGISTRYINDEX, lua_Integer(LUA_RIDX_GLOBALS))
            try push(.string(name))
            lua_rawget(state, -2)
            return try value(at: -1)
        }
    }

    /// Exposes `body` to Lua as the global function `name`.
    public func register(_ name: String, _ body: @escaping LuaHostFunction) throws {
        try setGlobal(name, to: .function(makeFunction(named: name, body)))
    }
}
