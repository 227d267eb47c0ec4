import Foundation

/// The chain configuration files of one network, exactly as written to disk and ConfigMaps.
public struct ChainFiles: Equatable, Sendable {
    /// genesis.json, byte for byte as every organisation shares it.
    public var genesis: Data
    public var staticNodes: Data
    public var permissionedNodes: Data
    /// Tessera config JSON per local node name; empty when the network has no Tessera.
    public var tesseraConfigs: [String: Data]
    /// The Tessera TLS known-hosts file every local node reads (``TesseraTLS``), when P2P runs over TLS.
    public var tesseraKnownPeers: Data?

    public init(
        genesis: Data, staticNodes: Data, permissionedNodes: Data, tesseraConfigs: [String: Data], tesseraKnownPeers: Data? = nil
    ) {
        self.tesseraKnownPeers = tesseraKnownPeers
        self.genesis = genesis
        self.staticNodes = staticNodes
        self.permissionedNodes = permissionedNodes
        self.tesseraConfigs = tesseraConfigs
    }
}
