import Testing

/// Errors for option values users of other tools write: the schema's hint instead of a
/// misleading "did you mean", and the supported releases for a version qube cannot read.
@Suite struct OptionHintTests {
    /// Scripts, each with the one error it must fail with.
    static let cases: [(script: String, error: String)] = [
        (
            "-- qctl calls it ibft\nnetwork { name = \"org-a\", consensus = \"ibft\" }\n",
            "topology.lua:2: network: consensus: 'ibft' is not one of istanbul, qbft, raft, clique "
                + "(IBFT is spelled 'istanbul' here, as in qctl and GoQuorum's genesis)\n"
        ),
        (
            "network { name = \"org-a\", tessera = \"0.10\" }\n",
            "topology.lua:1: network: tessera: Tessera 0.10.0 is not supported; supported versions: 0.10.5, 0.10.6, 20.10.x, 21.7.x, 24.4.x\n"
        ),
        (
            "network { name = \"org-a\", tessera = \"latest\" }\n",
            "topology.lua:1: network: tessera: 'latest' is not a release version like \"2.7.0\"; "
                + "supported versions: 0.10.5, 0.10.6, 20.10.x, 21.7.x, 24.4.x\n"
        ),
        (
            "network { name = \"org-a\", quorum = \"v21\" }\n",
            "topology.lua:1: network: quorum: 'v21' is not a release version like \"2.7.0\"; "
                + "supported versions: 2.7.0, 20.10.0, 21.4.2, 22.7.6, 23.4.0, 24.4.0, 24.4.1\n"
        ),
        (
            "\nloadQubernetes(\"qubernetes.yaml\", { name = \"a\", consensus = \"ibft\" })\n",
            "topology.lua:2: loadQubernetes: consensus: 'ibft' is not one of istanbul, qbft, raft, clique "
                + "(IBFT is spelled 'istanbul' here, as in qctl and GoQuorum's genesis)\n"
        ),
    ]

    @Test(arguments: cases) func failsAtTheLineWithTheHint(script: String, error: String) throws {
        let qube = try QubeProcess()
        try qube.write("qubernetes.yaml", "genesis:\n  consensus: istanbul\n  Quorum_Version: 2.7.0\nnodes:\n  - Node_UserIdent: n1\n    Key_Dir: key1\n")
        let result = try qube.runScript(script, as: "topology.lua")
        #expect(result.status == 1)
        #expect(result.standardError == error)
    }
}
