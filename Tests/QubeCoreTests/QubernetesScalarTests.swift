import Foundation
import QubeCore
import Testing

/// qctl configurations whose scalars are written as Qubernetes' Ruby reads them (Psych 3.1.0,
/// YAML 1.1): the two configurations of the Qubernetes multi-cluster design, every scalar form
/// of the Qubernetes examples, and the forms Ruby would fail on, refused at their line.
@Suite struct QubernetesScalarTests {
    static func parse(_ text: String) throws(InputFileError) -> QubernetesConfig {
        try QubernetesConfigTests.parse(text)
    }

    /// One node, named and nothing else.
    static let oneNode = "nodes:\n  - Node_UserIdent: quorum-node1\n"

    /// A configuration whose genesis has `Chain_Id` written as `chainID`.
    static func withChainID(_ chainID: String) -> String {
        "genesis:\n  consensus: istanbul\n  Quorum_Version: 2.7.0\n  Chain_Id: \(chainID)\n" + oneNode
    }

    /// A configuration with one node whose `geth.Geth_Startup_Params` is written as `parameters`.
    static func withGethParameters(_ parameters: String) -> String {
        QubernetesConfigTests.withNodes("  - Node_UserIdent: quorum-node1\n    geth:\n      Geth_Startup_Params: \(parameters)\n")
    }

    @Test func organisationAOfTheMultiClusterDesignLoadsWithItsQuotedChainID() throws {
        let config = try QubernetesConfigTests.fixture("seed-org-a.yaml")
        #expect(config.chainID == 1000 && config.consensus == .istanbul)
        #expect(config.quorumVersion == SemanticVersion(2, 7, 0) && config.tesseraVersion == SemanticVersion(0, 10, 6))
        #expect(config.nodes.map(\.name) == ["quorum-node1", "quorum-node2", "quorum-node3"])
        #expect(config.nodes.map(\.keyDirectory) == ["key1", "key2", "key3"])
        #expect(config.nodes.map(\.gethParams) == [#"--rpcvhosts="*" --rpccorsdomain="*""#, #"--rpcvhosts="*" --rpccorsdomain="*""#, ""])
        #expect(try ShellWords.split(config.nodes[0].gethParams) == ["--rpcvhosts=*", "--rpccorsdomain=*"])
        #expect(config.externalNodes.isEmpty && config.warnings.isEmpty)
        #expect(config.origins["chainId"] == "seed-org-a.yaml:8: genesis.Chain_Id")
    }

    @Test func organisationBOfTheMultiClusterDesignLoadsWithTheExternalNodesOfA() throws {
        let config = try QubernetesConfigTests.fixture("seed-org-b.yaml")
        #expect(config.chainID == 1000)
        #expect(config.nodes.map(\.name) == ["quorum-node1", "quorum-node2"])
        #expect(config.nodes.allSatisfy { $0.gethParams.isEmpty })
        #expect(config.externalNodes.map(\.name) == ["quorum-node1", "quorum-node2", "quorum-node3"])
        #expect(config.externalNodes.map { "\($0.enode.host):\($0.enode.port)" } == ["1.2.3.4:32044", "1.2.3.4:32352", "1.2.3.4:31931"])
        #expect(config.externalNodes.map { $0.tesseraEndpoint?.description } == ["1.2.3.4:30047", "1.2.3.4:31735", "1.2.3.4:31914"])
        #expect(
            config.externalNodes.map(\.address) == [
                "0x60eD1973D8bEB9118f664A688B2E79a344F66954", "0x2bEa1b982A31dF3355b509303703303fCb34A0dC",
                "0x7D56e937283cFD29F5772696E610dCBf35b6C777",
            ])
        var network = try Network(config.networkSpec(named: "org-b"))
        for node in config.nodes { try network.addNode(node) }
        for node in config.externalNodes { try network.addExternal(node) }
        #expect(network.nodes.count == 2 && network.externalNodes.count == 3)
    }

    @Test func everyScalarFormOfTheQubernetesExamplesIsReadAsRubyReadsIt() throws {
        let config = try QubernetesConfigTests.fixture("scalar-forms.yaml")
        #expect(config.chainID == 1000 && config.quorumVersion == SemanticVersion(2, 7, 0) && config.tesseraVersion == SemanticVersion(0, 10, 6))
        #expect(config.exposure == .nodePort)
        #expect(config.nodes.map(\.name) == ["quorum-node1", "quorum-node2", "quorum-node3"])
        #expect(config.nodes.map(\.keyDirectory) == ["key1", NodeSpec(name: "quorum-node2").keyDirectory, "key3"])
        #expect(config.nodes.allSatisfy { $0.storageSize == "1Gi" })
        #expect(
            try config.nodes.map { try ShellWords.split($0.gethParams) } == [
                ["--verbosity", "5", "--rpccorsdomain=*", "--rpcvhosts=*", "--ws", "--wsorigins=*"],
                [],
                ["--verbosity", "9", "--rpccorsdomain=*", "--nousb"],
            ])
        #expect(
            config.warnings.map(\.description) == [
                "scalar-forms.yaml:6: k8s.sep_deployment_files: ignored: qube writes one manifest file per node",
                "scalar-forms.yaml:9: k8s.service.NetworkPolicy: ignored: qube renders no NetworkPolicy",
                "scalar-forms.yaml:25: nodes[0].quorum.quorum.Docker_Repo: ignored: qube runs the quorumengineering image of the version given",
                "scalar-forms.yaml:32: nodes[0].geth.network.public: ignored: qube networks are permissioned and never public",
                "scalar-forms.yaml:43: nodes[1].quorum.geth: ignored: Qubernetes reads a node's geth settings from its own 'geth:' key, beside 'quorum:', not here, and so does qube",
            ])
        #expect(config.externalNodes.map(\.name) == ["org-b-node1", "org-b-node2"])
        #expect(config.externalNodes[0].address == "0x9712A5aa48A654e9B117467748eF1F793153E918")
        #expect(config.externalNodes[0].tesseraEndpoint == HostPort(host: "2.2.3.4", port: 30482))
        #expect(config.externalNodes[1].enode == EnodeURL(nodeID: String(config.externalNodes[1].enode.nodeID), host: "2.2.3.4", port: 32448))
        #expect(config.externalNodes[1].tesseraEndpoint == nil && config.externalNodes[1].address == nil)
    }

    @Test func aChainIDIsEveryWholeNumberYAML11ReadsAndAQuotedDecimal() throws {
        let forms: [(String, Int)] = [
            ("1000", 1000), ("\"1000\"", 1000), ("'1000'", 1000), ("+1000", 1000), ("1_000", 1000), ("1,000", 1000),
            ("0x3e8", 1000), ("01750", 1000), ("0b1111101000", 1000), ("16:40", 60000), ("0:16:40", 1000),
        ]
        for (form, chainID) in forms {
            #expect(try Self.parse(Self.withChainID(form)).chainID == chainID, "Chain_Id: \(form)")
        }
    }

    @Test func aChainIDRubyWouldNotWriteAsAWholeNumberIsRefusedAtItsLine() {
        for form in ["abc", "\"abc\"", "\"0x3e8\"", "\"01000\"", "\"1_000\"", "\" 1000\"", "1000.0", "1e3", "-1", "yes", "2020-10-27", ":chain", ".inf"] {
            #expect(throws: InputFileError(path: "qubernetes.yaml", line: 4, field: "genesis.Chain_Id", "is not a whole number")) {
                try Self.parse(Self.withChainID(form))
            }
        }
    }

    @Test func aChainIDOfZeroAndANamespaceKubernetesRefusesAreRefusedAtTheirLine() {
        #expect(throws: InputFileError(path: "qubernetes.yaml", line: 4, field: "genesis.Chain_Id", "must be a positive whole number, got 0")) {
            try Self.parse(Self.withChainID("0x0"))
        }
        #expect(throws: InputFileError(
            path: "qubernetes.yaml", line: 2, field: "k8s.namespace",
            "'Org_A' is not a valid name: use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit")) {
            try Self.parse("k8s:\n  namespace: Org_A\n" + Self.withChainID("1000"))
        }
    }

    @Test func aVersionIsTextToYAML11OrRefusedWithHowToWriteIt() throws {
        for form in ["2.7.0", "\"2.7.0\"", "'2.7.0'"] {
            #expect(try Self.parse("genesis:\n  consensus: raft\n  Quorum_Version: \(form)\n" + Self.oneNode).quorumVersion == SemanticVersion(2, 7, 0))
        }
        #expect(try Self.parse("genesis:\n  consensus: raft\n  Quorum_Version: \"21.4\"\n" + Self.oneNode).quorumVersion == SemanticVersion(21, 4, 0))
        #expect(throws: InputFileError(
            path: "qubernetes.yaml", line: 3, field: "genesis.Quorum_Version",
            #"is a decimal number to YAML 1.1, as Qubernetes reads it; a release version is text: quote it or write the release in full, like "2.7.0""#)) {
            try Self.parse("genesis:\n  consensus: raft\n  Quorum_Version: 21.4\n")
        }
        #expect(throws: InputFileError(
            path: "qubernetes.yaml", line: 8, field: "nodes[0].quorum.tm.Tm_Version",
            #"is the number 21 to YAML 1.1, as Qubernetes reads it; a release version is text: quote it or write the release in full, like "2.7.0""#)) {
            try Self.parse(QubernetesConfigTests.withNodes("  - Node_UserIdent: n1\n    quorum:\n      tm:\n        Tm_Version: 21\n"))
        }
    }

    @Test func aNameYAML11ReadsAsABooleanOrANumberIsRefused() {
        #expect(throws: InputFileError(
            path: "qubernetes.yaml", line: 5, field: "nodes[0].Node_UserIdent",
            "is the boolean true to YAML 1.1, as Qubernetes reads it; quote it to mean the text")) {
            try Self.parse(QubernetesConfigTests.withNodes("  - Node_UserIdent: yes\n"))
        }
        #expect(throws: InputFileError(
            path: "qubernetes.yaml", line: 6, field: "nodes[0].Key_Dir",
            "is the number 1 to YAML 1.1, as Qubernetes reads it; quote it to mean the text")) {
            try Self.parse(QubernetesConfigTests.withNodes("  - Node_UserIdent: n1\n    Key_Dir: 1\n"))
        }
        #expect(throws: Never.self) { try Self.parse(QubernetesConfigTests.withNodes("  - Node_UserIdent: \"yes\"\n    Key_Dir: '1'\n")) }
    }

    @Test func gethParametersAreReadAsThePodShellGetsThem() throws {
        let forms: [(String, [String])] = [
            (#"--rpccorsdomain=\"*\""#, ["--rpccorsdomain=*"]),
            (#""--rpccorsdomain=\\\"*\\\"""#, ["--rpccorsdomain=*"]),
            (#"'--rpccorsdomain=\"*\"'"#, ["--rpccorsdomain=*"]),
            ("--rpccorsdomain=*", ["--rpccorsdomain=*"]),
            (#"--ipcpath=\/data\/geth.ipc --identity=a\\\\b"#, ["--ipcpath=/data/geth.ipc", #"--identity=a\b"#]),
            (#"--identity=\x41\u00e9"#, ["--identity=Aé"]),
            ("\"\"", []),
            ("7", ["7"]),
        ]
        for (form, words) in forms {
            let config = try Self.parse(Self.withGethParameters(form))
            #expect(try ShellWords.split(config.nodes[0].gethParams) == words, "Geth_Startup_Params: \(form)")
        }
    }

    @Test func gethParametersThatWouldBreakQubernetesPodCommandAreRefused() {
        let cases: [(String, String)] = [
            (
                #"--rpccorsdomain="*""#,
                #"has a '"' that is not escaped: Qubernetes puts this text inside a double-quoted string of the pod's command, which it would end; write \" (as qctl does)"#
            ),
            (
                #"--datadir=C:\data"#,
                #"has a '\' that starts no YAML escape: Qubernetes puts this text inside a double-quoted string of the pod's command; write \\ for a backslash"#
            ),
            (#"--identity=\x4"#, #"has a '\' that starts no YAML escape: Qubernetes puts this text inside a double-quoted string of the pod's command; write \\ for a backslash"#),
            (#"--verbosity 3\n--exec x"#, "must not contain control characters, escaped or not"),
            ("1.5", "is a decimal number to YAML 1.1, as Qubernetes reads it; quote it to mean the text"),
        ]
        for (form, message) in cases {
            #expect(throws: InputFileError(path: "qubernetes.yaml", line: 7, field: "nodes[0].geth.Geth_Startup_Params", message)) {
                try Self.parse(Self.withGethParameters(form))
            }
        }
    }

    @Test func verbosityAndNetworkIDAreWholeNumbersQuotedOrNot() throws {
        let config = try Self.parse(
            QubernetesConfigTests.withNodes("  - Node_UserIdent: n1\n    geth:\n      network:\n        id: \"1101\"\n      verbosity: \"3\"\n"))
        #expect(config.nodes[0].gethParams == "--verbosity 3" && config.warnings.isEmpty)
        #expect(throws: InputFileError(path: "qubernetes.yaml", line: 7, field: "nodes[0].geth.verbosity", "is not a whole number")) {
            try Self.parse(QubernetesConfigTests.withNodes("  - Node_UserIdent: n1\n    geth:\n      verbosity: loud\n"))
        }
    }

    @Test func aConfigurationWithoutNodesIsRefusedAtItsNodesLine() {
        #expect(throws: InputFileError(
            path: "qubernetes.yaml", line: 4, field: "nodes",
            "lists no node; a qctl configuration declares the nodes of its network (Node_UserIdent, Key_Dir, quorum)")) {
            try Self.parse("genesis:\n  consensus: raft\n  Quorum_Version: 2.7.0\nnodes: []\n")
        }
        #expect(throws: InputFileError(
            path: "qubernetes.yaml", line: 1, field: "nodes",
            "lists no node; a qctl configuration declares the nodes of its network (Node_UserIdent, Key_Dir, quorum)")) {
            try Self.parse("genesis:\n  consensus: raft\n  Quorum_Version: 2.7.0\n")
        }
    }

    @Test func anyCaseOfNullIsAnAbsentValueAsInRuby() throws {
        let config = try Self.parse("genesis:\n  consensus: raft\n  Quorum_Version: 2.7.0\n  Chain_Id: nULL\n  Tm_Version: ~\n" + Self.oneNode)
        #expect(config.chainID == QubernetesConfig.defaultChainID && config.tesseraVersion == nil)
    }
}
