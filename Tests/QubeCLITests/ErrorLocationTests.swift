import Foundation
import Testing

/// The exact `file:line: message` a user sees for mistakes in a topology script.
@Suite struct ErrorLocationTests {
    /// Runs `source` and returns its standard error, expecting exit status 1.
    private func failure(of source: String, as name: String = "topology.lua", files: [String: String] = [:]) throws -> String {
        let qube = try QubeProcess()
        for (file, text) in files { try qube.write(file, text) }
        let result = try qube.runScript(source, as: name)
        #expect(result.status == 1)
        return result.standardError
    }

    @Test func unknownKeyIsNamedWithASuggestion() throws {
        let message = try failure(of: """
            local net = network {
                name = "org-a",
                chainid = 10,
            }
            """)
        #expect(message == "topology.lua:1: network: unknown key 'chainid' (did you mean 'chainId'?)\n")
    }

    @Test func misspeltConsensusListsTheChoices() throws {
        let message = try failure(of: """
            -- a comment first
            network { name = "org-a", consensus = "istanbull" }
            """)
        #expect(
            message
                == "topology.lua:2: network: consensus: 'istanbull' is not one of istanbul, qbft, raft, clique (did you mean 'istanbul'?)\n"
        )
    }

    @Test func misspeltGlobalSuggestsTheRealOne() throws {
        let message = try failure(of: "local net = netwrk { name = 'a' }\n")
        #expect(message == "topology.lua:1: unknown global 'netwrk' (did you mean 'network'?)\n")
    }

    @Test func misspeltMethodSuggestsTheRealOne() throws {
        let message = try failure(of: "local net = network { name = 'a' }\nnet:addnode { name = 'n1' }\n")
        #expect(message.hasPrefix("topology.lua:2: "))
        #expect(message.contains("'addnode'"))
        #expect(message.contains("did you mean 'addNode'?"))
    }

    @Test func duplicateNodeNameIsRefusedAtTheSecondCall() throws {
        let message = try failure(of: """
            local net = network { name = "org-a" }
            net:addNode { name = "node1" }

            net:addNode { name = "node1" }
            """)
        #expect(message == "topology.lua:4: addNode: name: a node named 'node1' is already in network 'org-a'\n")
    }

    @Test func badNodeNameSaysWhatANameMayHold() throws {
        let message = try failure(of: "local net = network { name = 'a' }\nnet:addNode { name = 'Node_1' }\n")
        #expect(
            message
                == "topology.lua:2: addNode: name: 'Node_1' is not a valid name: use 1-52 lowercase letters, digits and '-', starting and ending with a letter or digit\n"
        )
    }

    @Test func storageKubernetesWouldRefuseFailsAtAddNode() throws {
        let message = try failure(of: "local net = network { name = 'a' }\nnet:addNode { name = 'n1', storage = '5 GB' }\n")
        #expect(
            message
                == "topology.lua:2: addNode: storage: '5 GB' is not a storage size: use a positive number with a unit, such as 5Gi or 500Mi\n")
    }

    @Test func wrongTypeNamesTheField() throws {
        let message = try failure(of: "network { name = 'a', chainId = '1000' }\n")
        #expect(message == "topology.lua:1: network: chainId: expected an integer, got string\n")
    }

    @Test func unsupportedVersionListsWhatIsSupported() throws {
        let message = try failure(of: "network { name = 'a', quorum = '2.5.0' }\n")
        #expect(message.hasPrefix("topology.lua:1: network: quorum: "))
        #expect(message.contains("2.7.0"))
    }

    @Test func errorInsideARequiredModuleNamesTheModuleLine() throws {
        let message = try failure(
            of: "local lib = require 'lib.nodes'\nlib.add(network { name = 'a' })\n",
            files: ["lib/nodes.lua": "local M = {}\nfunction M.add(net)\n  net:addNode { name = 'x', validatr = true }\nend\nreturn M\n"])
        #expect(message == "lib/nodes.lua:3: addNode: unknown key 'validatr' (did you mean 'validator'?)\n")
    }

    @Test func sandboxRefusalNamesTheLine() throws {
        let message = try failure(of: "local x = 1\nos.execute('true')\n")
        #expect(message.hasPrefix("topology.lua:2: "))
        #expect(message.contains("os.execute"))
        #expect(message.contains("--unsafe"))
    }

    @Test func writeOutsideTheScriptTreeIsRefused() throws {
        let message = try failure(of: "writeExternal('../elsewhere.yaml', {})\n")
        #expect(message.hasPrefix("topology.lua:1: refusing to write '../elsewhere.yaml': it is outside the script's directory"))
    }

    @Test func renderBeforeGenKeysSaysWhatToDo() throws {
        let message = try failure(of: "local net = network { name = 'a' }\nnet:addNode { name = 'n1' }\nnet:render()\n")
        #expect(message == "topology.lua:3: node 'n1' has no keys yet: call genKeys() before this\n")
    }

    @Test func badExternalRecordNamesTheField() throws {
        let message = try failure(of: """
            local net = network { name = "a" }
            net:addExternal { Node_UserIdent = "b1", Enode_Url = "enode://abc@host:30303" }
            """)
        #expect(
            message
                == "topology.lua:2: addExternal: Enode_Url: node id in 'enode://abc@host:30303' must be 128 hex characters (a 64-byte public key), got 3\n"
        )
    }

    @Test func hostErrorFromALuaCallbackNamesTheCallbackLine() throws {
        let message = try failure(of: """
            local net = network { name = "a" }
            local names = { "n2", "n1" }
            table.sort(names, function(x, y)
                net:addNode { name = x, storage = 5 }
                return x < y
            end)
            """)
        #expect(message == "topology.lua:4: addNode: storage: expected a string, got number\n")
    }

    @Test func aNetworkWithNoNodesIsNamedAtTheRenderLine() throws {
        let message = try failure(of: "local net = network { name = 'a' }\nnet:genKeys()\n\nnet:render()\n")
        #expect(message == "topology.lua:4: network 'a' has no nodes; a new chain needs at least one (add them with addNode before this)\n")
    }

    @Test func aQctlFileWithNoNodesNamesItsLine() throws {
        let config = "genesis:\n  consensus: istanbul\n  Quorum_Version: 2.7.0\n  Tm_Version: 0.10.6\n  Chain_Id: 1000\nnodes: []\n"
        let message = try failure(of: "\nloadQubernetes('qubernetes.yaml')\n", files: ["qubernetes.yaml": config])
        #expect(
            message
                == "topology.lua:2: qubernetes.yaml:6: nodes: lists no node; a qctl configuration declares the nodes of its network "
                + "(Node_UserIdent, Key_Dir, quorum)\n")
    }

    @Test func aYAMLAnchorInAQctlFileIsNotCalledAnExchangeFile() throws {
        let message = try failure(of: "loadQubernetes('qubernetes.yaml')\n", files: ["qubernetes.yaml": "genesis:\n  base: &b 1\n"])
        #expect(
            message
                == "topology.lua:1: qubernetes.yaml:2: YAML anchors and aliases ('&' and '*' before a value) are not allowed in "
                + "a Qubernetes configuration\n")
    }

    @Test func aNumberOutOfRangeInAGenesisSaysSo() throws {
        let message = try failure(of: "\nreadGenesis('genesis.json')\n", files: ["genesis.json": "{\n  \"config\": {},\n  \"gasLimit\": 1e400\n}\n"])
        #expect(message == "topology.lua:2: genesis.json:3: a number is out of range (larger in magnitude than about 1.8e308)\n")
    }

    @Test func aSpecialFileIsNamedWithWhatItIs() throws {
        let qube = try QubeProcess()
        #expect(mkfifo(qube.directory.appendingPathComponent("org-b.yaml").path, 0o600) == 0)
        try FileManager.default.createDirectory(at: qube.directory.appendingPathComponent("dir.json"), withIntermediateDirectories: false)
        let fifo = try qube.runScript("readExternal('org-b.yaml')\n")
        #expect(fifo.standardError == "topology.lua:1: cannot read: 'org-b.yaml' is a FIFO, not a regular file\n")
        let directory = try qube.runScript("\nreadGenesis('dir.json')\n")
        #expect(directory.standardError == "topology.lua:2: cannot read: 'dir.json' is a directory, not a regular file\n")
    }
}
