import Foundation
import QubeCore
import Testing

/// qctl configurations read as qube networks: fixtures shaped like Consensys/qubernetes
/// examples/config (qubes-minimal, qubes-full) plus hand-made mistakes.
@Suite struct QubernetesConfigTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/qubernetes")

    static func fixture(_ name: String) throws -> QubernetesConfig {
        try QubernetesConfig.read(from: fixtures.appendingPathComponent(name), displayPath: name)
    }

    static func parse(_ text: String) throws(InputFileError) -> QubernetesConfig {
        try QubernetesConfig.parse(Data(text.utf8), displayPath: "qubernetes.yaml")
    }

    /// A valid configuration with `nodes` spliced in as the nodes list.
    static func withNodes(_ nodes: String, genesis: String = "genesis:\n  consensus: istanbul\n  Quorum_Version: 2.7.0\n") -> String {
        genesis + "nodes:\n" + nodes
    }

    @Test func minimalConfigBecomesANetworkWithItsKeyDirectories() throws {
        let config = try Self.fixture("qubes-minimal.yaml")
        #expect(config.consensus == .istanbul)
        #expect(config.chainID == 10)
        #expect(config.quorumVersion == SemanticVersion(2, 7, 0))
        #expect(config.tesseraVersion == SemanticVersion(0, 10, 6))
        #expect(config.nodes.map(\.name) == ["quorum-node1", "quorum-node2", "quorum-node3"])
        #expect(config.nodes.map(\.keyDirectory) == ["key1", "key2", "key3"])
        #expect(config.nodes.allSatisfy { $0.isValidator && $0.gethParams.isEmpty })
        #expect(config.nodes.first?.source == SourceLocation(file: "qubes-minimal.yaml", line: 8))
        #expect(config.warnings.isEmpty)
        #expect(config.externalNodes.isEmpty)
        let spec = config.networkSpec(named: "minimal")
        #expect(spec.namespace == "minimal" && spec.chainID == 10 && spec.consensus == .istanbul && !spec.expose.isExposed)
        #expect(config.origins["quorum"] == "qubes-minimal.yaml:3: genesis.Quorum_Version")
    }

    @Test func fullConfigReportsEveryKeyQubeDoesNotHonourWithItsPathAndLine() throws {
        let config = try Self.fixture("qubes-full.yaml")
        #expect(
            config.warnings.map(\.description) == [
                "qubes-full.yaml:2: k8s.sep_deployment_files: ignored: qube writes one manifest file per node",
                "qubes-full.yaml:3: k8s.securityContext: ignored: qube renders its own pod settings",
                "qubes-full.yaml:9: k8s.service.Ingress: ignored: qube exposes no RPC outside the cluster; add an Ingress of your own for RPC",
                "qubes-full.yaml:12: k8s.service.storage: ignored: Qubernetes reads storage from k8s.storage, not here, and so does qube",
                "qubes-full.yaml:16: cakeshop: ignored: qube does not deploy Cakeshop",
                "qubes-full.yaml:22: prometheus: ignored: qube does not deploy Prometheus; pass geth's --metrics flags in Geth_Startup_Params",
                "qubes-full.yaml:39: nodes[0].quorum.quorum.Docker_Repo: ignored: qube runs the quorumengineering image of the version given",
                "qubes-full.yaml:43: nodes[0].quorum.tm.Docker_Repo: ignored: qube runs the quorumengineering image of the version given",
                "qubes-full.yaml:46: nodes[0].geth.network.id: qube runs every node with --networkid equal to the chain id (10)",
            ])
        #expect(config.exposure == .nodePort)
        #expect(config.quorumVersion == SemanticVersion(21, 7, 1) && config.tesseraVersion == SemanticVersion(21, 7, 2))
        #expect(config.nodes.map(\.gethParams) == [#"--verbosity 9 --rpccorsdomain="*""#, #"--rpccorsdomain="*""#, ""])
        #expect(config.nodes.allSatisfy { $0.storageSize == NodeSpec(name: "x").storageSize })
    }

    @Test func namespaceStorageKeyBaseAndExternalNodesAreHonoured() throws {
        let config = try Self.fixture("qubes-raft-external.yaml")
        #expect(config.consensus == .raft && config.tesseraVersion == nil)
        #expect(config.namespace == "quorum-raft" && config.exposure == .clusterIP)
        #expect(config.keyDirectoryBase == "7nodes")
        #expect(config.nodes.allSatisfy { $0.storageSize == "1Gi" && $0.storageClassName == "my-csi-plugin" })
        #expect(config.externalNodes.map(\.name) == ["quorum-node3"])
        #expect(config.externalNodes.first?.enode.host == "10.0.1.3")
        #expect(config.externalNodes.first?.address == "0xed9d02e382b34818e88B88a309c7fe71E65f419d")
        #expect(config.networkSpec(named: "r").namespace == "quorum-raft")
        #expect(
            config.warnings.map(\.description) == [
                "qubes-raft-external.yaml:9: k8s.storage.PVC.Strategy: ignored: qube gives every node one volume claim (Qubernetes' templates do not read this key either)"
            ])
    }

    @Test func unknownKeyIsAnErrorWithPathLineAndSuggestion() {
        let text = Self.withNodes(
            """
              - Node_UserIdent: quorum-node1
                quorum:
                  tm:
                    Nmae: tessera

            """)
        #expect(throws: InputFileError(
            path: "qubernetes.yaml", line: 8, field: "nodes[0].quorum.tm",
            "unknown key (did you mean 'Name'?); known here: Name, Tm_Version, Docker_Repo, Docker_Repo_Full")) {
            try Self.parse(text)
        }
        #expect(throws: InputFileError.self) { try Self.parse("genesis:\n  consensus: raft\n  Quorum_Version: 2.7.0\ncakeshopp: {}\n") }
    }

    @Test func valuesAreStrictlyTyped() {
        let cases: [(String, InputFileError)] = [
            (
                "genesis:\n  consensus: istanbul\n  Quorum_Version: 2.7.0\n  Chain_Id: ten\n",
                InputFileError(path: "qubernetes.yaml", line: 4, field: "genesis.Chain_Id", "is not a whole number")
            ),
            (
                "genesis:\n  consensus: istanbul\n  Quorum_Version: 2.7.0\n  Chain_Id: \"0x3e8\"\n",
                InputFileError(path: "qubernetes.yaml", line: 4, field: "genesis.Chain_Id", "is not a whole number")
            ),
            (
                "genesis:\n  consensus: istanbul\n  Quorum_Version: [2, 7]\n",
                InputFileError(path: "qubernetes.yaml", line: 3, field: "genesis.Quorum_Version", "must be a text value, not a list")
            ),
            (
                "genesis:\n  consensus: pow\n  Quorum_Version: 2.7.0\n",
                InputFileError(path: "qubernetes.yaml", line: 2, field: "genesis.consensus", "is not one of istanbul, qbft, raft, clique")
            ),
            (
                "genesis:\n  consensus: ibft\n  Quorum_Version: 2.7.0\n",
                InputFileError(
                    path: "qubernetes.yaml", line: 2, field: "genesis.consensus",
                    "is not one of istanbul, qbft, raft, clique (IBFT is spelled 'istanbul' here, as in qctl and GoQuorum's genesis)")
            ),
            (
                "genesis:\n  consensus: istanbul\n  Quorum_Version: latest\n",
                InputFileError(path: "qubernetes.yaml", line: 3, field: "genesis.Quorum_Version", #"is not a release version like "2.7.0""#)
            ),
            (
                "genesis:\n  consensus: istanbul\n  Quorum_Version: 2.7.0\nk8s:\n  service:\n    type: nodeport\n",
                InputFileError(
                    path: "qubernetes.yaml", line: 6, field: "k8s.service.type",
                    "is not one of ClusterIP, NodePort, LoadBalancer (did you mean 'NodePort'?)")
            ),
            (
                Self.withNodes("  - Node_UserIdent: Quorum_Node1\n"),
                InputFileError(
                    path: "qubernetes.yaml", line: 5, field: "nodes[0].Node_UserIdent",
                    "'Quorum_Node1' is not a valid name: use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit")
            ),
            (
                Self.withNodes("  - Node_UserIdent: quorum-node1\n    Key_Dir: ../../etc\n"),
                InputFileError(path: "qubernetes.yaml", line: 6, field: "nodes[0].Key_Dir", "is not a directory name (no '/', not '.' or '..')")
            ),
        ]
        for (text, expected) in cases {
            #expect(throws: expected) { try Self.parse(text) }
        }
    }

    @Test func aNetworkHasOneVersionConsensusAndTransactionManagerChoice() {
        let node = { (name: String, version: String, tm: Bool) in
            "  - Node_UserIdent: \(name)\n    quorum:\n      quorum:\n        Quorum_Version: \(version)\n"
                + (tm ? "      tm:\n        Name: tessera\n        Tm_Version: 0.10.6\n" : "")
        }
        #expect(throws: InputFileError(
            path: "qubernetes.yaml", line: 15, field: "nodes[1].quorum.quorum.Quorum_Version",
            "2.6.0 differs from 2.7.0 elsewhere in the file; a qube network has one quorum")) {
            try Self.parse(Self.withNodes(node("a", "2.7.0", true) + node("b", "2.6.0", true)))
        }
        #expect(throws: InputFileError(
            path: "qubernetes.yaml", line: 5, field: "nodes",
            "1 of 2 nodes run a transaction manager; qube runs Tessera beside every node or beside none")) {
            try Self.parse(Self.withNodes(node("a", "2.7.0", true) + node("b", "2.7.0", false)))
        }
        #expect(throws: InputFileError(path: "qubernetes.yaml", line: 9, field: "nodes[1].Node_UserIdent", "is the name of the node at line 5 too")) {
            try Self.parse(Self.withNodes(node("a", "2.7.0", false) + node("a", "2.7.0", false)))
        }
        #expect(throws: InputFileError(path: "qubernetes.yaml", line: 1, field: "genesis.consensus", "is required (raft, istanbul, qbft or clique)")) {
            try Self.parse("genesis:\n  Quorum_Version: 2.7.0\n")
        }
    }

    @Test func constellationRunsTesseraWithAWarning() throws {
        let config = try Self.parse(
            Self.withNodes("  - Node_UserIdent: quorum-node1\n    quorum:\n      tm:\n        Name: constellation\n        Tm_Version: 0.10.6\n"))
        #expect(config.tesseraVersion == SemanticVersion(0, 10, 6))
        #expect(config.warnings.map(\.field) == ["nodes[0].quorum.tm.Name"])
    }

    @Test func externalNodesAreCheckedLikeAnExchangeFile() {
        let text = """
            genesis:
              consensus: raft
              Quorum_Version: 2.7.0
            external_nodes:
              - Node_UserIdent: quorum-node9
                Enode_Url: "enode://1234@10.0.0.1:30303"

            """
        #expect(throws: InputFileError.self) { try Self.parse(text) }
        do {
            _ = try Self.parse(text)
        } catch {
            #expect(error.line == 6 && error.field == "external_nodes[0].Enode_Url")
        }
    }

    @Test func hostileYAMLIsRefusedBeforeItCostsAnything() {
        #expect(throws: InputFileError.self) { try Self.parse("genesis: &g\n  consensus: raft\nnodes: *g\n") }
        #expect(throws: InputFileError.self) { try Self.parse("genesis: !!python/object:os.system\n  consensus: raft\n") }
        #expect(throws: InputFileError.self) { try Self.parse("genesis: {}\n---\ngenesis: {}\n") }
    }

    @Test func preQctlConfigSaysWhichFormQubeReads() {
        #expect(throws: InputFileError(
            path: "qubernetes.yaml", line: 2, field: "nodes",
            "must be a list, not a mapping (this is a pre-qctl qubernetes.yaml with a separate nodes.yaml; qube reads the qctl form, a list of nodes)")) {
            try Self.parse("nodes:\n  number: 7\n")
        }
    }
}
