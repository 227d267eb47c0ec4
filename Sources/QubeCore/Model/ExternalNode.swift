/// A node run by another organisation, known by its public coordinates
/// (one record of the Qubernetes `external_nodes` exchange format).
public struct ExternalNode: Equatable, Sendable {
    /// `Node_UserIdent`: the owner's name for the node.
    public var name: String
    /// `Enode_Url`: where its geth listens for devp2p.
    public var enode: EnodeURL
    /// `Tm_Url`: its Tessera P2P endpoint, `host:port` without a scheme.
    public var tesseraEndpoint: HostPort?
    /// `Node_Acct_Addr`: its validator address (0x + 40 hex, EIP-55 cased).
    public var address: String?

    public init(name: String, enode: EnodeURL, tesseraEndpoint: HostPort? = nil, address: String? = nil) {
        self.name = name
        self.enode = enode
        self.tesseraEndpoint = tesseraEndpoint
        self.address = address
    }
}
