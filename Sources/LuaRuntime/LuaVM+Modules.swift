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
        }
    }

    /// The searcher added to `package.searchers`: returns a loader and the file's name,
    /// or the list of files it tried.
    func searchModule(_ arguments: LuaArguments) throws -> [LuaValue] {
        let name = try arguments.string(at: 1)
        guard Self.isDottedModuleName(name) else {
            throw LuaHostError(
                "module '\(name)' is not allowed in the sandbox: require takes a dotted name (like 'lib.util') "
                    + "of a module below the script's directory or in the qube stdlib (run with --unsafe to allow it)",
                level: 2)
        }
        let relative = name.split(separator: ".").joined(separator: "/")
        var roots = [moduleRoot]
        if let stdlib = options.stdlibDirectory { roots.insert(ModuleRoot(stdlib: stdlib), at: 0) }
        var tried: [String] = []
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
                    "module '\(name)' is a C module; C modules cannot be loaded in the sandbox (run with --unsafe to allow it)",
                    level: 2)
            }
        }
        return [.string(tried.joined(separator: "\n\t"))]
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
