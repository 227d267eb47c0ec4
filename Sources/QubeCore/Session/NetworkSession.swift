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
    /// `addresses/<network>.json` (``RecordedTesseraAddresses``), or nil when this session
    /// records none.
    public let recordedAddresses: URL?
    /// Public key facts of the nodes whose keys are generated or loaded, by node name.
    public private(set) var keys: [String: NodeKeys] = [:]
    /// The raft IDs recorded in `keys/<network>/raft-ids.json` (raft networks only).
    public private(set) var raftMembership = RaftMembership()
    /// Whether ``outputDirectory`` holds a render of the model as it is now.
    public private(set) var isRendered = false

    /// Every write of the session goes through it.
    private let writeGuard: WriteGuard

    /// A session for `network`, keeping keys under `keysDirectory` and rendering into
    /// `outputDirectory`, both claimed from `writeGuard` (which refuses them when they overlap
    /// each other or another network's). Checks the versions, that the nodes of the last render
    /// there can move to them (``RenderedReleases/checkUpgrade(to:)``) and, when joining, that the
    /// script agrees with the joined genesis. The Tessera addresses recorded in
    /// `recordedAddresses` are adopted into the model, and a raft network reads its raft ID
    /// record (``RaftMembership``).
    public init(
        network: Network, joining genesis: ImportedGenesis?, keysDirectory: URL, outputDirectory: URL, recordedAddresses: URL? = nil,
        writeGuard: WriteGuard = WriteGuard()
    ) throws {
        try VersionMatrix.validate(network.spec)
        try RenderedReleases.read(from: outputDirectory)?.checkUpgrade(to: network.spec)
        try genesis?.check(against: network.spec)
        var network = network
        if let recordedAddresses {
            network.adoptRecordedTesseraAddresses(
                try RecordedTesseraAddresses.read(from: recordedAddresses, displayPath: RecordedTesseraAddresses.path(of: network.spec.name)))
        }
        self.network = network
        self.joinedGenesis = genesis
        self.keyStore = KeyStore(
            writer: try writeGuard.claim(keyStore: keysDirectory, tree: outputDirectory, for: network.spec.name))
        self.outputDirectory = outputDirectory
        self.recordedAddresses = recordedAddresses
        self.writeGuard = writeGuard
        if network.spec.consensus == .raft {
            let file = keyStore.directory.appendingPathComponent(RaftMembership.fileName)
            raftMembership = try RaftMembership.read(from: file, displayPath: "keys/\(network.spec.name)/\(RaftMembership.fileName)")
        }
    }

    /// Whether this raft network's nodes join a running raft cluster (its chain is another
    /// network's), rather than found it.
    public var joinsRaftCluster: Bool { network.spec.consensus == .raft && joinedGenesis != nil }

    /// Records raft membership changes in `keys/<network>/raft-ids.json`, written through the
    /// key store's writer, 0600 like every file of a key directory; a record equal to the stored
    /// one writes nothing. `changesRender`: whether the change can change the render (a new ID
    /// does; founders recorded as they are do not).
    public func recordRaftMembership(_ membership: RaftMembership, changesRender: Bool = true) throws {
        guard membership != raftMembership else { return }
        let writer = keyStore.writer
        try AtomicFile.createDirectory(try writer.target(keyStore.directory), permissions: 0o700)
        let file = try writer.target(keyStore.directory.appendingPathComponent(RaftMembership.fileName))
        try AtomicFile.write(membership.render(), to: file, permissions: 0o600)
        raftMembership = membership
        if changesRender { isRendered = false }
    }

    /// Records Tessera addresses the cluster assigned, merged into ``recordedAddresses`` on disk
    /// and adopted by the model, so the next render advertises them.
    public func recordTesseraAddresses(_ addresses: [String: HostPort]) throws {
        guard let url = recordedAddresses, !addresses.isEmpty else { return }
        var all = try RecordedTesseraAddresses.read(from: url, displayPath: RecordedTesseraAddresses.path(of: network.spec.name))
        all.merge(addresses) { _, new in new }
        let target = try writeGuard.file(url)
        try AtomicFile.createDirectory(target.parent)
        try AtomicFile.write(RecordedTesseraAddresses.render(all), to: target)
        network.adoptRecordedTesseraAddresses(addresses)
        isRendered = false
    }

    /// Adds a local node to the model; a raft learner only to a network that joins a running
    /// raft cluster (founders start as voting peers).
    public func addNode(_ node: NodeSpec) throws(ValidationError) {
        if node.isRaftLearner, network.spec.consensus == .raft, !joinsRaftCluster {
            throw ValidationError(
                field: "raftLearner",
                "network '\(network.spec.name)' founds its raft cluster, whose nodes start as voting peers; only a node of a network "
                    + "that joins another's raft chain (genesis = ...) can join as a learner")
        }
        try network.addNode(node)
        isRendered = false
    }

    /// Adds, or replaces by name, another organisation's node.
    ///
    /// In a raft network, a record that carries a `Raft_Id` for one of this network's own nodes
    /// (a member organisation sends back the IDs it gave) is not a peer: the ID is recorded as
    /// that node's (``raftMembership``), and the node starts with `--raftjoinexisting <id>`.
    /// Another ID for a node that has one is refused.
    public func addExternal(_ node: ExternalNode) throws {
        if network.spec.consensus == .raft, let raftID = node.raftID, let local = try localNode(withNodeID: node.enode.nodeID) {
            guard joinsRaftCluster else {
                let founded = (network.nodes.firstIndex(of: local) ?? 0) + 1
                guard raftID == founded else {
                    throw ValidationError(
                        field: "Raft_Id", "node '\(local.name)' founded the raft cluster with raft ID \(founded), but the record '\(node.name)' says \(raftID)")
                }
                return
            }
            var membership = raftMembership
            try membership.record(RaftMembership.Member(name: local.name, nodeID: node.enode.nodeID, raftID: raftID, isLearner: node.isRaftLearner))
            try recordRaftMembership(membership)
            return
        }
        try network.addExternal(node)
        isRendered = false
    }

    /// How `node` becomes a raft member: founder, or joining with its recorded ID (if any). A
    /// node of a joining network joins; so does one a founding network declares after its
    /// founders first deployed (``RaftMembership/founders``), which one of them adds.
    public func raftJoin(of node: NodeSpec, keys: NodeKeys) -> RaftJoin {
        let founders = raftMembership.founders
        guard joinsRaftCluster || !founders.isEmpty && !founders.contains(keys.nodeID) else { return .founder }
        return .joining(raftID: raftMembership.active(nodeID: keys.nodeID)?.raftID)
    }

    /// Records this network's nodes as the founders of its raft cluster, once: called when a
    /// deploy first applied them, so a node declared later joins the running cluster.
    public func recordRaftFounders() throws {
        guard network.spec.consensus == .raft, !joinsRaftCluster, raftMembership.founders.isEmpty else { return }
        let keys = try loadedKeys()
        var membership = raftMembership
        membership.founders = try network.nodes.map { try Genesis.localKeys($0, keys).nodeID }
        // Every node declared now founds the cluster, as the render has it already.
        try recordRaftMembership(membership, changesRender: false)
    }

    /// This founding network's nodes that joined its running raft cluster after it was founded,
    /// as syncRaft adds them: each at the URL its static-nodes.json entry gives it.
    public func localRaftJoiners() throws -> [ExternalNode] {
        guard network.spec.consensus == .raft, !joinsRaftCluster, !raftMembership.founders.isEmpty else { return [] }
        let keys = try loadedKeys()
        return try network.nodes.compactMap { node in
            let facts = try Genesis.localKeys(node, keys)
            guard case .joining = raftJoin(of: node, keys: facts) else { return nil }
            return ExternalNode(name: node.name, enode: PeerList.enode(of: node, keys: facts, in: network.spec))
        }
    }

    /// The local node whose nodekey has `nodeID`, among those with keys generated or stored.
    private func localNode(withNodeID nodeID: String) throws -> NodeSpec? {
        for node in network.nodes where keys[node.name] == nil {
            guard FileManager.default.fileExists(atPath: keyStore.directory.appendingPathComponent(node.keyDirectory).path) else { continue }
            keys[node.name] = try keyStore.loadKeys(for: node, withTessera: network.spec.hasTessera)
        }
        return network.nodes.first { keys[$0.name]?.nodeID == nodeID }
    }

    /// Makes sure every local node has complete, consistent keys, generating only what is
    /// missing, and returns every node's public key facts.
    @discardableResult
    public func generateKeys(
        options: KeyGenerationOptions, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> [String: NodeKeys] {
        keys = try keyStore.ensureKeys(for: network.nodes, withTessera: network.spec.hasTessera, options: options, progress: progress)
        if network.usesTesseraTLS {
            for node in network.nodes {
                guard let nodeID = keys[node.name]?.nodeID else { continue }
                let names = try TesseraTLS.subjectNames(of: node, in: network)
                keys[node.name]?.tesseraTLS = try keyStore.keyDirectory(of: node).ensureTesseraTLS(
                    commonName: TesseraTLS.commonName(nodeID: nodeID), dnsNames: names.dnsNames, ipAddresses: names.ipAddresses)
            }
        }
        isRendered = false
        try checkDistinctKeys()
        return keys
    }

    /// The network's genesis, created (or imported) and stored on first use, unchanged after.
    public func genesis() throws -> Data {
        try GenesisStore(keyStore: keyStore).genesis(for: network, keys: try loadedKeys(), joining: joinedGenesis)
    }

    /// Renders the chain configuration and Kubernetes manifests into `directory` (by default
    /// ``outputDirectory``), replacing the previous tree atomically; `progress` hears how many
    /// of the tree's files are written.
    public func render(to directory: URL? = nil, progress: ((Int, Int) -> Void)? = nil) throws -> RenderReport {
        let target = directory ?? outputDirectory
        // Refuse a directory the network may not replace before reading a key.
        _ = try writeGuard.tree(target, for: network.spec.name)
        try RenderedReleases.read(from: target)?.checkUpgrade(to: network.spec)
        let keys = try loadedKeys()
        let genesis = try genesis()
        // The section the chain really has: a stored or joined genesis may predate this release.
        let running = try ImportedGenesis(data: genesis, path: GenesisStore(directory: keyStore.directory).file.path)
        let withTessera = network.spec.hasTessera
        let releases = try NetworkReleases(network.spec)
        let input = try RenderInput(network: network, images: ContainerImages(quorum: releases.quorumImage, tessera: releases.tesseraImage)) { node in
            guard let facts = keys[node.name] else { throw Self.noKeysYet(node) }
            // loadedKeys() checked every key directory already.
            let secretFiles = try keyStore.secretFiles(ofChecked: node, withTessera: withTessera, withTLS: network.usesTesseraTLS)
            let commands = try NodeCommands(
                for: node, in: network, keys: facts, ibftSection: running.ibftSection, raftJoin: raftJoin(of: node, keys: facts))
            return (facts, commands, secretFiles)
        } chain: { nodes in
            let locked = nodes.contains { $0.secretFiles[KeyFile.tesseraPassword.name] != nil }
            return try ChainFiles(for: network, keys: keys, genesis: genesis, tesseraKeysLocked: locked, joinsRaftCluster: joinsRaftCluster)
        }
        let report = try RenderedTree.write(input, to: target, writeGuard: writeGuard, progress: progress)
        if directory == nil || directory?.standardizedFileURL == outputDirectory.standardizedFileURL { isRendered = true }
        return report
    }

    /// The keys of every local node: those generated in this run, else loaded from the store.
    /// A node without keys on disk is an error that says to call genKeys.
    private func loadedKeys() throws -> [String: NodeKeys] {
        let unloaded = network.nodes.filter { keys[$0.name] == nil }
        // The directories are checked in parallel, and the first problem in script order is
        // reported: a bad directory before the first missing one, else the missing one.
        let missing = unloaded.firstIndex { !FileManager.default.fileExists(atPath: keyStore.keyDirectory(of: $0).url.path) }
        let loaded = try keyStore.loadKeys(for: Array(unloaded[..<(missing ?? unloaded.endIndex)]), withTessera: network.spec.hasTessera)
        keys.merge(loaded) { _, new in new }
        if let missing { throw Self.noKeysYet(unloaded[missing]) }
        try checkDistinctKeys()
        return keys
    }

    /// Throws if two nodes hold the same nodekey, validator address or Tessera key (a key
    /// directory copied into another): their node ids would collide, and peers and Tessera
    /// could not tell them apart.
    private func checkDistinctKeys() throws(ValidationError) {
        var holders: [String: NodeSpec] = [:]
        for node in network.nodes {
            guard let facts = keys[node.name] else { continue }
            for (what, key) in [("nodekey", facts.nodeID), ("Tessera key", facts.tesseraPublicKey)] {
                guard let key else { continue }
                if let first = holders[what + ":" + key] {
                    throw ValidationError(
                        "node '\(node.name)'\(node.origin) holds the same \(what) as node '\(first.name)'\(first.origin); "
                            + "each node needs keys of its own (generate them, do not copy a key directory)")
                }
                holders[what + ":" + key] = node
            }
        }
    }

    /// The error for a node whose keys were neither generated nor stored.
    private static func noKeysYet(_ node: NodeSpec) -> ValidationError {
        ValidationError("node '\(node.name)' has no keys yet: call genKeys() before this")
    }
}
