import Foundation

/// The chain configuration files of one network, exactly as written to disk and ConfigMaps.
public struct ChainFiles: Equatable, Sendable {
    /// genesis.json, byte for byte as every organisation shares it.
    public var genesis: Data
    public var staticNodes: Data
    public var permissionedNodes: Data
    /// Tessera config JSON per local node name; empty when the network has no Tessera.
    public var tesseraConfigs: [String: Data]

    public init(genesis: Data, staticNodes: Data, permissionedNodes: Data, tesseraConfigs: [String: Data]) {
        self.genesis = genesis
        self.staticNodes = staticNodes
        self.permissionedNodes = permissionedNodes
        self.tesseraConfigs = tesseraConfigs
    }
}
