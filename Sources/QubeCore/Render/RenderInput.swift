import Foundation

/// Everything `render` needs about one network: its settings, one ``RenderNode`` per local node
/// and the chain files every node reads. Render only reads it; it generates nothing itself.
public struct RenderInput: Sendable {
    /// The network's settings.
    public var spec: NetworkSpec
    /// The local nodes in script order, each with everything render needs about it.
    public var nodes: [RenderNode]
    /// genesis.json, byte for byte as every organisation shares it.
    public var genesis: Data
    /// static-nodes.json.
    public var staticNodes: Data
    /// permissioned-nodes.json.
    public var permissionedNodes: Data
    /// The pinned images the pods run.
    public var images: ContainerImages
    /// The other organisations' nodes the network peers with that vote in a raft cluster (not
    /// learners): with the local voting nodes, the members a raft majority counts.
    public var externalRaftVoters: Int
    /// The Tessera TLS known-hosts file of every local node, when P2P runs over TLS.
    public var tesseraKnownPeers: Data?

    /// Gathers the inputs of one render of `network`: `material` gives what the key store and
    /// chain configuration produced for each local node, in script order; `chain` then renders
    /// the chain files from those nodes (it may read their Secret files) and gives each node its
    /// Tessera config.
    public init(
        network: Network, images: ContainerImages, material: (NodeSpec) throws -> RenderNode.Material,
        chain: ([RenderNode]) throws -> ChainFiles
    ) rethrows {
        var nodes = try network.nodes.map { node in
            let material = try material(node)
            return RenderNode(spec: node, keys: material.keys, commands: material.commands, secretFiles: material.secretFiles, tesseraConfig: nil)
        }
        let files = try chain(nodes)
        for index in nodes.indices { nodes[index].tesseraConfig = files.tesseraConfigs[nodes[index].spec.name] }
        self.spec = network.spec
        self.nodes = nodes
        self.genesis = files.genesis
        self.staticNodes = files.staticNodes
        self.permissionedNodes = files.permissionedNodes
        self.images = images
        self.externalRaftVoters = network.externalNodes.filter { !$0.isRaftLearner }.count
        self.tesseraKnownPeers = files.tesseraKnownPeers
    }
}

/// One local node as render sees it: its settings and what was produced for it.
public struct RenderNode: Sendable {
    /// The node's settings, as the validated network holds them.
    public var spec: NodeSpec
    /// Public key facts of the node.
    public var keys: NodeKeys
    /// Container argv and environment.
    public var commands: NodeCommands
    /// The files of the node's Secret (nodekey, keystore, password, Tessera keys).
    public var secretFiles: [String: Data]
    /// The node's Tessera config JSON; nil when the network runs without Tessera.
    public var tesseraConfig: Data?

    /// What the key store and chain configuration produce for a node before render.
    public typealias Material = (keys: NodeKeys, commands: NodeCommands, secretFiles: [String: Data])
}

/// The container images of a network's pods, each pinned to a release.
public struct ContainerImages: Equatable, Sendable {
    /// The GoQuorum image, e.g. `quorumengineering/quorum:2.7.0`; also runs the init container.
    public var quorum: String
    /// The Tessera image, or nil when the network runs without a privacy manager.
    public var tessera: String?

    /// Names the images of a network.
    public init(quorum: String, tessera: String?) {
        self.quorum = quorum
        self.tessera = tessera
    }
}
