import Foundation
import Testing

/// What a script may change in a network's releases once it has rendered: the chain keeps its
/// genesis, and Tessera may not cross the H2 1.4 / H2 2 database boundary (Tessera 21.10.0 /
/// 22.1.0, ConsenSys/tessera PR #1370), refused at the `network{}` line with the migration named.
@Suite struct ReleaseUpgradeTests {
    static func script(quorum: String = "2.7.0", tessera: String) -> String {
        """
        local net = network { name = "a", quorum = "\(quorum)", tessera = "\(tessera)", blockPeriod = 4 }
        net:addNode { name = "n1" }
        net:genKeys { kdf = "light" }
        net:render()
        """
    }

    /// A chain started on 2.7.0 keeps its config.istanbul genesis on 24.4.1, which reads that
    /// section's period only from --istanbul.blockperiod, so the flag stays.
    @Test func keepsTheIBFTPeriodFlagForAStoredIstanbulGenesis() throws {
        let qube = try QubeProcess()
        #expect(try qube.runScript(Self.script(tessera: "0.10.6")).status == 0)
        let genesis = try #require(qube.read("out/a/genesis.json"))
        #expect(try qube.runScript(Self.script(quorum: "24.4.1", tessera: "0.10.6")).status == 0)
        #expect(qube.read("out/a/genesis.json") == genesis)
        let node = String(decoding: try #require(qube.read("out/a/k8s/nodes/n1.yaml")), as: UTF8.self)
        #expect(node.contains("quorumengineering/quorum:24.4.1"))
        #expect(node.contains("- \"--istanbul.blockperiod\"\n        - \"4\""))

        // A new chain on 24.4.1 has config.ibft and no flag.
        let fresh = try QubeProcess()
        #expect(try fresh.runScript(Self.script(quorum: "24.4.1", tessera: "0.10.6")).status == 0)
        #expect(!String(decoding: try #require(fresh.read("out/a/k8s/nodes/n1.yaml")), as: UTF8.self).contains("istanbul.blockperiod"))
        #expect(String(decoding: try #require(fresh.read("out/a/genesis.json")), as: UTF8.self).contains("\"blockperiodseconds\": 4"))
    }

    @Test func refusesCrossingTheH2BoundaryAndKeepsTheTree() throws {
        let qube = try QubeProcess()
        #expect(try qube.runScript(Self.script(tessera: "21.7.3")).status == 0)
        let before = try #require(qube.read("out/a/releases.json"))
        #expect(String(decoding: before, as: UTF8.self) == "{\n  \"quorum\": \"2.7.0\",\n  \"tessera\": \"21.7.3\"\n}\n")

        let result = try qube.runScript(Self.script(tessera: "24.4.2"))
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix(
            "topology.lua:1: network: tessera: the nodes ran Tessera 21.7.3, whose H2 1.4 database Tessera 24.4.2 (H2 2) cannot open"))
        #expect(result.standardError.contains("org.h2.tools.Script"))
        #expect(result.standardError.contains("org.h2.tools.RunScript"))
        #expect(qube.read("out/a/releases.json") == before)

        // Downgrading is the same boundary, the other way.
        let back = try QubeProcess()
        #expect(try back.runScript(Self.script(tessera: "24.4.2")).status == 0)
        #expect(try back.runScript(Self.script(tessera: "0.10.6")).standardError.hasPrefix(
            "topology.lua:1: network: tessera: the nodes ran Tessera 24.4.2, whose H2 2 database Tessera 0.10.6 (H2 1.4) cannot open"))
    }

    @Test func allowsChangesOnOneSideOfTheBoundary() throws {
        let qube = try QubeProcess()
        #expect(try qube.runScript(Self.script(tessera: "0.10.6")).status == 0)
        #expect(try qube.runScript(Self.script(tessera: "21.7.3")).status == 0)
        #expect(String(decoding: try #require(qube.read("out/a/releases.json")), as: UTF8.self).contains("\"21.7.3\""))
    }

    @Test func rendersAfterTheRecordIsRemoved() throws {
        let qube = try QubeProcess()
        #expect(try qube.runScript(Self.script(tessera: "21.7.3")).status == 0)
        try FileManager.default.removeItem(at: qube.directory.appendingPathComponent("out/a/releases.json"))
        #expect(try qube.runScript(Self.script(tessera: "24.4.2")).status == 0)
    }
}
