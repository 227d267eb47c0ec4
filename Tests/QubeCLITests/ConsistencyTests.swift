import Foundation
import Testing

/// Settings that each pass alone but clash together: an error at the line of the second one,
/// naming the first.
@Suite struct ConsistencyTests {
    private func failure(of source: String) throws -> String {
        let qube = try QubeProcess()
        let result = try qube.runScript(source)
        #expect(result.status == 1)
        return result.standardError
    }

    @Test func theSameNodePortOnTwoNodesIsRefused() throws {
        let message = try failure(of: """
            local net = network { name = "org-a" }
            net:addNode { name = "n1", nodePort = 30001 }
            net:addNode { name = "n2", tmNodePort = 30001 }
            """)
        #expect(message == "topology.lua:3: addNode: tmNodePort: NodePort 30001 is already taken by node 'n1' (topology.lua:2)\n")
    }

    @Test func nodePortEqualToTmNodePortIsRefused() throws {
        let message = try failure(of: """
            local net = network { name = "org-a" }
            net:addNode { name = "n1", nodePort = 30001, tmNodePort = 30001 }
            """)
        #expect(message == "topology.lua:2: addNode: tmNodePort: is 30001, the node's nodePort too; each NodePort carries one service\n")
    }

    @Test func aNodePortTakenInAnotherNetworkIsRefused() throws {
        let message = try failure(of: """
            local a = network { name = "org-a", namespace = "a" }
            local b = network { name = "org-b", namespace = "b" }
            a:addNode { name = "n1", nodePort = 30001 }
            b:addNode { name = "m1", nodePort = 30001 }
            """)
        #expect(
            message
                == "topology.lua:4: addNode: nodePort: NodePort 30001 is already taken by node 'n1' of network 'org-a' (topology.lua:3); NodePorts are cluster-wide\n"
        )
    }

    @Test func twoNetworksWithOneNodeNameInOneNamespaceAreRefused() throws {
        let message = try failure(of: """
            local a = network { name = "org-a", namespace = "shared" }
            local b = network { name = "org-b", namespace = "shared" }
            a:addNode { name = "n1" }

            b:addNode { name = "n1" }
            """)
        #expect(
            message
                == "topology.lua:5: addNode: name: 'n1' in namespace 'shared' is already node 'n1' of network 'org-a' (topology.lua:3); its objects would replace each other\n"
        )
    }

    @Test func oneNodeNameInTwoNamespacesIsFine() throws {
        let qube = try QubeProcess()
        let result = try qube.runScript("""
            local a = network { name = "org-a", namespace = "a" }
            local b = network { name = "org-b", namespace = "b" }
            a:addNode { name = "n1" }
            b:addNode { name = "n1" }
            """)
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test func twoNodesHoldingOneKeyAreRefusedAtRender() throws {
        let qube = try QubeProcess()
        let first = try qube.runScript("""
            local net = network { name = "org-a" }
            net:addNode { name = "n1" }
            net:addNode { name = "n2" }
            net:genKeys { kdf = "light" }
            """)
        #expect(first.status == 0, "\(first.standardError)")
        let keys = qube.directory.appendingPathComponent("keys/org-a")
        try FileManager.default.removeItem(at: keys.appendingPathComponent("n2"))
        try FileManager.default.copyItem(at: keys.appendingPathComponent("n1"), to: keys.appendingPathComponent("n2"))
        let result = try qube.runScript("""
            local net = network { name = "org-a" }
            net:addNode { name = "n1" }
            net:addNode { name = "n2" }

            net:render()
            """)
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "topology.lua:5: node 'n2' (topology.lua:3) holds the same nodekey as node 'n1' (topology.lua:2); each node needs keys of its own (generate them, do not copy a key directory)\n"
        )
        #expect(qube.read("out/org-a/k8s/nodes/n2.yaml") == nil)
    }
}
