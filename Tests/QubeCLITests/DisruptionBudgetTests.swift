import Foundation
import Testing

/// The validators' PodDisruptionBudget holds the roll's bound against drains, from the chain's
/// live validator set once the chain runs (the fake kubectl's chain mode), from the genesis before.
@Suite struct DisruptionBudgetTests {
    /// Three genesis validators; `fourth` declares a fourth node.
    static func script(fourth: String = "", then: String = "") -> String {
        """
        local a = network { name = "org-a", context = "kind-a" }
        for i = 1, 3 do a:addNode { name = "a" .. i } end
        \(fourth)
        a:genKeys { kdf = "light" }
        \(then)
        a:deploy()

        """
    }

    /// The cluster's budget's `maxUnavailable`.
    static func maxUnavailable(_ cluster: ConvergeTests.Cluster) throws -> Int? {
        (try cluster.stored("poddisruptionbudget", "org-a-validators")["spec"] as? [String: Any])?["maxUnavailable"] as? Int
    }

    @Test func aValidatorVotedInLaterRaisesTheBoundAndAReRunKeepsIt() throws {
        let cluster = try ConvergeTests.Cluster(contexts: ["kind-a"], scenario: ["chain": ""])
        try cluster.qube.write("topology.lua", Self.script())
        let first = try cluster.run(["topology.lua"])
        #expect(first.status == 0, "\(first.standardError)")
        // Three validators tolerate none down: the genesis's bound, which render writes.
        #expect(try Self.maxUnavailable(cluster) == 0)
        let rendered = String(decoding: try #require(cluster.qube.read("out/org-a/k8s/disruption-budget.yaml")), as: UTF8.self)
        #expect(rendered.contains("\n  maxUnavailable: 0\n"))

        // a4 joins the running chain, and the three genesis validators vote it in: four tolerate one down.
        let joined = Self.script(
            fourth: "a:addNode { name = \"a4\" }", then: "a:vote { add = a:nodes()[4], wait = true, timeout = 30 }")
        try cluster.qube.write("topology.lua", joined)
        let vote = try cluster.run(["topology.lua"], quiet: false)
        #expect(vote.status == 0, "\(vote.standardError)")
        #expect(try Self.maxUnavailable(cluster) == 1)
        #expect(
            vote.standardError.contains(
                "validators' PodDisruptionBudget: the chain's 4 validators (read from node 'a1') tolerate 1 down, so drains may take 1 of them down at once "
                    + "(the rendered budget says 0)\n"))
        // out/ keeps the render's bound, from the genesis, byte for byte.
        #expect(cluster.qube.read("out/org-a/k8s/disruption-budget.yaml") == Data(rendered.replacingOccurrences(
            of: "      - a3\n", with: "      - a3\n      - a4\n").utf8))
        let budget = try #require(cluster.calls.indices.last { cluster.calls[$0].first == "apply" && !cluster.calls[$0].contains("--dry-run=server") })
        let applied = String(decoding: try #require(cluster.qube.read("record/stdin-\(budget + 1).yaml")), as: UTF8.self)
        #expect(applied.contains(rendered.replacingOccurrences(of: "maxUnavailable: 0", with: "maxUnavailable: 1")
            .replacingOccurrences(of: "      - a3\n", with: "      - a3\n      - a4\n")))

        // The same chain and script: nothing changes, the budget included.
        let before = cluster.changes.count
        let again = try cluster.run(["topology.lua"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(cluster.changes.count == before, "a re-run changed \(cluster.changes.dropFirst(before))")
        #expect(try Self.maxUnavailable(cluster) == 1)
    }
}
