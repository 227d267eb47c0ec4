import Foundation
import Testing

/// What a new user meets first: strict globals with hints, flags in the right place, a binary
/// that works from anywhere, and the surprises qube announces.
@Suite struct FirstContactTests {
    /// Runs `source` as `topology.lua` and returns its standard error, expecting exit status 1.
    private func failure(of source: String) throws -> String {
        let result = try QubeProcess().runScript(source)
        #expect(result.status == 1)
        return result.standardError
    }

    @Test func aMisspeltTopLevelAssignmentFailsAtItsLine() throws {
        let message = try failure(of: "local net = network { name = 'a' }\n\nnetowrk = net\n")
        #expect(
            message
                == "topology.lua:3: assignment to undeclared global 'netowrk' (did you mean 'network'?) "
                + "(make it local, or declare it first: global \"netowrk\")\n")
    }

    @Test func aDeclaredGlobalMayBeAssigned() throws {
        let result = try QubeProcess().runScript("global 'count'\ncount = 2\nprint(count)\n")
        #expect(result.status == 0)
        #expect(result.standardOutput == "2\n")
    }

    @Test func aNetworkMethodCalledAsAGlobalIsHinted() throws {
        #expect(
            try failure(of: "local net = network { name = 'a' }\naddnode { name = 'n1' }\n")
                == "topology.lua:2: unknown global 'addnode': addNode is a network method: net:addNode { ... }\n")
        #expect(
            try failure(of: "local net = network { name = 'a' }\n\ngenKeys()\n")
                == "topology.lua:3: unknown global 'genKeys': genKeys is a network method: net:genKeys()\n")
        #expect(
            try failure(of: "Render()\n") == "topology.lua:1: unknown global 'Render': render is a network method: net:render()\n")
    }

    @Test func helpPutsQubesFlagsBeforeTheScript() throws {
        let help = try QubeProcess().run(["run", "--help"]).standardOutput
        let usage = try #require(help.split(separator: "\n").first { $0.hasPrefix("USAGE:") })
        #expect(
            usage == "USAGE: qube run [--dry-run] [--unsafe] [--quiet] [--verbose] [--max-instructions <count>] "
                + "[--max-memory <size>] <script> [-- <script-argument> ...]")
        // Every flag of the OPTIONS list (with its value name) is in the usage line, ahead of the script.
        let options = try #require(help.range(of: "OPTIONS:\n")).upperBound
        let flags = help[options...].split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            guard let long = words.firstIndex(where: { $0.hasPrefix("--") }) else { return nil }
            let value = words.indices.contains(long + 1) && words[long + 1].hasPrefix("<") ? " " + words[long + 1] : ""
            return String(words[long]) + value
        }
        #expect(flags.count == 8)
        for flag in flags where flag != "--version" && flag != "--help" {
            #expect(usage.contains("[\(flag)]"), "\(flag)")
        }
    }

    @Test func aQubeFlagAmongTheScriptsArgumentsIsRefused() throws {
        let qube = try QubeProcess()
        try qube.write("t.lua", "print('ran')\n")
        for flag in ["--dry-run", "-q", "--max-memory=2G"] {
            let result = try qube.run(["run", "t.lua", "--", "one", flag])
            #expect(result.status == 2)
            #expect(result.standardOutput.isEmpty, "the script never runs")
            #expect(
                result.standardError.hasPrefix(
                    "Error: \(flag) is qube's flag, but after '--' it would reach the script; "
                        + "put it before the script: qube run \(flag) t.lua -- ...\n"))
        }
    }

    @Test func aBinaryCopiedOutOfTheCheckoutHasItsStdlib() throws {
        let qube = try QubeProcess()
        let bin = qube.directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: QubeProcess.executable, to: bin.appendingPathComponent("qube"))
        try qube.write("t.lua", "local nodes = require 'qube.nodes'\nlocal exchange = require 'qube.exchange'\nprint(type(nodes.add), type(exchange.adopt))\n")
        let process = Process()
        process.executableURL = bin.appendingPathComponent("qube")
        process.arguments = ["run", "t.lua"]
        process.currentDirectoryURL = qube.directory
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "QUBE_STDLIB" }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: printed, as: UTF8.self) == "function\tfunction\n")
        let stubs = try qube.run(["stubs", "-o", "-"], environment: ["QUBE_STDLIB": ""])
        #expect(stubs.status == 0)
        #expect(stubs.standardOutput.hasPrefix("---@meta"))
    }

    @Test func stubsRefusesToOverwriteWithoutForce() throws {
        let qube = try QubeProcess()
        try qube.write("qube.d.lua", "mine\n")
        let refused = try qube.run(["stubs"])
        #expect(refused.status == 1)
        #expect(refused.standardError == "Error: qube.d.lua exists; pass --force to replace it\n")
        #expect(qube.read("qube.d.lua") == Data("mine\n".utf8))
        #expect(try qube.run(["stubs", "--force"]).status == 0)
        #expect(qube.read("qube.d.lua").map { $0.starts(with: Data("---@meta".utf8)) } == true)
    }

    @Test func initSaysWhereItsFilesGo() throws {
        let qube = try QubeProcess()
        let result = try qube.run(["init", "--name", "org-a"])
        #expect(result.status == 0)
        let directory = qube.directory.standardizedFileURL.path
        #expect(
            result.standardOutput
                == "wrote \(directory)/topology.lua\nrun it with: qube run topology.lua; it keeps keys in \(directory)/keys/org-a/ "
                + "and renders into \(directory)/out/org-a/\n")
    }

    private static let network = "local net = network { name = arg[1], tessera = false }\nnet:addNode { name = 'n1' }\nnet:genKeys { kdf = 'light' }\nnet:render()\n"

    @Test func theKeyStoreIgnoresItselfForGit() throws {
        let qube = try QubeProcess()
        try qube.write("t.lua", Self.network)
        #expect(try qube.run(["run", "-q", "t.lua", "--", "a"]).status == 0)
        #expect(qube.read("keys/a/.gitignore") == Data("# Private keys: never commit.\n*\n".utf8))
    }

    @Test func keyFilesReadableByOthersAreNamed() throws {
        let qube = try QubeProcess()
        try qube.write("t.lua", Self.network)
        #expect(try qube.run(["run", "-q", "t.lua", "--", "a"]).status == 0)
        #expect(chmod(qube.directory.appendingPathComponent("keys/a/n1/nodekey").path, 0o644) == 0)
        let result = try qube.run(["run", "-q", "t.lua", "--", "a"])
        #expect(result.status == 0)
        #expect(
            result.standardError
                == "warning: 1 key files of network 'a' are readable by other users: keys/a/n1/nodekey (644); "
                + "make them private with chmod 600\n")
    }

    @Test func aRenamedNetworkSaysANewChainStartsAndWhereTheOldOneIs() throws {
        let qube = try QubeProcess()
        try qube.write("t.lua", Self.network)
        #expect(try qube.run(["run", "-q", "t.lua", "--", "org-a"]).standardError.isEmpty)
        let renamed = try qube.run(["run", "-q", "t.lua", "--", "org-b"])
        #expect(renamed.status == 0)
        #expect(
            renamed.standardError
                == "warning: network 'org-b' has no keys yet, so a new chain starts in keys/org-b/; keys/org-a/ and out/org-a/ "
                + "hold the chain of network 'org-a', which this script no longer declares (give the network that name to keep its chain)\n")
        #expect(try qube.run(["run", "-q", "t.lua", "--", "org-b"]).standardError.isEmpty, "said once, when the chain starts")
        // Another script beside it with its own network starts its own chain: nothing was renamed.
        try qube.write("other.lua", Self.network)
        #expect(try qube.run(["run", "-q", "other.lua", "--", "org-c"]).standardError.isEmpty)
    }

    @Test func quietDryRunListsNoObjects() throws {
        let qube = try QubeProcess()
        try qube.write("scenario/contexts", "kind-a\n")
        try qube.write("record/.keep", "")
        try qube.write(
            "t.lua",
            "local net = network { name = 'a', tessera = false, context = 'kind-z' }\nnet:addNode { name = 'n1' }\n"
                + "net:genKeys { kdf = 'light' }\nnet:render()\nnet:deploy()\n")
        let environment = [
            "QUBE_KUBECTL": DeployTests.fakeKubectl,
            "FAKE_KUBECTL_SCENARIO": qube.directory.appendingPathComponent("scenario").path,
            "FAKE_KUBECTL_RECORD": qube.directory.appendingPathComponent("record").path,
        ]
        let quiet = try qube.run(["run", "-q", "--dry-run", "t.lua"], environment: environment)
        #expect(quiet.status == 0)
        // --quiet prints only errors and what the script prints: not even the dry run's heading.
        #expect(quiet.standardError == "")
        let listed = try qube.run(["run", "--dry-run", "t.lua"], environment: environment)
        #expect(listed.standardError.contains("/n1\n"), "\(listed.standardError)")
    }

    @Test func anErrorInsideTheStdlibNamesTheScriptLineThatCalledIt() throws {
        let qube = try QubeProcess()
        try qube.write("bad.yaml", "external_nodes: 3\n")
        let result = try qube.runScript(
            "local exchange = require 'qube.exchange'\nlocal net = network { name = 'a' }\n\nexchange.adopt(net, 'bad.yaml')\n")
        #expect(result.status == 1)
        #expect(result.standardError == "topology.lua:4: bad.yaml:1: external_nodes: must be a list of nodes, not a text value of 1 character\n")
    }

    @Test func errorsAreColouredOnATerminalOnly() throws {
        let qube = try QubeProcess()
        try qube.write("t.lua", "error('boom')\n")
        let command = "\(QubeProcess.executable.path) run t.lua"
        let coloured = try qube.runInTerminal(command, environment: [:])
        #expect(coloured.contains("\u{1B}[31mt.lua:1: boom\u{1B}[0m"))
        let plain = try qube.runInTerminal(command, environment: ["NO_COLOR": "1"])
        #expect(plain.contains("t.lua:1: boom") && !plain.contains("\u{1B}["))
        #expect(try qube.run(["run", "t.lua"]).standardError == "t.lua:1: boom\n", "a pipe gets plain text")
    }
}

extension QubeProcess {
    /// Runs `command` under a pseudo-terminal (util-linux `script`) and returns what it printed.
    func runInTerminal(_ command: String, environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "NO_COLOR" }.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
