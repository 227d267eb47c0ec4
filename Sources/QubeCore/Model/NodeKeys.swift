import QubeCrypto

/// The public facts of one node's keys, as the rest of qube sees them. Private material
/// stays in the key store and the node's Secret.
public struct NodeKeys: Equatable, Sendable {
    /// 128 lowercase hex characters: the node's secp256k1 public key without the 04 prefix.
    public var nodeID: String
    /// The EIP-55 address derived from the nodekey: the node's IBFT and QBFT validator address.
    public var validatorAddress: String
    /// The EIP-55 address of the account keystore.
    public var accountAddress: String
    /// Base64 Tessera public key, or nil when the network has no Tessera.
    public var tesseraPublicKey: String?
    /// The Tessera P2P TLS certificate's subject CN and fingerprint, when the node has one
    /// (``TesseraTLS``).
    public var tesseraTLS: TesseraTLSCertificate?

    public init(
        nodeID: String, validatorAddress: String, accountAddress: String, tesseraPublicKey: String?, tesseraTLS: TesseraTLSCertificate? = nil
    ) {
        self.nodeID = nodeID
        self.validatorAddress = validatorAddress
        self.accountAddress = accountAddress
        self.tesseraPublicKey = tesseraPublicKey
        self.tesseraTLS = tesseraTLS
    }

    /// The address that seals blocks with these keys under `consensus`: the one the genesis,
    /// other organisations and votes must name.
    ///
    /// Clique signs with the etherbase account, not the nodekey: GoQuorum 2.7.0
    /// `eth/backend.go` StartMining calls `clique.Authorize(eb, wallet.SignData)` with the
    /// etherbase (`--miner.etherbase`, the unlocked account qube passes) and its keystore wallet,
    /// and `consensus/clique/clique.go` Seal signs with that account. IBFT and QBFT sign with the
    /// nodekey; raft seals nothing, and its nodes are named by the nodekey too.
    public func sealingAddress(for consensus: Consensus) -> String {
        consensus == .clique ? accountAddress : validatorAddress
    }
}
