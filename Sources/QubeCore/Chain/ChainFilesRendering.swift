import Foundation

extension ChainFiles {
    /// Renders a network's chain configuration around its `genesis` (from ``GenesisStore``):
    /// static-nodes.json and permissioned-nodes.json (``PeerList``), and a Tessera config per
    /// local node (``TesseraConfig``) unless the network runs without Tessera.
    ///
    /// `tesseraKeysLocked` says the nodes' `tm.key` files are password protected, so Tessera
    /// reads the password from `tm.password` beside them; `joinsRaftCluster` that the network's
    /// nodes join another's raft cluster, rather than found it (``PeerList``). With Tessera P2P
    /// over TLS, every local node's certificate must name where it is reached and every external
    /// Tessera must have a fingerprint (``TesseraTLS``); the known-hosts file lists them all.
    public init(
        for network: Network, keys: [String: NodeKeys], genesis: Data, tesseraKeysLocked: Bool, joinsRaftCluster: Bool = false
    ) throws(ValidationError) {
        let releases = try NetworkReleases(network.spec)
        let peers = PeerList.file(try PeerList.enodes(of: network, keys: keys, joinsRaftCluster: joinsRaftCluster))
        var tesseraConfigs: [String: Data] = [:]
        var knownPeers: Data?
        if releases.tessera != nil {
            if network.usesTesseraTLS {
                for node in network.nodes {
                    guard let nodeKeys = keys[node.name] else { continue }
                    try TesseraTLS.checkNames(of: node, in: network, keys: nodeKeys)
                }
                for external in network.externalNodes { try TesseraTLS.checkExternal(external, in: network) }
                knownPeers = TesseraTLS.knownPeers(of: network, keys: keys)
            }
            for node in network.nodes {
                tesseraConfigs[node.name] = TesseraConfig.file(for: node, in: network, keysLocked: tesseraKeysLocked)
            }
        }
        self.init(genesis: genesis, staticNodes: peers, permissionedNodes: peers, tesseraConfigs: tesseraConfigs, tesseraKnownPeers: knownPeers)
    }
}
