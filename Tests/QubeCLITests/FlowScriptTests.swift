import Foundation
import Testing

/// The pieces of the cross-organisation flow as scripts use them: `qube.exists`, the stdlib
/// modules `qube.exchange` and `qube.nodes`, and `loadQubernetes` with a Qubernetes key directory.
@Suite struct FlowScriptTests {
    /// Two networks with fixed NodePorts, so exporting needs no cluster. Light KDF: these tests
    /// check the flow, not keystore strength.
    static let twoNetworks = """
        local exchange = require "qube.exchange"
        local nodes = require "qube.nodes"
        local a = network { name = "a", context = "ctx-a", tessera = false, expose = { type = "NodePort", nodeIp = "192.0.2.1" } }
        nodes.add(a, { count = 2, prefix = "a", nodePort = 30301 })
        a:genKeys { kdf = "light" }
        local b = network { name = "b", context = "ctx-b", tessera = false, genesis = a:genesis(), expose = { type = "NodePort", nodeIp = "192.0.2.2" } }
        nodes.add(b, { count = 1, prefix = "b", validator = false, nodePort = 30311 })
        b:genKeys { kdf = "light" }

        """

    @Test func existsAnswersForPathsBesideTheScript() throws {
        let qube = try QubeProcess()
        try qube.write("here.yaml", "x: 1\n")
        let result = try qube.runScript("print(qube.exists('here.yaml'), qube.exists('missing.yaml'), qube.exists('.'))\n")
        #expect(result.status == 0)
        #expect(result.standardOutput == "true\tfalse\ttrue\n")
    }

    @Test func nodesAddNumbersNamesAndPortsAndBlamesTheScriptLine() throws {
        let qube = try QubeProcess()
        let result = try qube.runScript(
            """
            local nodes = require "qube.nodes"
            local n = network { name = "n", tessera = false }
            for _, node in ipairs(nodes.add(n, { count = 2, first = 4, prefix = "v", nodePort = 31000, validator = false })) do
              print(node.name, node.validator)
            end
            nodes.add(n, { count = 1, prefix = "w", gethparams = "" })

            """)
        #expect(result.standardOutput == "v4\tfalse\nv5\tfalse\n")
        #expect(result.status == 1)
        #expect(result.standardError == "topology.lua:6: addNode: unknown key 'gethparams' (did you mean 'gethParams'?)\n")
    }

    @Test func shareAndConnectWireEachNetworkToTheOthersExportedNodes() throws {
        let qube = try QubeProcess()
        let result = try qube.runScript(
            Self.twoNetworks + """
                exchange.connect(a, b)
                for _, net in ipairs { a, b } do
                  for _, r in ipairs(net:externalNodes()) do print(net.name, r.Node_UserIdent, r.Enode_Url:match("@([^?]*)")) end
                end
                exchange.share(a, 42)

                """)
        #expect(result.standardOutput == "a\tb1\t192.0.2.2:30311\nb\ta1\t192.0.2.1:30301\nb\ta2\t192.0.2.1:30302\n")
        #expect(result.status == 1)
        #expect(result.standardError == "topology.lua:13: exchange.share: argument #2 must be a network, got number\n")
    }

    @Test func publishAndAdoptTradeFilesAndAdoptWaitsForTheFile() throws {
        let qube = try QubeProcess()
        let script = Self.twoNetworks + """
            print(exchange.adopt(a, "b.external.yaml"))
            exchange.publish(b, "b.external.yaml")
            print(#exchange.adopt(a, "b.external.yaml"), #a:externalNodes())

            """
        let first = try qube.runScript(script)
        #expect(first.status == 0)
        #expect(first.standardOutput == "nil\n1\t1\n")
        let published = try #require(qube.read("b.external.yaml"))
        #expect(String(decoding: published, as: UTF8.self).hasPrefix("external_nodes:\n- Node_UserIdent: \"b1\"\n  Enode_Url: \"enode://"))
        _ = try qube.runScript(script)
        #expect(qube.read("b.external.yaml") == published)
    }

    @Test func loadQubernetesUsesAQubernetesKeyDirectoryAsTheKeyStore() throws {
        let qube = try QubeProcess()
        let generated = try qube.runScript(
            """
            local seed = network { name = "seed", consensus = "raft", tessera = false, keysDir = "qubernetes/7nodes" }
            seed:addNode { name = "one", keyDir = "key1" }
            seed:addNode { name = "two", keyDir = "key2" }
            seed:genKeys { kdf = "light" }
            for _, n in ipairs(seed:nodes()) do print(n.nodeId) end

            """, as: "seed.lua")
        #expect(generated.status == 0)
        let nodekey = try #require(qube.read("qubernetes/7nodes/key1/nodekey"))
        for key in ["key1", "key2"] {
            try FileManager.default.removeItem(at: qube.directory.appendingPathComponent("qubernetes/7nodes/\(key)/nodekeyaddress"))
        }
        try qube.write(
            "qubernetes/qubernetes.yaml",
            """
            k8s:
              sep_deployment_files: true
            config:
              Key_Dir_Base: 7nodes
            genesis:
              consensus: raft
              Quorum_Version: 2.7.0
            nodes:
              - Node_UserIdent: quorum-node1
                Key_Dir: key1
              - Node_UserIdent: quorum-node2
                Key_Dir: key2
                geth:
                  verbosity: 5

            """)
        let loaded = try qube.runScript(
            """
            local net = loadQubernetes("qubernetes/qubernetes.yaml", { name = "raft7" })
            net:genKeys()
            net:render()
            for _, n in ipairs(net:nodes()) do print(n.nodeId) end

            """, as: "load.lua")
        #expect(loaded.status == 0)
        #expect(loaded.standardOutput == generated.standardOutput)
        #expect(loaded.standardError == "warning: qubernetes/qubernetes.yaml:2: k8s.sep_deployment_files: ignored: qube writes one manifest file per node\n")
        #expect(qube.read("qubernetes/7nodes/key1/nodekey") == nodekey)
        #expect(qube.read("qubernetes/7nodes/key1/nodekeyaddress") != nil)
        let staticNodes = String(decoding: try #require(qube.read("out/raft7/static-nodes.json")), as: UTF8.self)
        #expect(generated.standardOutput.split(separator: "\n").allSatisfy { staticNodes.contains(String($0)) })
    }

    /// What `loadQubernetes(path)` on line `line` of a script prints when the file `path`, holding
    /// `text`, is refused (checking that the script exits 1).
    static func refusal(loading text: String, as path: String, atScriptLine line: Int = 1, in qube: QubeProcess) throws -> String {
        try qube.write(path, text)
        let result = try qube.runScript(String(repeating: "\n", count: line - 1) + "local n = loadQubernetes('\(path)')\n")
        #expect(result.status == 1)
        return result.standardError
    }

    @Test func loadQubernetesNamesTheConfigLineOfAnUnsupportedVersion() throws {
        let qube = try QubeProcess()
        let text = "genesis:\n  consensus: istanbul\n  Quorum_Version: 21.7.1\n  Chain_Id: 10\nnodes:\n  - Node_UserIdent: n1\n"
        #expect(
            try Self.refusal(loading: text, as: "q.yaml", in: qube)
                == "topology.lua:1: loadQubernetes: q.yaml:3: genesis.Quorum_Version: GoQuorum 21.7.1 is not supported; supported versions: 2.7.0, 20.10.0, 21.4.2, 22.7.6, 23.4.0, 24.4.0, 24.4.1 (or pass quorum = \"<version>\" to loadQubernetes)\n")
        let overridden = try qube.runScript("print(loadQubernetes('q.yaml', { quorum = '24.4.1' }).quorum)\n")
        #expect(overridden.standardOutput == "24.4.1\n")
    }

    /// The two configurations of the Qubernetes multi-cluster design (`Tests/Fixtures/qubernetes`).
    static func seedConfiguration(_ name: String) throws -> String {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/qubernetes")
        return try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func loadQubernetesLoadsBothConfigurationsOfTheMultiClusterDesign() throws {
        let qube = try QubeProcess()
        try qube.write("org-a/qubernetes.yaml", try Self.seedConfiguration("seed-org-a.yaml"))
        try qube.write("org-b/qubernetes.yaml", try Self.seedConfiguration("seed-org-b.yaml"))
        let result = try qube.runScript(
            """
            for _, org in ipairs { "a", "b" } do
              local net = loadQubernetes("org-" .. org .. "/qubernetes.yaml", { name = "org-" .. org })
              print(net.name, net.chainId, net.quorum, net.tessera, #net:nodes(), #net:externalNodes())
            end

            """)
        #expect(result.standardError == "")
        #expect(result.status == 0)
        #expect(result.standardOutput == "org-a\t1000\t2.7.0\t0.10.6\t3\t0\norg-b\t1000\t2.7.0\t0.10.6\t2\t3\n")
    }

    @Test func loadQubernetesNamesTheConfigLineOfANetworkWithoutNodesAndOfABadNode() throws {
        let qube = try QubeProcess()
        #expect(
            try Self.refusal(loading: "genesis:\n  consensus: istanbul\n  Quorum_Version: 2.7.0\nnodes: []\n", as: "empty.yaml", in: qube)
                == "topology.lua:1: empty.yaml:4: nodes: lists no node; a qctl configuration declares the nodes of its network (Node_UserIdent, Key_Dir, quorum)\n")
        let shared = "genesis:\n  consensus: istanbul\n  Quorum_Version: 2.7.0\nnodes:\n  - Node_UserIdent: n1\n    Key_Dir: key1\n  - Node_UserIdent: n2\n    Key_Dir: key1\n"
        #expect(
            try Self.refusal(loading: shared, as: "shared.yaml", atScriptLine: 2, in: qube) == "topology.lua:2: loadQubernetes: shared.yaml:7: keyDir: key directory 'key1' is already used by another node\n")
    }
}
