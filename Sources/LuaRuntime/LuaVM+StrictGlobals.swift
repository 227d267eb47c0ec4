import CLua
import CLuaRuntime

/// Strict globals, and the sandbox's withheld base functions.
///
/// Once a script runs, reading a global that was never set is an error naming it,
/// with a "did you mean". A global may be created by assigning it at the top level
/// of a main chunk (the script or a module), where `function helper() ... end`
/// definitions live; assigning an unknown global inside a function is an error, as
/// it is usually a misspelt local. Globals the host set (``setGlobal(_:to:)``) and
/// those present when the script starts are declared; locals are unaffected.
extension LuaVM {
    /// Gives `_G` the metatable that enforces strict globals and the sandbox.
    func installGlobalsGuard() {
        lua_rawgeti(state, qube_LUA_REGISTRYINDEX, lua_Integer(LUA_RIDX_GLOBALS))
        lua_createtable(state, 0, 3)
        pushHostFunction(HostFunction(name: "__index") { [unowned self] arguments in
            guard let name = try? arguments.string(at: 2) else { return [.nil] }
            try checkGlobalAccess(name)
            guard !globalsAreStrict || declaredGlobals.contains(name) else {
                throw LuaHostError("unknown global '\(name)'\(options.nameHint(name, Array(globalNames())))")
            }
            return [.nil]
        })
        lua_setfield(state, -2, "__index")
        pushHostFunction(HostFunction(name: "__newindex") { [unowned self] arguments in
            guard let name = try? arguments.string(at: 2) else {
                try arguments.assignRawly()
                return []
            }
            try checkGlobalAccess(name)
            if globalsAreStrict && !declaredGlobals.contains(name) && qube_lua_ismainchunk(state, 1) == 0 {
                throw LuaHostError(
                    "assignment to unknown global '\(name)' inside a function"
                        + "\(options.nameHint(name, Array(globalNames()))) (make it local, or assign it at the top level first)")
            }
            declaredGlobals.insert(name)
            try arguments.assignRawly()
            return []
        })
        lua_setfield(state, -2, "__newindex")
        pushText("globals")
        lua_setfield(state, -2, "__metatable")
        lua_setmetatable(state, -2)
        qube_lua_pop(state, 1)
    }

    /// Throws the sandbox error for a withheld base function.
    private func checkGlobalAccess(_ name: String) throws {
        if options.isSandboxed && Self.isWithheld(name, in: "_G") {
            throw LuaHostError(Self.withheldMessage(name))
        }
    }

    /// Every global name: declared ones and the string keys of `_G`.
    private func globalNames() -> Set<String> {
        var names = declaredGlobals
        lua_rawgeti(state, qube_LUA_REGISTRYINDEX, lua_Integer(LUA_RIDX_GLOBALS))
        let globals = lua_gettop(state)
        lua_pushnil(state)
        while lua_next(state, globals) != 0 {
            if let key = bytes(at: -2) { names.insert(String(decoding: key, as: UTF8.self)) }
            qube_lua_pop(state, 1)
        }
        qube_lua_pop(state, 1)
        return names
    }
}
