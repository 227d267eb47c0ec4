import Foundation

/// Everything `render` needs about one network: the validated model and what the key store and
/// chain configuration produced for it. Render only reads it; it generates nothing itself.
public struct RenderInput: Sendable {
    /// The validated network: its settings and local nodes.
    public var network: Network
    /// Public key facts per local node name.
    public var keys: [String: NodeKeys]
    /// genesis.json, the peer lists and the Tessera configs.
    public var chain: ChainFiles
    /// Container argv and environment per local node name.
    public var commands: [String: NodeCommands]
    /// The files of each node's Secret (nodekey, keystore, password, Tessera keys), per node name.
    public var secretFiles: [String: [String: Data]]
    /// The pinned images the pods run.
    public var images: ContainerImages

    /// Gathers the inputs of one render.
    public init(
        network: Network, keys: [String: NodeKeys], chain: ChainFiles, commands: [String: NodeCommands],
        secretFiles: [String: [String: Data]], images: ContainerImages
    ) {
        self.network = network
        self.keys = keys
        self.chain = chain
        self.commands = commands
        self.secretFiles = secretFiles
        self.images = images
    }
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
