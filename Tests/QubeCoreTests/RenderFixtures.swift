import Foundation
import QubeCore
import QubeCrypto

/// Fixed, well-formed render inputs: 7nodes keys, small chain files and simple commands, so
/// golden trees stay stable.
enum RenderFixtures {
    /// `Tests/QubeCoreTests/Golden/k8s`.
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/k8s")

    /// The 7nodes node keys of raft/nodekey1…7 (docs/formats.md §1 V1.a).
    static let nodekeys = [
        "1be3b50b31734be48452c29d714941ba165ef0cbf3ccea8ca16c45e3d8d45fb0",
        "9bdd6a2e7cc1ca4a4019029df3834d2633ea6e14034d6dcc3b944396fe13a08b",
        "722f11686b2277dcbd72713d8a3c81c666b585c337d47f503c3c1f3c17cf001d",
        "6af685c4de99d44c620ccd9464d19bdeb62a750b9ae49b1740fb28d68a0e5c7d",
        "103bb5d20384b9af9f693d4287822fef6da7d79cb2317ed815f0081c7ea8d17d",
        "79999aef8d5197446b6051df47f01fd4d6dd1997aec3f5282e77ea27b6727346",
        "e85dae073b504871ffd7946bf5f45e6fa8dc09eb1536a48c4b6822332008973d",
    ]

    /// The 7nodes Tessera private keys of keys/tm1…7.key (docs/formats.md §5 V5.b).
    static let tesseraPrivateKeys = [
        "Wl+xSyXVuuqzpvznOS7dOobhcn4C5auxkFRi7yLtgtA=",
        "nDFwJNHSiT1gNzKBy9WJvMhmYRkW3TzFUmPsNzR6oFk=",
        "tMxUVR8bX7aq/TbpVHc2QV3SN2iUuExBwefAuFsO0Lg=",
        "grQjd3dBp4qFs8/5Jdq7xjz++aUx/LXAqISFyPWaCRw=",
        "W8XcdJfOuxCrLcspSceNg9vh7Cwe8tXiIx5xPJ88OtQ=",
        "N9wH6bG0lWOCJtSnosatAskvzkrDApdrjaWkqjDyDzE=",
        "lesaO6EWbmL1rie1biy851BnN1QsRRDK4kWUimlK0EA=",
    ]

    /// The Secret files whose content is private: it must appear nowhere but `secrets.yaml`.
    static let privateFiles = ["nodekey", "acctkeyfile.json", "password.txt", "tm.key"]

    /// The fixture called `name`: `seed`, `qbft-loadbalancer` or `raft`.
    static func named(_ name: String) throws -> RenderInput {
        switch name {
        case "seed": try seed()
        case "qbft-loadbalancer": try qbftLoadBalancer()
        default: try raftWithoutTessera()
        }
    }

    /// The seed-like network: 3 IBFT nodes, GoQuorum 2.7.0, Tessera 0.10.6, NodePort exposure,
    /// namespace org-a.
    static func seed() throws -> RenderInput {
        var network = try Network(
            NetworkSpec(
                name: "org-a", consensus: .istanbul, quorumVersion: SemanticVersion(2, 7, 0), tesseraVersion: SemanticVersion(0, 10, 6),
                namespace: "org-a", expose: Exposure(kind: .nodePort, nodeIP: "1.2.3.4")))
        for index in 1...3 {
            try network.addNode(
                NodeSpec(
                    name: "quorum-node\(index)", gethParams: index == 1 ? "--rpcvhosts=*" : "", p2pNodePort: index == 1 ? 30301 : nil,
                    tesseraNodePort: index == 1 ? 30901 : nil, source: SourceLocation(file: "topology.lua", line: 10 + index)))
        }
        return input(network, images: ContainerImages(quorum: "quorumengineering/quorum:2.7.0", tessera: "quorumengineering/tessera:0.10.6"))
    }

    /// A QBFT network on current releases behind LoadBalancers: node 1 asks for a fixed IP, both
    /// carry cloud annotations, and the namespace already exists.
    static func qbftLoadBalancer() throws -> RenderInput {
        let balancer = Exposure(kind: .loadBalancer, annotations: ["service.beta.kubernetes.io/aws-load-balancer-type": "nlb"])
        var network = try Network(
            NetworkSpec(
                name: "org-b", consensus: .qbft, chainID: 2024, quorumVersion: SemanticVersion(24, 4, 1),
                tesseraVersion: SemanticVersion(24, 4, 2), namespace: "blockchain", createsNamespace: false, expose: balancer))
        var fixed = balancer
        fixed.loadBalancerIP = "203.0.113.10"
        try network.addNode(NodeSpec(name: "validator1", expose: fixed, storageSize: "20Gi", storageClassName: "fast-ssd"))
        try network.addNode(NodeSpec(name: "validator2", storageSize: "20Gi", storageClassName: "fast-ssd"))
        return input(network, images: ContainerImages(quorum: "quorumengineering/quorum:24.4.1", tessera: "quorumengineering/tessera:24.4.2"))
    }

    /// A raft network without Tessera, exposed as NodePort.
    static func raftWithoutTessera(nodes: Int = 2) throws -> RenderInput {
        var network = try Network(
            NetworkSpec(name: "raft-net", consensus: .raft, tesseraVersion: nil, expose: Exposure(kind: .nodePort)))
        for index in 1...nodes {
            try network.addNode(NodeSpec(name: "raft\(index)"))
        }
        return input(network, images: ContainerImages(quorum: "quorumengineering/quorum:2.7.0", tessera: nil))
    }

    /// Input for `network` with the 7nodes keys in order (cycling past the seventh node).
    static func input(_ network: Network, images: ContainerImages) -> RenderInput {
        let spec = network.spec
        var tesseraConfigs: [String: Data] = [:]
        var enodes: [String] = []
        var index = 0
        return RenderInput(network: network, images: images) { node in
            let key = index % 7
            index += 1
            var facts = ChainFixtures.sevenNodes[key]
            if !spec.hasTessera { facts.tesseraPublicKey = nil }
            let host = ResourceNames.serviceDNSName(node.name, namespace: spec.namespace)
            enodes.append(
                "enode://\(facts.nodeID)@\(host):\(Ports.p2p)?discport=0" + (spec.consensus == .raft ? "&raftport=\(Ports.raft)" : ""))
            var files = [
                "nodekey": Data(nodekeys[key].utf8),
                "acctkeyfile.json": Data(#"{"address":"\#(facts.accountAddress.dropFirst(2).lowercased())","crypto":{"cipher":"aes-128-ctr","ciphertext":"fixture-\#(node.name)"},"version":3}"#.utf8),
                "password.txt": Data("fixture-password-\(node.name)".utf8),
            ]
            if spec.hasTessera {
                files["tm.key"] = Data(#"{"data":{"bytes":"\#(tesseraPrivateKeys[key])"},"type":"unlocked"}"#.utf8)
                files["tm.pub"] = Data(facts.tesseraPublicKey!.utf8)
                tesseraConfigs[node.name] = Data(
                    """
                    {
                      "jdbc": {"url": "jdbc:h2:\(PodPaths.tesseraData)/db"},
                      "peer": [{"url": "http://\(host):\(Ports.tesseraP2P)"}],
                      "keys": {"keyData": [{"privateKeyPath": "\(PodPaths.keys)/tm.key", "publicKeyPath": "\(PodPaths.keys)/tm.pub"}]}
                    }

                    """.utf8)
            }
            let geth = ["geth", "--datadir", PodPaths.quorumData, "--nodekey", PodPaths.keys + "/nodekey", "--networkid", String(spec.chainID)]
                + (node.gethParams.isEmpty ? [] : [node.gethParams])
            let commands = NodeCommands(
                initContainer: ["sh", "-c", "set -eu\nmkdir -p \(PodPaths.quorumData) \(PodPaths.tesseraData)\ngeth --datadir \(PodPaths.quorumData) init \(PodPaths.genesisDirectory)/genesis.json\n"],
                geth: geth,
                quorumContainer: spec.hasTessera ? TesseraWait.command(running: geth) : geth,
                gethEnvironment: [("PRIVATE_CONFIG", spec.hasTessera ? PodPaths.tesseraSocket : "ignore")],
                tessera: spec.hasTessera
                    ? ["java", "-Xmx512m", "-jar", "/tessera/tessera-app.jar", "-configfile", "\(PodPaths.tesseraConfigDirectory)/\(node.name).json"] : nil)
            return (facts, commands, files)
        } chain: { nodes in
            let peers = Data(("[\n" + enodes.map { "  \"\($0)\"" }.joined(separator: ",\n") + "\n]\n").utf8)
            let validators = nodes.filter(\.spec.isValidator).compactMap { try? EthereumAddress(validating: $0.keys.sealingAddress(for: spec.consensus)) }
            let extraData = "0x" + Hex.encode(ExtraData.encode(spec.consensus, validators: validators))
            let genesis = Data(
                #"{"config":{"chainId":\#(spec.chainID),"isQuorum":true},"alloc":{},"gasLimit":"0xE0000000","extraData":"\#(extraData)"}"#.utf8 + [0x0A])
            return ChainFiles(genesis: genesis, staticNodes: peers, permissionedNodes: peers, tesseraConfigs: tesseraConfigs)
        }
    }

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qube-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every regular file under `directory`, relative path → content.
    static func files(under directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = directory.resolvingSymlinksInPath().path
        for case let url as URL in FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)! {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let path = url.resolvingSymlinksInPath().path
            files[String(path.dropFirst(root.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }
}
