import Foundation

/// A network as a script works with it: the validated model, plus its key store, genesis and
/// rendered tree on disk.
///
/// The model changes only through ``addNode(_:)`` and ``addExternal(_:)``; keys are generated
/// by ``generateKeys(options:progress:)`` and never regenerated; ``render(to:)`` writes the
/// whole tree or nothing.
public final class NetworkSession {
    /// The network's model as declared so far.
    public private(set) var network: Network
    /// The other organisation's genesis this network joins, or nil when it starts its own chain.
    public let joinedGenesis: ImportedGenesis?
    /// `keys/<network>`: node key directories and the stored genesis.
    public let keyStore: KeyStore
    /// `out/<network>`: where ``render(to:)`` writes by default.
    public let outputDirectory: URL
    /// Public key facts of the nodes whose keys are generated or loaded, by node name.
    public private(set) var keys: [String: NodeKeys] = [:]
    /// Whether ``outputDirectory`` holds a render of the model as it is now.
    public private(set) var isRendered = false

    /// Every write of the session goes through it.
    private let writeGuard: WriteGuard

    /// A session for `network`, keeping keys under `keysDirectory` and rendering into
    /// `outputDirectory`, both claimed from `writeGuard` (which refuses them when they overlap
    /// each other or another network's). Checks the versions and, when joining, that the
    /// script agrees with the joined genesis.
    public init(
        network: Network, joining genesis: ImportedGenesis?, keysDirectory: URL, outputDirectory: URL,
        writeGuard: WriteGuard = WriteGuard()
    ) throws {
        try VersionMatrix.validate(network.spec)
        try genesis?.check(against: network.spec)
        self.network = network
        self.joinedGenesis = genesis
        self.keyStore = KeyStore(
            writer: try writeGuard.claim(keyStore: keysDirectory, tree: outputDirectory, for: network.spec.name))
        self.outputDirectory = outputDirectory
        self.writeGuard = writeGuard
    }

    /// Adds a local node to the model.
    public func addNode(_ node: NodeSpec) throws(ValidationError) {
        try network.addNode(node)
        isRendered = false
    }

    /// Adds, or replaces by name, another organisation's node.
    public func addExternal(_ node: ExternalNode) throws(ValidationError) {
        try network.addExternal(node)
        isRendered = false
    }

    /// Makes sure every local node has complete, consistent keys, generating only what is
    /// missing, and returns every node's public key facts.
    @discardableResult
    public func generateKeys(
        options: KeyGenerationOptions, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> [String: NodeKeys] {
        keys = try keyStore.ensureKeys(for: network.nodes, withTessera: network.spec.hasTessera, options: options, progress: progress)
        isRendered = false
        return keys
    }

    /// The network's genesis, created (or imported) and stored on first use, unchanged after.
    public func genesis() throws -> Data {
        try GenesisStore(keyStore: keyStore).genesis(for: network, keys: try loadedKeys(), joining: joinedGenesis)
    }

    /// Renders the chain configuration and Kubernetes manifests into `directory` (by default
    /// ``outputDirectory``), replacing the previous tree atomically.
    public func render(to directory: URL? = nil) throws -> RenderReport {
        // Refuse a directory the network may not replace before reading a key.
        _ = try writeGuard.tree(directory ?? outputDirectory, for: network.spec.name)
        let keys = try loadedKeys()
        let genesis = try genesis()
        let withTessera = network.spec.hasTessera
        var secretFiles: [String: [String: Data]] = [:]
        var commands: [String: NodeCommands] = [:]
        for node in network.nodes {
            // loadedKeys() checked every key directory already.
            secretFiles[node.name] = try keyStore.secretFiles(ofChecked: node, withTessera: withTessera)
            commands[node.name] = try NodeCommands(for: node, in: network, keys: keys[node.name]!)
        }
        let locked = secretFiles.values.contains { $0[KeyFile.tesseraPassword.name] != nil }
        let chain = try ChainFiles(for: network, keys: keys, genesis: genesis, tesseraKeysLocked: locked)
        let releases = try NetworkReleases(network.spec)
        let input = RenderInput(
            network: network, keys: keys, chain: chain, commands: commands, secretFiles: secretFiles,
            images: ContainerImages(quorum: releases.quorumImage, tessera: releases.tesseraImage))
        let report = try RenderedTree.write(input, to: directory ?? outputDirectory, writeGuard: writeGuard)
        if directory == nil || directory?.standardizedFileURL == outputDirectory.standardizedFileURL { isRendered = true }
        return report
    }

    /// The keys of every local node: those generated in this run, else loaded from the store.
    /// A node without keys on disk is an error that says to call genKeys.
    private func loadedKeys() throws -> [String: NodeKeys] {
        for node in network.nodes where keys[node.name] == nil {
            let directory = keyStore.directory.appendingPathComponent(node.keyDirectory)
            guard FileManager.default.fileExists(atPath: directory.path) else {
                throw ValidationError("node '\(node.name)' has no keys yet: call genKeys() before this")
            }
            keys[node.name] = try keyStore.loadKeys(for: node, withTessera: network.spec.hasTessera)
        }
        return keys
    }
}
