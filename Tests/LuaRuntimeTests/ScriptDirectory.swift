import Foundation
import LuaRuntime
import QubeCore

/// A temporary directory holding test scripts, removed when released.
final class ScriptDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("qube-lua-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `source` to `name` (which may contain directories) and returns its path.
    @discardableResult
    func write(_ name: String, _ source: String) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try source.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Runs the script `name` of this directory; messages call it `name`.
    @discardableResult
    func run(_ name: String, in vm: LuaVM, arguments: [String] = []) throws -> [LuaValue] {
        try vm.runScript(atPath: path + "/" + name, named: name, arguments: arguments)
    }
}

/// Runs `source` as `name` in a fresh directory and returns the error message it raises,
/// or nil when it runs cleanly.
func errorMessage(
    running source: String, as name: String = "script.lua", options: LuaOptions = .hosted(),
    setUp: (LuaVM) throws -> Void = { _ in }
) throws -> String? {
    let directory = try ScriptDirectory()
    try directory.write(name, source)
    let vm = try LuaVM(options: options)
    try setUp(vm)
    do {
        try directory.run(name, in: vm)
        return nil
    } catch let error as LuaError {
        return error.message
    }
}

extension LuaOptions {
    /// What a host that names its flags tells its users (qube's words, as `qube run` says them).
    static let hostAdvice = LuaAdvice(
        liftSandbox: "run with --unsafe to allow it", raiseMemoryLimit: "raise with --max-memory",
        raiseInstructionLimit: "raise with --max-instructions", stdlibName: "the qube stdlib")

    /// Options as such a host sets them, with no name hints.
    static func hosted(
        isSandboxed: Bool = true, instructionLimit: Int? = defaultInstructionLimit, memoryLimit: Int? = defaultMemoryLimit,
        stdlibDirectory: String? = nil, hasStrictGlobals: Bool = true
    ) -> LuaOptions {
        LuaOptions(
            isSandboxed: isSandboxed, instructionLimit: instructionLimit, memoryLimit: memoryLimit, stdlibDirectory: stdlibDirectory,
            hasStrictGlobals: hasStrictGlobals, advice: hostAdvice)
    }

    /// The host's options with qube's "did you mean" hints, as `qube run` sets them.
    static let suggestingNames = LuaOptions(nameHint: { Suggestion.hint(for: $0, in: $1) }, advice: hostAdvice)
}
