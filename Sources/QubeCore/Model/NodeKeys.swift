/// The public facts of one node's keys, as the rest of qube sees them. Private material
/// stays in the key store and the node's Secret.
public struct NodeKeys: Equatable, Sendable {
    /// 128 lowercase hex characters: the node's secp256k1 public key without the 04 prefix.
    public var nodeID: String
    /// The EIP-55 address derived from the nodekey: the node's validator address.
    public var validatorAddress: String
    /// The EIP-55 address of the account keystore.
    public var accountAddress: String
    /// Base64 Tessera public key, or nil when the network has no Tessera.
    public var tesseraPublicKey: String?

    public init(nodeID: String, validatorAddress: String, accountAddress: String, tesseraPublicKey: String?) {
        self.nodeID = nodeID
        self.validatorAddress = validatorAddress
        self.accountAddress = accountAddress
        self.tesseraPublicKey = tesseraPublicKey
    }
}
