/// How a ``LuaVM`` is set up: sandbox, limits, module search.
public struct LuaOptions: Sendable {
    /// Whether the sandbox applies (the default). `false` is `--unsafe`: the full standard
    /// library and the usual package paths.
    public var isSandboxed: Bool
    /// The most VM instructions scripts may execute in the state's lifetime; nil for no limit.
    /// Time inside host functions does not count.
    public var instructionLimit: Int?
    /// The most bytes Lua may hold allocated while scripts run; nil for no limit.
    public var memoryLimit: Int?
    /// The directory of modules shipped with the host (`require "qube.x"`), if any.
    public var stdlibDirectory: String?
    /// The host's modules compiled into it, by path relative to the stdlib root
    /// (`qube/nodes.lua`): `require` finds them when ``stdlibDirectory`` is nil.
    public var bundledStdlib: [String: String]
    /// Whether reading an unknown global (and assigning one outside a main chunk's top
    /// level) is an error once a script runs.
    public var hasStrictGlobals: Bool
    /// The phrase an error about the unknown name `name` ends with, given the names known
    /// there: a host's "did you mean" (`" (did you mean 'x'?)"`), or empty for none. The
    /// default suggests nothing.
    public var nameHint: @Sendable (_ name: String, _ candidates: [String]) -> String
    /// How errors tell users to lift the sandbox or raise a limit; by default they name no flag.
    public var advice: LuaAdvice

    /// Far more than any topology script needs; a runaway loop stops within about 5 s
    /// (a simple loop) to 30 s (one that allocates on every turn).
    public static let defaultInstructionLimit = 500_000_000
    /// 1 GiB: a memory bomb stops well before 2 GiB of process memory.
    public static let defaultMemoryLimit = 1 << 30
    /// The smallest memory limit a state accepts, 1 MiB: opening the libraries and the
    /// sandbox takes a few tens of KiB, and qube's own modules some more.
    public static let smallestMemoryLimit = 1 << 20
    /// The largest instruction budget a state accepts, 2^50 (days of running): the count
    /// hook adds to its tally in steps, which must never overflow.
    public static let largestInstructionLimit = 1 << 50

    /// Options with the sandbox on, strict globals, the default limits, no name hints and
    /// advice that names no flag.
    public init(
        isSandboxed: Bool = true,
        instructionLimit: Int? = LuaOptions.defaultInstructionLimit,
        memoryLimit: Int? = LuaOptions.defaultMemoryLimit,
        stdlibDirectory: String? = nil,
        bundledStdlib: [String: String] = [:],
        hasStrictGlobals: Bool = true,
        nameHint: @escaping @Sendable (_ name: String, _ candidates: [String]) -> String = { _, _ in "" },
        advice: LuaAdvice = LuaAdvice()
    ) {
        self.isSandboxed = isSandboxed
        self.instructionLimit = instructionLimit
        self.memoryLimit = memoryLimit
        self.stdlibDirectory = stdlibDirectory
        self.bundledStdlib = bundledStdlib
        self.hasStrictGlobals = hasStrictGlobals
        self.nameHint = nameHint
        self.advice = advice
    }
}
