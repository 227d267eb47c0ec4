import Foundation
import LuaRuntime
import QubeCore
import QubeKube

/// How `qube run` runs a script.
public struct ScriptOptions: Sendable {
    /// Deploy and destroy only say what they would do.
    public var isDryRun = false
    /// The full Lua standard library, and writes anywhere.
    public var isUnsafe = false
    /// How much qube says: nothing but errors and warnings, a line per phase, or each node's step.
    public var verbosity = Verbosity.normal
    /// The most Lua VM instructions the script may execute (host calls do not count).
    public var instructionLimit: Int? = LuaOptions.defaultInstructionLimit
    /// The most bytes the script's Lua values may hold.
    public var memoryLimit: Int? = LuaOptions.defaultMemoryLimit
    /// A directory `require "qube.x"` finds qube's modules in instead of the copy compiled into
    /// qube (``Stdlib``): a checkout's `stdlib/` while developing it (`QUBE_STDLIB`).
    public var stdlibDirectory: String?
    /// The process environment, for locating kubectl (`QUBE_KUBECTL`).
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    public init() {}
}

/// Runs topology scripts: a sandboxed Lua VM with qube's globals installed.
public enum ScriptHost {
    /// How qube's errors say to lift the sandbox or raise a limit: with `qube run`'s flags.
    static let advice = LuaAdvice(
        liftSandbox: "run with --unsafe to allow it", raiseMemoryLimit: "raise with --max-memory",
        raiseInstructionLimit: "raise with --max-instructions", stdlibName: "the qube stdlib")

    /// Runs the script at `path` (as the user named it) with `arguments` in `arg`.
    ///
    /// The deploys the script requested (``PendingDeploys``) are applied once it returns, each
    /// network's final state once; when it fails, none is. Throws a ``LuaError`` whose message
    /// reads `path:LINE: message` for any failure the script causes, or reports; progress and
    /// reports go to standard error through `log`.
    public static func run(
        scriptAtPath path: String, arguments: [String], options: ScriptOptions,
        log: @escaping @Sendable (String) -> Void
    ) throws {
        let url = URL(fileURLWithPath: path)
        let (vm, context) = try makeVM(
            scriptDirectory: url.deletingLastPathComponent(), scriptName: url.lastPathComponent, arguments: arguments, options: options, log: log)
        do {
            try vm.runScript(atPath: path, arguments: arguments)
        } catch {
            context.deploys.discardAll()
            throw error
        }
        try context.deploys.applyAll()
    }

    /// The luacheck configuration that declares every global a script run with `options` finds
    /// (``LuacheckConfiguration``), read off that very sandbox.
    public static func luacheckConfiguration(options: ScriptOptions = ScriptOptions()) throws -> String {
        let (vm, _) = try makeVM(scriptDirectory: URL(fileURLWithPath: "/nonexistent"), scriptName: nil, arguments: [], options: options, log: { _ in })
        try vm.setGlobal("arg", to: .table(LuaTable()))
        guard case .string(let text)? = try vm.run(LuacheckConfiguration.generator, chunkName: "=(luacheckrc)").first else {
            preconditionFailure("the luacheck generator returns a string")
        }
        return LuacheckConfiguration.header + "\n" + text.description
    }

    /// A VM with qube's globals installed for the script `scriptName` in `scriptDirectory`, and
    /// the context its bindings share.
    private static func makeVM(
        scriptDirectory: URL, scriptName: String?, arguments: [String], options: ScriptOptions,
        log: @escaping @Sendable (String) -> Void
    ) throws -> (LuaVM, ScriptContext) {
        let vm = try LuaVM(
            options: LuaOptions(
                isSandboxed: !options.isUnsafe, instructionLimit: options.instructionLimit,
                memoryLimit: options.memoryLimit, stdlibDirectory: options.stdlibDirectory,
                bundledStdlib: BundledStdlib.files, nameHint: { Suggestion.hint(for: $0, in: $1) },
                advice: ScriptHost.advice))
        let environment = options.environment
        let context = ScriptContext(
            scriptDirectory: scriptDirectory,
            isDryRun: options.isDryRun, writesAnywhere: options.isUnsafe, verbosity: options.verbosity,
            makeKubeClient: { try Kubectl.locate(environment: environment) }, log: log)
        context.scriptName = scriptName
        try QubeGlobals.install(into: vm, context: context, arguments: arguments)
        return (vm, context)
    }
}
