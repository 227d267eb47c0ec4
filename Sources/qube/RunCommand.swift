import ArgumentParser
import Foundation
import LuaRuntime
import QubeCore
import QubeLua

/// `qube run script.lua`: runs a topology script.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a topology script.",
        usage: """
            qube run [--dry-run] [--unsafe] [--quiet] [--verbose] [--max-instructions <count>] \
            [--max-memory <size>] <script> [-- <script-argument> ...]
            """,
        discussion: """
            The script runs sandboxed: no os.execute, io or debug, require only finds qube's stdlib \
            and modules beside the script, and files are written only inside the script's directory. \
            Relative paths resolve against the script's directory. Arguments after '--' reach the \
            script as arg[1], arg[2], ... (and qube.args); qube's own flags go before the script, and \
            one of them after '--' is refused, as it would silently reach the script instead.

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

    @Flag(name: [.short, .long], help: "Say each node's step of a phase (every wait, restart and vote), and add a Lua traceback to errors.")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("Lua instructions the script may execute (host calls do not count).", valueName: "count"))
    var maxInstructions: Int = 500_000_000

    @Option(name: .long, help: ArgumentHelp("Memory the script's Lua values may use, e.g. 512M or 2G.", valueName: "size"))
    var maxMemory: String = "1G"

    /// The names of qube's flags, which a script argument may not take: after `--` they would
    /// silently reach the script (a `--dry-run` there would leave a real deploy to run).
    static let flagNames = ["--dry-run", "--unsafe", "--quiet", "-q", "--verbose", "-v", "--max-instructions", "--max-memory"]

    func validate() throws {
        if let flag = scriptArguments.first(where: { argument in
            Self.flagNames.contains { argument == $0 || argument.hasPrefix($0 + "=") && $0.hasPrefix("--") }
        }) {
            throw ValidationError(
                "\(flag) is qube's flag, but after '--' it would reach the script; put it before the script: "
                    + "qube run \(flag) \(script) -- ...")
        }
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
        options.verbosity = quiet ? .quiet : verbose ? .verbose : .normal
        options.instructionLimit = maxInstructions
        options.memoryLimit = byteCount(parsing: maxMemory)
        options.stdlibDirectory = Stdlib.overrideDirectory(in: ProcessInfo.processInfo.environment)
        let standardError = FileHandle.standardError
        let style = TerminalStyle()
        do {
            try ScriptHost.run(scriptAtPath: script, arguments: scriptArguments, options: options) { line in
                PhaseProgress.endLiveLine()
                standardError.write(Data((style.line(line) + "\n").utf8))
            }
        } catch let error as LuaError {
            PhaseProgress.endLiveLine()
            standardError.write(Data((style.error(verbose ? error.verboseDescription : error.message) + "\n").utf8))
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
