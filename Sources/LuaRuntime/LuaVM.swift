import CLua
import CLuaRuntime

/// An embedded Lua 5.4 state: the host's one way into Lua.
///
/// Every call into Lua is protected; every error comes back as a thrown
/// ``LuaError`` whose message reads `file.lua:LINE: message`. Swift functions are
/// exposed to Lua through C trampolines, so a Lua error never unwinds Swift frames
/// and a Swift error never unwinds Lua frames.
///
/// ```swift
/// let vm = try LuaVM(options: LuaOptions(stdlibDirectory: stdlib))
/// try vm.register("greet") { arguments in
///     [.string("hello, " + (try arguments.string(at: 1)))]
/// }
/// do {
///     try vm.runScript(atPath: "topology.lua", arguments: ["--flag"])
/// } catch let error as LuaError {
///     print(verbose ? error.verboseDescription : error.description)
/// }
/// ```
///
/// Host functions and host objects should not capture the state strongly (Lua owns
/// them, so that would be a cycle): capture it `unowned`.
///
/// Not thread-safe: use a state from one thread at a time.
public final class LuaVM {
    /// The options the state was created with.
    public let options: LuaOptions
    let control: UnsafeMutablePointer<qube_lua_Control>
    let mainThread: OpaquePointer
    /// The thread whose stack Swift works on: the main thread, or the thread of the
    /// host call in progress.
    var state: OpaquePointer
    /// Registry references dropped by Swift, released at the next safe point.
    private var droppedReferences: [Int32] = []
    /// Metatables of host object types, by type.
    var hostMetatables: [ObjectIdentifier: Int32] = [:]
    /// A weak-valued table mapping host objects to their userdata, so an object is
    /// always the same Lua value.
    var objectCache: Int32 = LUA_NOREF
    /// Global names a script may read though they hold nil.
    var declaredGlobals: Set<String> = []
    /// What reading an unknown global says instead of a "did you mean", by lowercased name.
    var unknownGlobalHints: [String: String] = [:]
    /// Whether unknown globals are errors (from the first script run on).
    var globalsAreStrict = false
    /// Where `require` looks for modules beside the script.
    var moduleRoot: ModuleRoot
    /// The last Lua error a host function passed back to Lua, whose traceback (taken
    /// deepest, so most complete) its message keeps when it reaches the top.
    var reraisedError: LuaError?
    /// `package.path` as the unsafe state opened with, before the script's directories.
    var standardPackagePath: String?
    /// Whether the unsafe state's `package.searchers` has the bundled stdlib's searcher.
    var hasBundledSearcher = false

    /// Creates a state with the standard libraries the options allow; throws for limits
    /// outside ``LuaOptions/smallestMemoryLimit`` and ``LuaOptions/largestInstructionLimit``.
    public init(options: LuaOptions = LuaOptions()) throws {
        if let limit = options.memoryLimit, limit < LuaOptions.smallestMemoryLimit {
            throw LuaError("a memory limit of \(limit) bytes is below the \(LuaOptions.smallestMemoryLimit) bytes a Lua state needs")
        }
        if let limit = options.instructionLimit, !(1...LuaOptions.largestInstructionLimit).contains(limit) {
            throw LuaError("an instruction limit must be from 1 to \(LuaOptions.largestInstructionLimit), got \(limit)")
        }
        self.options = options
        control = .allocate(capacity: 1)
        control.initialize(to: qube_lua_Control())
        control.pointee.memoryLimit = options.memoryLimit.map { size_t($0) } ?? 0
        control.pointee.instructionLimit = lua_Integer(options.instructionLimit ?? 0)
        withUnsafeMutableBytes(of: &control.pointee.instructionAdvice) { buffer in
            // NUL-terminated, cut at a character boundary if it is longer than the buffer.
            var advice = Substring(options.advice.raiseInstructionLimit)
            while advice.utf8.count >= buffer.count { advice = advice.dropLast() }
            buffer.copyBytes(from: advice.utf8)
            buffer[advice.utf8.count] = 0
        }
        control.pointee.dispatch = { state, function in
            guard let state, let function, let host = qube_lua_control(state).pointee.host else { return 0 }
            let vm = Unmanaged<LuaVM>.fromOpaque(host).takeUnretainedValue()
            return vm.perform(Unmanaged<HostFunction>.fromOpaque(function).takeUnretainedValue(), on: state)
        }
        control.pointee.release = { object in
            if let object { Unmanaged<AnyObject>.fromOpaque(object).release() }
        }
        guard let main = qube_lua_newstate(control) else {
            control.deallocate()
            throw LuaError("cannot create a Lua state")
        }
        mainThread = main
        state = main
        moduleRoot = ModuleRoot()
        control.pointee.host = Unmanaged.passUnretained(self).toOpaque()
        objectCache = makeObjectCache()
        if options.isSandboxed {
            openSandboxedLibraries()
        } else {
            luaL_openlibs(main)
        }
        qube_lua_guardfinalizers(main)
        qube_lua_boundpatterns(main)
        installGlobalsGuard()
        qube_lua_sethook(main)
    }

    deinit {
        qube_lua_close(mainThread)
        control.deallocate()
    }

    /// Bytes Lua holds allocated.
    public var memoryInUse: Int { Int(control.pointee.memoryUsed) }

    /// Runs a full garbage collection, finalizing unreachable host objects.
    public func collectGarbage() {
        releaseDroppedReferences()
        qube_lua_collectgarbage(state)
    }

    /// Notes a registry reference Swift no longer needs; it is released at the next
    /// safe point (never from a deinit, which may run inside Lua).
    func releaseLater(_ reference: Int32) {
        droppedReferences.append(reference)
    }

    func releaseDroppedReferences() {
        while let reference = droppedReferences.popLast() {
            luaL_unref(state, qube_LUA_REGISTRYINDEX, reference)
        }
    }

    /// Runs `body` with Swift working on `thread`'s stack, restoring the stack top after.
    func withStack<Result>(of thread: OpaquePointer? = nil, _ body: () throws -> Result) rethrows -> Result {
        let caller = state
        if let thread { state = thread }
        let top = lua_gettop(state)
        defer {
            lua_settop(state, top)
            state = caller
        }
        releaseDroppedReferences()
        return try body()
    }

    /// Makes room for `count` more values on the stack.
    func reserveStack(_ count: Int) throws {
        guard lua_checkstack(state, Int32(clamping: count)) != 0 else {
            throw LuaHostError("stack overflow (values nested too deeply)")
        }
    }
}
