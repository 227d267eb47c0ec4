import Foundation
import Testing

/// `qube run` as a user drives it: exit statuses, arguments, and what a run leaves on disk.
@Suite struct RunCommandTests {
    @Test func missingScriptIsAUsageErrorNamingThePath() throws {
        let qube = try QubeProcess()
        let result = try qube.run(["run", "nowhere/topology.lua"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("no such script: nowhere/topology.lua"))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let qube = try QubeProcess()
        try qube.write("t.lua", "")
        #expect(try qube.run(["run", "--dry-runn", "t.lua"]).status == 2)
    }

    @Test func scriptArgumentsReachArgAndQubeArgs() throws {
        let qube = try QubeProcess()
        try qube.write("t.lua", "print(arg[0], arg[1], arg[2], #qube.args, qube.args[2], ...)\n")
        let result = try qube.run(["run", "t.lua", "--", "one", "--two"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "t.lua\tone\t--two\t2\t--two\tone\t--two\n")
    }

    @Test func helpDescribesRun() throws {
        let qube = try QubeProcess()
        let result = try qube.run(["run", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("--dry-run"))
        #expect(result.standardOutput.contains("sandboxed"))
    }

    @Test func runtimeErrorExitsOneWithTracebackOnlyWhenVerbose() throws {
        let qube = try QubeProcess()
        try qube.write("t.lua", "local function f() error('boom') end\nf()\n")
        let plain = try qube.run(["run", "t.lua"])
        #expect(plain.status == 1)
        #expect(plain.standardError == "t.lua:1: boom\n")
        let verbose = try qube.run(["run", "--verbose", "t.lua"])
        #expect(verbose.standardError.hasPrefix("t.lua:1: boom\nstack traceback:"))
    }

    @Test func runawayLoopStopsAtItsLine() throws {
        let qube = try QubeProcess()
        try qube.write("t.lua", "local n = 0\nwhile true do\n  n = n + 1\nend\n")
        let result = try qube.run(["run", "--max-instructions", "1000000", "t.lua"])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("t.lua:"))
        #expect(result.standardError.contains("--max-instructions"))
    }

    /// A network of three IBFT validators rendered twice is byte-identical, and adding a fourth
    /// node changes the peer lists but never the genesis.
    @Test func rerunsAreByteIdenticalAndGenesisIsChainIdentity() throws {
        let qube = try QubeProcess()
        let script = """
            local count = tonumber(arg[1])
            local net = network { name = "org-a", expose = { type = "NodePort", nodeIp = "192.0.2.1" } }
            for i = 1, count do net:addNode { name = "node" .. i } end
            net:genKeys { kdf = "light" }
            net:render()
            print(net:genesis().sha256)
            """
        try qube.write("t.lua", script)
        let first = try qube.run(["run", "-q", "t.lua", "--", "3"])
        #expect(first.status == 0, "\(first.standardError)")
        let files = ["out/org-a/genesis.json", "out/org-a/static-nodes.json", "out/org-a/k8s/nodes/node1.yaml", "out/org-a/k8s/secrets.yaml", "keys/org-a/node1/nodekey"]
        let before = files.map { qube.read($0) }
        #expect(before.allSatisfy { $0 != nil })
        let keyAttributes = try FileManager.default.attributesOfItem(atPath: qube.directory.appendingPathComponent("keys/org-a/node1/nodekey").path)

        let second = try qube.run(["run", "-q", "t.lua", "--", "3"])
        #expect(second.standardOutput == first.standardOutput)
        #expect(files.map { qube.read($0) } == before)
        let keyAttributesAfter = try FileManager.default.attributesOfItem(atPath: qube.directory.appendingPathComponent("keys/org-a/node1/nodekey").path)
        #expect(keyAttributes[.modificationDate] as? Date == keyAttributesAfter[.modificationDate] as? Date)

        let grown = try qube.run(["run", "-q", "t.lua", "--", "4"])
        #expect(grown.status == 0)
        #expect(grown.standardOutput == first.standardOutput)
        #expect(qube.read("out/org-a/genesis.json") == before[0])
        #expect(qube.read("out/org-a/static-nodes.json") != before[1])
        #expect(qube.read("out/org-a/k8s/nodes/node4.yaml") != nil)
    }

    @Test func secretsStayInSecretFiles() throws {
        let qube = try QubeProcess()
        let result = try qube.runScript("""
            local net = network { name = "a" }
            net:addNode { name = "n1" }
            net:genKeys { kdf = "light" }
            net:render()
            """)
        #expect(result.status == 0)
        let nodekey = try #require(qube.read("keys/a/n1/nodekey"))
        let secretsMode = try FileManager.default.attributesOfItem(
            atPath: qube.directory.appendingPathComponent("out/a/k8s/secrets.yaml").path)[.posixPermissions] as? Int
        #expect(secretsMode == 0o600)
        let configMaps = try #require(qube.read("out/a/k8s/configmaps.yaml"))
        #expect(!String(decoding: configMaps, as: UTF8.self).contains(String(decoding: nodekey, as: UTF8.self)))
        #expect(!result.standardOutput.contains(String(decoding: nodekey, as: UTF8.self)))
    }
}
