import Foundation
import Testing

/// What genKeys and render say: one summary line each, and on a first run the line that
/// starts key generation, never a line per node.
@Suite struct PhaseSummaryTests {
    static let script = """
        local net = network { name = "sum", chainId = 9, tessera = false }
        for i = 1, 12 do net:addNode { name = "n" .. i } end
        net:genKeys { kdf = "light" }
        net:render()

        """

    @Test func aFirstRunSaysWhatItMadeAndARerunThatChangesNothingSaysSoInTwoLines() throws {
        let qube = try QubeProcess()
        try qube.write("topology.lua", Self.script)
        let first = try qube.run(["run", "topology.lua"])
        #expect(first.status == 0)
        #expect(
            first.standardError == """
                genKeys sum: making keys for 12 of 12 nodes
                genKeys sum: 12 nodes, 12 made, 0 kept
                render sum: 23 files, 23 changed

                """)
        let again = try qube.run(["run", "topology.lua"])
        #expect(again.standardError == "genKeys sum: 12 nodes, 0 made, 12 kept\nrender sum: 23 files, 0 changed\n")
    }

    @Test func renderCountsChangedAndRemovedFiles() throws {
        let qube = try QubeProcess()
        try qube.write("topology.lua", Self.script)
        try qube.run(["run", "topology.lua"])
        try qube.write("topology.lua", Self.script.replacingOccurrences(of: "1, 12", with: "1, 11"))
        let fewer = try qube.run(["run", "topology.lua"])
        // One node less: its manifest goes; the peer lists, the ConfigMaps, the Secrets, the
        // NetworkPolicies, the PodDisruptionBudget and the kustomization change. The other nodes
        // manifests do not: their config hash leaves the peer lists out.
        #expect(fewer.standardError.hasSuffix("render sum: 22 files, 7 changed, 1 removed\n"))
    }

    @Test func quietSaysNothing() throws {
        let qube = try QubeProcess()
        try qube.write("topology.lua", Self.script)
        #expect(try qube.run(["run", "--quiet", "topology.lua"]).standardError == "")
    }
}
