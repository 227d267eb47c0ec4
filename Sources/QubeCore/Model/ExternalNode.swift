import QubeCrypto

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

    /// Validates the fields of an exchange record, all untrusted text, as the `external_nodes`
    /// format names them. A thrown error's field is the format's key (`Enode_Url`, ...).
    public init(validatingName name: String, enode: String, tesseraEndpoint: String?, address: String?) throws(ValidationError) {
        func check<T>(_ field: String, _ body: () throws(ValidationError) -> T) throws(ValidationError) -> T {
            do {
                return try body()
            } catch {
                throw ValidationError(field: field, error.message)
            }
        }
        try check("Node_UserIdent") { () throws(ValidationError) in try Names.checkDNSLabel(name, field: "Node_UserIdent") }
        let enode = try check("Enode_Url") { () throws(ValidationError) in try EnodeURL(parsing: enode) }
        let endpoint = try tesseraEndpoint.map { text throws(ValidationError) in
            try check("Tm_Url") { () throws(ValidationError) in try HostPort(parsing: text) }
        }
        let address = try address.map { text throws(ValidationError) in
            try check("Node_Acct_Addr") { () throws(ValidationError) in try Self.checksummedAddress(text) }
        }
        self.init(name: name, enode: enode, tesseraEndpoint: endpoint, address: address)
    }

    /// Checks a validator address, `0x` and 40 hex digits with a valid EIP-55 checksum when mixed
    /// case, and returns its EIP-55 form.
    private static func checksummedAddress(_ text: String) throws(ValidationError) -> String {
        let hex = text.utf8.dropFirst(2)
        guard text.hasPrefix("0x"), hex.count == 40, hex.allSatisfy(HostPort.isHexDigit) else {
            throw ValidationError("\(Names.quoted(text)) is not an address: expected 0x followed by 40 hex digits")
        }
        do {
            return try EthereumAddress(validating: text).checksummed
        } catch {
            throw ValidationError(error.reason)
        }
    }
}
