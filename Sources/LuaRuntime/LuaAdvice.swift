/// What a host tells its users when the runtime refuses something: how to lift the sandbox or
/// raise a limit, in the host's own terms (its flags, its settings). An empty phrase is left out.
public struct LuaAdvice: Equatable, Sendable {
    /// How to run without the sandbox (`run with --unsafe to allow it`).
    public var liftSandbox: String
    /// How to raise the memory limit (`raise with --max-memory`).
    public var raiseMemoryLimit: String
    /// How to raise the instruction budget (`raise with --max-instructions`).
    public var raiseInstructionLimit: String
    /// What users call the modules the host ships (`the qube stdlib`).
    public var stdlibName: String

    /// Advice that names no flag of any host.
    public init(liftSandbox: String = "", raiseMemoryLimit: String = "", raiseInstructionLimit: String = "", stdlibName: String = "the host's modules") {
        self.liftSandbox = liftSandbox
        self.raiseMemoryLimit = raiseMemoryLimit
        self.raiseInstructionLimit = raiseInstructionLimit
        self.stdlibName = stdlibName
    }

    /// ` (run with --unsafe to allow it)`, or nothing.
    var sandboxSuffix: String { liftSandbox.isEmpty ? "" : " (\(liftSandbox))" }
}
