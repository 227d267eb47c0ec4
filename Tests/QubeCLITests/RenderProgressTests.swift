import Foundation
import Testing

/// render shows a live line of the files it writes on a terminal, ended by its summary, and
/// only the summary in a pipe.
@Suite struct RenderProgressTests {
    static let script = """
        local net = network { name = "a", tessera = false }
        for i = 1, 3 do net:addNode { name = "n" .. i } end
        net:genKeys { kdf = "light" }
        net:render()

        """

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script for a terminal"))
    func aTerminalSeesTheFilesWrittenThenTheSummary() throws {
        let qube = try QubeProcess()
        try qube.write("t.lua", Self.script)
        let output = try qube.runInTerminal("\(QubeProcess.executable.path) run t.lua", environment: ["NO_COLOR": "1"])
        let files = try #require(output.firstMatch(of: /render a: (\d+) files, \1 changed/)).1
        #expect(output.contains("\r\u{1B}[2Krender a: writing the tree"))
        #expect(output.contains("\r\u{1B}[2Krender a [####################] \(files)/\(files) files"))
        #expect(output.contains("\r\u{1B}[2Krender a: \(files) files, \(files) changed\r\n"))
    }

    @Test func aPipeSeesOnlyTheSummary() throws {
        let qube = try QubeProcess()
        try qube.write("t.lua", Self.script)
        let result = try qube.run(["run", "t.lua"])
        #expect(result.status == 0)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("render a") }.count == 1)
        #expect(lines.last?.hasPrefix("render a: ") == true && lines.last?.hasSuffix(" changed") == true)
    }
}
