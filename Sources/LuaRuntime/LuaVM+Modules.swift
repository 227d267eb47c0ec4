import CLua

/// `require` in the sandbox: dotted names, resolved below the script's directory and
/// in the stdlib directory, Lua source only.
extension LuaVM {
    /// Makes `root` the tree `require` searches. Outside the sandbox, it and the stdlib
    /// go before the standard `package.path`.
    func setModuleRoot(_ root: ModuleRoot) {
        moduleRoot = root
        guard !options.isSandboxed else { return }
        withStack {
            lua_rawgeti(state, qube_LUA_REGISTRYINDEX, lua_Integer(LUA_RIDX_GLOBALS))
            pushText("package")
            guard lua_rawget(state, -2) == LUA_TTABLE else { return }
            pushText("path")
            lua_rawget(state, -2)
            if standardPackagePath == nil {
                standardPackagePath = bytes(at: -1).map { String(decoding: $0, as: UTF8.self) } ?? ""
            }
            qube_lua_pop(state, 1)
            let stdlib = options.stdlibDirectory.map { [ModuleRoot(stdlib: $0).directory] } ?? []
            let patterns = ([root.directory] + stdlib).flatMap { [$0 + "?.lua", $0 + "?/init.lua"] }
            pushText("path")
            pushText((patterns + [standardPackagePath ?? ""]).joined(separator: ";"))
            lua_rawset(state, -3)
            guard !hasBundledSearcher, options.stdlibDirectory == nil, !options.bundledStdlib.isEmpty else { return }
            hasBundledSearcher = true
            pushText("searchers")
            guard lua_rawget(state, -2) == LUA_TTABLE else { return }
            let searchers = lua_gettop(state)
            for index in stride(from: lua_Integer(luaL_len(state, searchers)), through: 2, by: -1) {
                lua_rawgeti(state, searchers, index)
                lua_rawseti(state, searchers, index + 1)
            }
            pushHostFunction(HostFunction(name: "require") { [unowned self] arguments in
                try searchBundledModule(arguments)
            })
            lua_rawseti(state, searchers, 2)
        }
    }

    /// The searcher added to `package.searchers`: returns a loader and the file's name,
    /// or the list of files it tried.
    func searchModule(_ arguments: LuaArguments) throws -> [LuaValue] {
        let name = try arguments.string(at: 1)
        guard Self.isDottedModuleName(name) else {
            throw LuaHostError(
                "module '\(name)' is not allowed in the sandbox: require takes a dotted name (like 'lib.util') "
                    + "of a module below the script's directory or in \(options.advice.stdlibName)\(options.advice.sandboxSuffix)",
                level: 2)
        }
        let relative = name.split(separator: ".").joined(separator: "/")
        var tried: [String] = []
        if let bundled = try loadBundledModule(relative, tried: &tried) { return bundled }
        var roots = [moduleRoot]
        if let stdlib = options.stdlibDirectory { roots.insert(ModuleRoot(stdlib: stdlib), at: 0) }
        for root in roots {
            for file in [relative + ".lua", relative + "/init.lua"] {
                let path = root.directory + file
                let displayName = root.displayPrefix + file
                tried.append("no file '\(displayName)'")
                guard ModuleRoot.isFile(path) else { continue }
                guard root.contains(path) else {
                    throw LuaHostError("module '\(name)' resolves outside its directory (\(displayName) is a link)", level: 2)
                }
                try load(Self.contentsOfFile(atPath: path), chunkName: displayName)
                return [.function(popFunction()), .string(displayName)]
            }
            if ModuleRoot.isFile(root.directory + relative + ".so") {
                throw LuaHostError(
                    "module '\(name)' is a C module; C modules cannot be loaded in the sandbox\(options.advice.sandboxSuffix)",
                    level: 2)
            }
        }
        return [.string(tried.joined(separator: "\n\t"))]
    }

    /// The searcher added to `package.searchers` outside the sandbox: the bundled stdlib only.
    func searchBundledModule(_ arguments: LuaArguments) throws -> [LuaValue] {
        var tried: [String] = []
        let relative = try arguments.string(at: 1).split(separator: ".", omittingEmptySubsequences: false).joined(separator: "/")
        return try loadBundledModule(relative, tried: &tried) ?? [.string(tried.joined(separator: "\n\t"))]
    }

    /// The loader and name of the bundled stdlib module at `relative` (`qube/nodes`), when
    /// there is a bundle and no stdlib directory overrides it; else nil, noting what was tried.
    private func loadBundledModule(_ relative: String, tried: inout [String]) throws -> [LuaValue]? {
        guard options.stdlibDirectory == nil, !options.bundledStdlib.isEmpty else { return nil }
        for file in [relative + ".lua", relative + "/init.lua"] {
            let displayName = ModuleRoot.stdlibDisplayPrefix + file
            guard let source = options.bundledStdlib[file] else {
                tried.append("no module '\(displayName)' in the bundled stdlib")
                continue
            }
            try load(Array(source.utf8), chunkName: displayName)
            return [.function(popFunction()), .string(displayName)]
        }
        return nil
    }

    /// Whether `name` is a plain dotted module name: no path separators, no `..`, no
    /// leading dot.
    private static func isDottedModuleName(_ name: String) -> Bool {
        let components = name.split(separator: ".", omittingEmptySubsequences: false)
        return !components.contains { component in
            component.isEmpty
                || !component.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        }
    }
}
