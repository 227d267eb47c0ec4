import Foundation
import Testing

/// What qube prints for a network of 300 nodes, against the fake kubectl in persist mode: a
/// first run says each phase's start and summary, never a line per node or per object; a re-run
/// that changes nothing says at most five lines (issue 17's "done when").
@Suite struct LargeNetworkOutputTests {
    static let script = """
        local net = network { name = "big", context = "kind-a" }
        for i = 1, 300 do net:addNode { name = "n" .. i, validator = i <= 4 } end
        net:genKeys { kdf = "light" }
        net:deploy()
        print("deployed " .. #net:nodes() .. " nodes")

        """

    /// Runs topology.lua in `qube`'s directory, the fake kubectl keeping what is applied.
    private func run(_ qube: QubeProcess, options: [String] = []) throws -> QubeProcess.Result {
        try qube.run(
            ["run"] + options + ["topology.lua"],
            environment: [
                "QUBE_KUBECTL": DeployTests.fakeKubectl,
                "FAKE_KUBECTL_SCENARIO": qube.directory.appendingPathComponent("scenario").path,
                "FAKE_KUBECTL_RECORD": qube.directory.appendingPathComponent("record").path,
                "KUBECONFIG": qube.directory.appendingPathComponent("no-kubeconfig").path,
            ])
    }

    @Test func aRerunOfThreeHundredNodesThatChangesNothingPrintsFourLines() throws {
        let qube = try QubeProcess()
        try qube.write("scenario/persist", "")
        try qube.write("scenario/contexts", "kind-a\n")
        try qube.write("record/.keep", "")
        try qube.write("topology.lua", Self.script)

        let first = try run(qube)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput == "deployed 300 nodes\n")
        #expect(
            first.standardError == """
                genKeys big: making keys for 300 of 300 nodes
                genKeys big: 300 nodes, 300 made, 0 kept
                render big: 611 files, 611 changed
                applying 1504 objects of network 'big' to context 'kind-a', namespace 'big'
                network 'big': 1504 objects: 1504 changed, 0 unchanged, 0 pruned
                  created 1 namespace, 302 configmaps, 300 secrets, 1 poddisruptionbudget, 300 networkpolicies, 300 services, 300 statefulsets

                """)

        let again = try run(qube)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput == "deployed 300 nodes\n")
        #expect(
            again.standardError == """
                genKeys big: 300 nodes, 0 made, 300 kept
                render big: 611 files, 0 changed
                applying 1504 objects of network 'big' to context 'kind-a', namespace 'big'
                network 'big': 1504 objects: 0 changed, 1504 unchanged, 0 pruned

                """)

        // --quiet leaves what the script prints, alone.
        let quiet = try run(qube, options: ["--quiet"])
        #expect(quiet.status == 0, "\(quiet.standardError)")
        #expect(quiet.standardError == "")
        #expect(quiet.standardOutput == "deployed 300 nodes\n")
    }
}
