import Foundation
import Testing

/// Colour on a terminal only: an error red and a warning's `warning:` yellow when standard error
/// is a terminal (util-linux `script` gives qube one), plain in pipes and with `NO_COLOR`.
@Suite struct ColourTests {
    static let script = ["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `qube run t.lua` under `script`, its standard error a terminal; returns what it wrote.
    private func onTerminal(_ qube: QubeProcess, environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.script))
        process.arguments = ["-qec", "'\(QubeProcess.executable.path)' run t.lua", "/dev/null"]
        process.currentDirectoryURL = qube.directory
        var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        variables["NO_COLOR"] = environment["NO_COLOR"]
        process.environment = variables
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: script != nil, "needs util-linux script to give qube a terminal"))
    func errorsAreRedOnATerminalOnly() throws {
        let qube = try QubeProcess()
        try qube.write("t.lua", "error('boom')\n")
        #expect(try onTerminal(qube).contains("\u{1B}[31mt.lua:1: boom\u{1B}[0m"))
        #expect(!(try onTerminal(qube, environment: ["NO_COLOR": "1"]).contains("\u{1B}[")))
        let piped = try qube.run(["run", "t.lua"])
        #expect(piped.standardError == "t.lua:1: boom\n")
    }
}
