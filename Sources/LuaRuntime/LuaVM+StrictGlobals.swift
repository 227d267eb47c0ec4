import CLua
import CLuaRuntime

/// Strict globals, and the sandbox's withheld base functions.
///
/// Once a script runs, reading a global that was never set is an error naming it, with a
/// "did you mean" (or the host's hint for that name, ``hintUnknownGlobal(_:with:)``), and
/// assigning a global that was never declared is an error too, anywhere in the script: it
/// is usually a misspelt local. A script declares a global on purpose with
/// `global "name"` (any number of names, before the first assignment), or sets it
/// with `rawset(_G, "name", value)`. Globals the host set (``setGlobal(_:to:)``) and
/// those present when the script starts are declared; locals are unaffected.
extension LuaVM {
    /// The global function that declares globals for strict mode.
    static let declareFunctionName = "global"

    /// Gives `_G` the metatable that enforces strict globals and the sandbox, and
    /// installs `global`.
    func installGlobalsGuard() {
        lua_rawgeti(state, qube_LUA_REGISTRYINDEX, lua_Integer(LUA_RIDX_GLOBALS))
        pushText(Self.declareFunctionName)
        pushHostFunction(HostFunction(name: Self.declareFunctionName) { [unowned self] arguments in
            try declareGlobals(arguments)
            return []
        })
        lua_rawset(state, -3)
        declaredGlobals.insert(Self.declareFunctionName)
        lua_createtable(state, 0, 3)
        pushHostFunction(HostFunction(name: "__index") { [unowned self] arguments in
            guard let name = try? arguments.string(at: 2) else { return [.nil] }
            try checkGlobalAccess(name)
            guard !globalsAreStrict || declaredGlobals.contains(name) else {
                if let hint = unknownGlobalHints[name.lowercased()] {
                    throw LuaHostError("unknown global '\(name)': \(hint)")
                }
                throw LuaHostError("unknown global '\(name)'\(options.nameHint(name, globalNames().sorted()))")
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
            if globalsAreStrict && !declaredGlobals.contains(name) {
                throw LuaHostError(
                    "assignment to undeclared global '\(name)'"
                        + "\(options.nameHint(name, globalNames().union(visibleLocalNames()).sorted()))"
                        + " (make it local, or declare it first: \(Self.declareFunctionName) \"\(name)\")")
            }
            try arguments.assignRawly()
            return []
        })
        lua_setfield(state, -2, "__newindex")
        pushText("globals")
        lua_setfield(state, -2, "__metatable")
        lua_setmetatable(state, -2)
        qube_lua_pop(state, 1)
    }

    /// Makes reading the unknown global `name` (matched case-insensitively) fail with `hint`
    /// in place of a "did you mean", for names a script is likely to misuse as globals.
    public func hintUnknownGlobal(_ name: String, with hint: String) {
        unknownGlobalHints[name.lowercased()] = hint
    }

    /// `global "a"` or `global("a", "b")`: declares each name, so the script may assign it.
    private func declareGlobals(_ arguments: LuaArguments) throws {
        guard arguments.count > 0 else {
            throw LuaHostError("\(Self.declareFunctionName): expected the names of globals to declare, got none")
        }
        for index in 1...arguments.count {
            let name = try arguments.string(at: index)
            guard Self.isIdentifier(name) else {
                throw LuaHostError("\(Self.declareFunctionName): '\(name)' is not a Lua name")
            }
            try checkGlobalAccess(name)
            declaredGlobals.insert(name)
        }
    }

    /// Whether `name` is a Lua identifier (letters, digits, `_`; not starting with a digit).
    private static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, !first.isNumber else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// Throws the sandbox error for a withheld base function.
    private func checkGlobalAccess(_ name: String) throws {
        if options.isSandboxed && Self.isWithheld(name, in: "_G") {
            throw LuaHostError(Self.withheldMessage(name, advice: options.advice))
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

    /// The locals and upvalues of the Lua function making the current host call, the names a
    /// misspelt assignment most likely meant.
    private func visibleLocalNames() -> Set<String> {
        var record = lua_Debug()
        guard lua_getstack(state, 1, &record) != 0 else { return [] }
        var names: Set<String> = []
        var index: Int32 = 1
        while let name = lua_getlocal(state, &record, index) {
            qube_lua_pop(state, 1)
            names.insert(String(cString: name))
            index += 1
        }
        guard lua_getinfo(state, "f", &record) != 0 else { return names }
        index = 1
        while let name = lua_getupvalue(state, -1, index) {
            qube_lua_pop(state, 1)
            names.insert(String(cString: name))
            index += 1
        }
        qube_lua_pop(state, 1)
        return names.filter { !$0.hasPrefix("(") }
    }
}
