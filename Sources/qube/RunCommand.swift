import ArgumentParser
import Foundation
import LuaRuntime
import QubeLua

/// `qube run script.lua`: runs a topology script.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a topology script.",
        discussion: """
            The script runs sandboxed: no os.execute, io or debug, require only finds qube's stdlib \
            and modules beside the script, and files are written only inside the script's directory. \
            Relative paths resolve against the script's directory. Arguments after '--' reach the \
            script as arg[1], arg[2], ... (and qube.args).

            Examples:
              qube run topology.lua
              qube run --dry-run two-orgs.lua
              qube run org-b.lua -- --replicas 2
            """
    )

    @Argument(help: "The Lua script to run.", completion: .file(extensions: ["lua"]))
    var script: String

    @Argument(parsing: .postTerminator, help: "Arguments for the script, after '--'.")
    var scriptArguments: [String] = []

    @Flag(name: .long, help: "Change no cluster: deploy and destroy print what they would do.")
    var dryRun = false

    @Flag(name: .long, help: "Lift the sandbox: the full Lua standard library, and writes anywhere.")
    var unsafe = false

    @Flag(name: [.short, .long], help: "Print nothing but errors and what the script prints.")
    var quiet = false

    @Flag(name: [.short, .long], help: "Add a Lua traceback to errors.")
    var verbose = false

    @Option(name: .long, help: "Lua instructions the script may execute (host calls do not count).")
    var maxInstructions: Int = 500_000_000

    @Option(name: .long, help: "Memory the script's Lua values may use, e.g. 512M or 2G.")
    var maxMemory: String = "1G"

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: script, isDirectory: &isDirectory) else {
            throw ValidationError("no such script: \(script)")
        }
        guard !isDirectory.boolValue else { throw ValidationError("\(script) is a directory, not a script") }
        guard (1...LuaOptions.largestInstructionLimit).contains(maxInstructions) else {
            throw ValidationError("--max-instructions must be from 1 to \(LuaOptions.largestInstructionLimit), got \(maxInstructions)")
        }
        guard let memory = byteCount(parsing: maxMemory) else {
            throw ValidationError("--max-memory: '\(maxMemory)' is not a size like 512M or 2G")
        }
        guard memory >= LuaOptions.smallestMemoryLimit else {
            throw ValidationError("--max-memory: \(maxMemory) is below the 1M a Lua state needs")
        }
    }

    func run() throws {
        var options = ScriptOptions()
        options.isDryRun = dryRun
        options.isUnsafe = unsafe
        options.isQuiet = quiet
        options.instructionLimit = maxInstructions
        options.memoryLimit = byteCount(parsing: maxMemory)
        options.stdlibDirectory = StdlibLocation.find()
        let standardError = FileHandle.standardError
        do {
            try ScriptHost.run(scriptAtPath: script, arguments: scriptArguments, options: options) { line in
                standardError.write(Data((line + "\n").utf8))
            }
        } catch let error as LuaError {
            standardError.write(Data(((verbose ? error.verboseDescription : error.message) + "\n").utf8))
            throw ExitCode(1)
        }
    }
}

/// Parses sizes like `512M`, `2G`, `1048576`.
func byteCount(parsing text: String) -> Int? {
    let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
    if let unit = text.last.flatMap({ units[Character($0.uppercased())] }) {
        guard let value = Int(text.dropLast()), value > 0, value < (1 << 20) else { return nil }
        return value * unit
    }
    guard let value = Int(text), value > 0 else { return nil }
    return value
}

/// Where the shipped Lua modules are.
enum StdlibLocation {
    /// `QUBE_STDLIB`, else a `stdlib` directory holding `qube/` beside or above the executable
    /// (a checkout's build tree), else `../share/qube/stdlib` from the executable (an install).
    static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["QUBE_STDLIB"], !path.isEmpty { return path }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = directory.appendingPathComponent("../share/qube/stdlib").standardizedFileURL
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent("stdlib")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("qube").path) { return candidate.path }
            directory.deleteLastPathComponent()
        }
        return FileManager.default.fileExists(atPath: installed.path) ? installed.path : nil
    }
}
