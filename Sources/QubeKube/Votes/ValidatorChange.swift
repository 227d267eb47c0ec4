import QubeCrypto

/// A change of a chain's validator set a network votes for: add `address`, or remove it.
public struct ValidatorChange: Equatable, Sendable {
    /// How the script names the candidate: a node's or an external record's name.
    public var name: String
    public var address: EthereumAddress
    /// `true` to add the candidate, `false` to remove it.
    public var authorize: Bool

    public init(name: String, address: EthereumAddress, authorize: Bool) {
        self.name = name
        self.address = address
        self.authorize = authorize
    }

    /// Whether the change is in effect in `validators`.
    func isDone(in validators: [EthereumAddress]) -> Bool {
        validators.contains(address) == authorize
    }
}
