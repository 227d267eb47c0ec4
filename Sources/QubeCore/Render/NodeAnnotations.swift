/// The annotations on a node's StatefulSet carrying its public facts, which deploy and export
/// read back from the rendered tree and the cluster.
public enum NodeAnnotations {
    /// The node id: its 64-byte public key in hex, as in its enode URL.
    public static let nodeID = "qube.dev/node-id"
    /// The address that seals blocks: the node key's for IBFT and QBFT, the account's for clique.
    public static let validatorAddress = "qube.dev/validator-address"
}
