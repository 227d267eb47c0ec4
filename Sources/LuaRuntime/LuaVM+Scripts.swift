import CLua
import CLuaRuntime
import Foundation

extension LuaVM {
    /// Runs the script at `path` with `arguments` and returns what its main chunk returns.
    ///
    /// Messages name the script `name`, by default `path` as given
    /// (`examples/x.lua:12: ...`). The script sees that name as `arg[0]` and its
    /// arguments as `arg[1...]` and `...`; `require` finds modules below its directory.
    @discardableResult
    public func runScript(atPath path: String, named name: String? = nil, arguments: [String] = []) throws
        -> [LuaValue]
    {
        let name = name ?? path
        let source = try Self.contentsOfFile(atPath: path)
        setModuleRoot(ModuleRoot(scriptPath: path, displayName: name))
        var arg = LuaTable(array: arguments.map { .string($0) })
        arg[.integer(0)] = .string(name)
        try setGlobal("arg", to: .table(arg))
        return try run(source, chunkName: name, arguments: arguments)
    }

    /// Runs `source` as a main chunk named `chunkName` and returns what it returns;
    /// `require` finds modules below the current directory.
    @discardableResult
    public func run(_ source: String, chunkName: String) throws -> [LuaValue] {
        setModuleRoot(ModuleRoot())
        return try run(Array(source.utf8), chunkName: chunkName, arguments: [])
    }

    private func run(_ source: [UInt8], chunkName: String, arguments: [String]) throws -> [LuaValue] {
        try withStack {
            try reserveStack(arguments.count + 2)
            try load(source, chunkName: chunkName)
            for argument in arguments { pushText(argument) }
            globalsAreStrict = options.hasStrictGlobals
            let base = lua_gettop(state) - Int32(arguments.count)
            try protectedCall(argumentCount: arguments.count)
            return try (base..<lua_gettop(state) + 1).map { try value(at: $0) }
        }
    }

    /// Compiles `source` and pushes it as a function; Lua names it `chunkName` in messages.
    /// A leading `#` line (shebang) and UTF-8 byte order mark are skipped; binary chunks
    /// load only outside the sandbox.
    func load(_ source: [UInt8], chunkName: String) throws {
        var text = source[...]
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
        if text.first == UInt8(ascii: "#") { text = text.drop { $0 != UInt8(ascii: "\n") } }
        let status = text.withUnsafeBufferPointer { buffer in
            luaL_loadbufferx(
                state, UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self), buffer.count,
                "=" + chunkName, options.isSandboxed ? "t" : "bt")
        }
        guard status == LUA_OK else { throw popError(status: status) }
    }

    /// Calls the function below `argumentCount` arguments, leaving all its results.
    func protectedCall(argumentCount: Int) throws {
        try reserveStack(1)
        let status = qube_lua_pcall(state, Int32(argumentCount), qube_LUA_MULTRET)
        guard status == LUA_OK else { throw popError(status: status) }
    }

    /// Calls `function` from Swift.
    func call(_ function: LuaFunction, with arguments: [LuaValue]) throws -> [LuaValue] {
        try withStack {
            let base = lua_gettop(state) + 1
            try push(.function(function))
            for argument in arguments { try push(argument) }
            try protectedCall(argumentCount: arguments.count)
            return try (base..<lua_gettop(state) + 1).map { try value(at: $0) }
        }
    }

    /// The error a failed load or call left on the stack, popped.
    private func popError(status: Int32) -> LuaError {
        defer { qube_lua_pop(state, 1) }
        if status == LUA_ERRMEM, control.pointee.memoryRefused != 0 {
            let location = String(cString: qube_lua_memorywhere(control))
            return LuaError(
                "\(location)memory limit exhausted (\(control.pointee.memoryLimit) bytes"
                    + (options.advice.raiseMemoryLimit.isEmpty ? "" : "; \(options.advice.raiseMemoryLimit)") + ")")
        }
        let message = bytes(at: -1).map { String(decoding: $0, as: UTF8.self) } ?? "(error object is not a string)"
        pushText(QUBE_LUA_TRACEBACK_KEY)
        lua_rawget(state, qube_LUA_REGISTRYINDEX)
        var traceback = bytes(at: -1).map { String(decoding: $0, as: UTF8.self) }
        qube_lua_pop(state, 1)
        if let reraised = reraisedError, reraised.message == message, reraised.traceback != nil {
            traceback = reraised.traceback
        }
        reraisedError = nil
        return LuaError(message, traceback: traceback)
    }

    /// The bytes of a script file, or an error naming it.
    static func contentsOfFile(atPath path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw LuaError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var contents: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            contents.append(contentsOf: buffer[..<count])
            if count < buffer.count { break }
        }
        guard ferror(file) == 0 else {
            throw LuaError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        return contents
    }
}
