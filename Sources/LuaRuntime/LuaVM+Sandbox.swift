import CLua

/// The default sandbox: only libraries that cannot reach the file system, processes
/// or native code. Touching a withheld function is an error that says so.
extension LuaVM {
    /// The names a library keeps from scripts.
    enum Withheld {
        /// These names.
        case names(Set<String>)
        /// Every name but these.
        case allExcept(Set<String>)
    }

    /// What the sandbox withholds, by library (`_G` for base functions).
    static let withheldNames: [String: Withheld] = [
        "_G": .names(["dofile", "loadfile"]),
        "os": .names(["execute", "exit", "remove", "rename", "setlocale", "tmpname"]),
        "io": .allExcept([]),
        "package": .names(["loadlib", "cpath", "path", "searchpath"]),
        "string": .names(["dump"]),
        "debug": .allExcept(["traceback"]),
    ]

    /// The message for touching a withheld name, e.g. `os.execute is not available ...`.
    static func withheldMessage(_ qualifiedName: String, advice: LuaAdvice) -> String {
        "\(qualifiedName) is not available in the sandbox" + advice.sandboxSuffix
    }

    /// Whether the sandbox withholds `name` of `library`.
    static func isWithheld(_ name: String, in library: String) -> Bool {
        switch withheldNames[library] {
        case .none: false
        case .names(let names): names.contains(name)
        case .allExcept(let names): !names.contains(name)
        }
    }

    /// Opens base, package, coroutine, table, string, math, utf8, a limited os and
    /// `debug.traceback`; installs the text-only `load`, the sandboxed `require`
    /// searchers and a guard on each library.
    func openSandboxedLibraries() {
        let libraries: [(String, lua_CFunction)] = [
            ("_G", luaopen_base), ("package", luaopen_package), ("coroutine", luaopen_coroutine),
            ("table", luaopen_table), ("string", luaopen_string), ("math", luaopen_math),
            ("utf8", luaopen_utf8), ("os", luaopen_os), ("debug", luaopen_debug),
        ]
        for (name, open) in libraries {
            luaL_requiref(state, name, open, 1)
            qube_lua_pop(state, 1)
        }
        withGlobal("debug") {
            lua_createtable(state, 0, 1)
            lua_getfield(state, -2, "traceback")
            lua_setfield(state, -2, "traceback")
            setLoaded("debug")
            setGlobalOnStack("debug")
        }
        lua_createtable(state, 0, 0)
        setGlobalOnStack("io")
        for (library, withheld) in Self.withheldNames {
            withGlobal(library) {
                if case .names(let names) = withheld {
                    for name in names {
                        lua_pushnil(state)
                        lua_setfield(state, -2, name)
                    }
                }
                if library != "_G" { guardLibrary(library) }
            }
        }
        installTextOnlyLoad()
        installModuleSearchers()
    }

    /// Pushes the global `name`, runs `body`, restores the stack.
    private func withGlobal(_ name: String, _ body: () -> Void) {
        let top = lua_gettop(state)
        lua_rawgeti(state, qube_LUA_REGISTRYINDEX, lua_Integer(LUA_RIDX_GLOBALS))
        lua_getfield(state, -1, name)
        body()
        lua_settop(state, top)
    }

    /// Pops the value on top into the global `name`.
    private func setGlobalOnStack(_ name: String) {
        lua_rawgeti(state, qube_LUA_REGISTRYINDEX, lua_Integer(LUA_RIDX_GLOBALS))
        qube_lua_insert(state, -2)
        lua_setfield(state, -2, name)
        qube_lua_pop(state, 1)
    }

    /// Makes the table on top of the stack `package.loaded[name]`, leaving it there.
    private func setLoaded(_ name: String) {
        lua_getfield(state, qube_LUA_REGISTRYINDEX, LUA_LOADED_TABLE)
        lua_pushvalue(state, -2)
        lua_setfield(state, -2, name)
        qube_lua_pop(state, 1)
    }

    /// Gives the library table on top of the stack a metatable that raises the
    /// sandbox error for withheld names, read or assigned.
    private func guardLibrary(_ library: String) {
        let advice = options.advice
        lua_createtable(state, 0, 3)
        pushHostFunction(HostFunction(name: "__index") { arguments in
            if let name = try? arguments.string(at: 2), Self.isWithheld(name, in: library) {
                throw LuaHostError(Self.withheldMessage("\(library).\(name)", advice: advice))
            }
            return [.nil]
        })
        lua_setfield(state, -2, "__index")
        pushHostFunction(HostFunction(name: "__newindex") { arguments in
            if let name = try? arguments.string(at: 2), Self.isWithheld(name, in: library) {
                throw LuaHostError(Self.withheldMessage("\(library).\(name)", advice: advice))
            }
            try arguments.assignRawly()
            return []
        })
        lua_setfield(state, -2, "__newindex")
        pushText("sandboxed library")
        lua_setfield(state, -2, "__metatable")
        lua_setmetatable(state, -2)
    }

    /// Replaces `load` with one that compiles text only.
    private func installTextOnlyLoad() {
        let wrapper = """
            local load, select = load, select
            return function(chunk, chunkname, mode, ...)
                if select("#", ...) == 0 then return load(chunk, chunkname, "t") end
                return load(chunk, chunkname, "t", (...))
            end
            """
        do {
            try load(Array(wrapper.utf8), chunkName: "(sandbox)")
            try protectedCall(argumentCount: 0)
        } catch {
            preconditionFailure("the sandbox's load wrapper failed: \(error)")
        }
        setGlobalOnStack("load")
    }

    /// Keeps the preload searcher and adds the sandboxed file searcher.
    private func installModuleSearchers() {
        withGlobal("package") {
            lua_getfield(state, -1, "searchers")
            lua_createtable(state, 2, 0)
            lua_rawgeti(state, -2, 1)
            lua_rawseti(state, -2, 1)
            pushHostFunction(HostFunction(name: "require") { [unowned self] arguments in
                try searchModule(arguments)
            })
            lua_rawseti(state, -2, 2)
            lua_setfield(state, -3, "searchers")
        }
    }
}
