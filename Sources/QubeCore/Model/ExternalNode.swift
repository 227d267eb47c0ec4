import QubeCrypto

/// A node run by another organisation, known by its public coordinates
/// (one record of the Qubernetes `external_nodes` exchange format).
public struct ExternalNode: Equatable, Sendable {
    /// `Node_UserIdent`: the owner's name for the node.
    public var name: String
    /// `Enode_Url`: where its geth listens for devp2p.
    public var enode: EnodeURL
    /// `Tm_Url`: its Tessera P2P endpoint, `host:port` (qctl writes no scheme; qube writes
    /// `https://host:port` for a node with ``tesseraTLSFingerprint``).
    public var tesseraEndpoint: HostPort?
    /// `Tm_Tls_Fingerprint`: the SHA-1 thumbprint of the certificate its Tessera serves P2P TLS
    /// with (``TesseraTLSCertificate/fingerprint``), when it does; a key qube adds to the qctl
    /// format, which readers of qctl's keys ignore. The record's `Tm_Url` is then `https://`.
    public var tesseraTLSFingerprint: String?
    /// `Node_Acct_Addr`: its validator address (0x + 40 hex, EIP-55 cased): the address that
    /// seals its blocks (``NodeKeys/sealingAddress(for:)``).
    public var address: String?
    /// `Istanbul_Block_Period`: the block period, in seconds, of the IBFT chain the node runs.
    ///
    /// Legacy IBFT's period is each validator's local flag `--istanbul.blockperiod`, not part of
    /// a 2.7.0 genesis, and a validator rejects a block sealed sooner than its own period after
    /// the parent (GoQuorum 2.7.0 `consensus/istanbul/backend/engine.go` verifyCascadingFields:
    /// `parent.Time+sb.config.BlockPeriod > header.Time` is errInvalidTimestamp). So the period
    /// travels with the nodes of an IBFT chain, in a key qube adds to the qctl format; readers
    /// that decode only qctl's keys (qctl's structs, Qubernetes' templates) ignore it.
    public var blockPeriod: Int?
    /// `Validator_Candidate: "true"`: the node is declared a validator but is not in the chain's
    /// genesis set, so it awaits the other organisations' votes (`net:vote { add = records }`).
    /// Another key qube adds to the qctl format, which readers of qctl's keys ignore.
    public var isValidatorCandidate: Bool

    /// `Raft_Id`: the node's raft ID in a raft chain, as the member organisation that added it
    /// (`raft.addPeer`) assigned it, or its position in the founders' static-nodes list; a key qube
    /// adds to the qctl format. A raft network's export carries it for every member it knows.
    public var raftID: Int?
    /// `Raft_Learner`: the node joins a raft cluster as a learner (`raft.addLearner`), not as a
    /// voting peer; a key qube adds to the qctl format.
    public var isRaftLearner: Bool

    public init(
        name: String, enode: EnodeURL, tesseraEndpoint: HostPort? = nil, address: String? = nil, blockPeriod: Int? = nil,
        isValidatorCandidate: Bool = false, raftID: Int? = nil, isRaftLearner: Bool = false, tesseraTLSFingerprint: String? = nil
    ) {
        self.name = name
        self.enode = enode
        self.tesseraEndpoint = tesseraEndpoint
        self.tesseraTLSFingerprint = tesseraTLSFingerprint
        self.address = address
        self.blockPeriod = blockPeriod
        self.isValidatorCandidate = isValidatorCandidate
        self.raftID = raftID
        self.isRaftLearner = isRaftLearner
    }

    /// Validates the fields of an exchange record, all untrusted text, as the `external_nodes`
    /// format names them. A thrown error's field is the format's key (`Enode_Url`, ...).
    public init(
        validatingName name: String, enode: String, tesseraEndpoint: String?, address: String?, blockPeriod: String? = nil,
        validatorCandidate: String? = nil, raftID: String? = nil, raftLearner: String? = nil, tesseraTLSFingerprint: String? = nil
    ) throws(ValidationError) {
        func check<T>(_ field: String, _ body: () throws(ValidationError) -> T) throws(ValidationError) -> T {
            do {
                return try body()
            } catch {
                throw ValidationError(field: field, error.message)
            }
        }
        try check("Node_UserIdent") { () throws(ValidationError) in try Names.checkDNSLabel(name, field: "Node_UserIdent") }
        let enode = try check("Enode_Url") { () throws(ValidationError) in try EnodeURL(parsing: enode) }
        let tessera = try tesseraEndpoint.map { text throws(ValidationError) in
            try check("Tm_Url") { () throws(ValidationError) in try Self.tesseraURL(text) }
        }
        let endpoint = tessera?.endpoint
        let fingerprint = try tesseraTLSFingerprint.map { text throws(ValidationError) in
            try check("Tm_Tls_Fingerprint") { () throws(ValidationError) in
                guard TesseraTLSCertificate.isFingerprint(text) else {
                    throw ValidationError(
                        "\(Names.quoted(text)) is not a TLS certificate fingerprint: expected the SHA-1 of the certificate, 40 lowercase hex digits")
                }
                guard tessera?.isHTTPS == true else {
                    throw ValidationError("is for a Tessera served over TLS, but Tm_Url is not an https:// URL")
                }
                return text
            }
        }
        if tessera?.isHTTPS == true, fingerprint == nil {
            throw ValidationError(
                field: "Tm_Url", "is an https:// URL, but the record has no Tm_Tls_Fingerprint, the certificate its Tessera serves")
        }
        let address = try address.map { text throws(ValidationError) in
            try check("Node_Acct_Addr") { () throws(ValidationError) in try Self.checksummedAddress(text) }
        }
        let period = try blockPeriod.map { text throws(ValidationError) in
            try check("Istanbul_Block_Period") { () throws(ValidationError) in try Self.blockPeriod(text) }
        }
        let candidate = try validatorCandidate.map { text throws(ValidationError) in
            try check("Validator_Candidate") { () throws(ValidationError) in try Self.flag(text) }
        }
        if candidate == true, address == nil {
            throw ValidationError(field: "Validator_Candidate", "a validator candidate needs Node_Acct_Addr, the address votes name")
        }
        let id = try raftID.map { text throws(ValidationError) in
            try check("Raft_Id") { () throws(ValidationError) in try Self.raftID(text) }
        }
        let learner = try raftLearner.map { text throws(ValidationError) in
            try check("Raft_Learner") { () throws(ValidationError) in try Self.flag(text) }
        }
        self.init(
            name: name, enode: enode, tesseraEndpoint: endpoint, address: address, blockPeriod: period,
            isValidatorCandidate: candidate ?? false, raftID: id, isRaftLearner: learner ?? false, tesseraTLSFingerprint: fingerprint)
    }

    /// `Tm_Url` as a record writes it: `https://host:port` with TLS, else qctl's `host:port`.
    public var tesseraURL: String? {
        tesseraEndpoint.map { tesseraTLSFingerprint == nil ? $0.description : "https://\($0)" }
    }

    /// Parses a `Tm_Url`: qctl's `host:port`, or `https://host:port` for a Tessera serving P2P
    /// over TLS; nothing after the port, no other scheme.
    private static func tesseraURL(_ text: String) throws(ValidationError) -> (endpoint: HostPort, isHTTPS: Bool) {
        let https = "https://"
        guard text.hasPrefix(https) else { return (try HostPort(parsing: text), false) }
        return (try HostPort(parsing: String(text.dropFirst(https.count))), true)
    }

    /// A flag of an exchange record: `"true"` or `"false"`, nothing else.
    private static func flag(_ text: String) throws(ValidationError) -> Bool {
        guard let flag = ["true": true, "false": false][text] else {
            throw ValidationError("\(Names.quoted(text)) is not \"true\" or \"false\"")
        }
        return flag
    }

    /// The raft IDs GoQuorum hands out: `uint16`, from 1 (`raft/handler.go` nextRaftId at v2.7.0).
    public static let raftIDs = 1...65535

    /// Checks a raft ID: a decimal number in ``raftIDs``.
    private static func raftID(_ text: String) throws(ValidationError) -> Int {
        guard text.utf8.count <= 5, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let id = Int(text), raftIDs.contains(id) else {
            throw ValidationError("\(Names.quoted(text)) is not a raft ID: expected a whole number from 1 to 65535")
        }
        return id
    }

    /// The block periods a network accepts (`blockPeriod` of `network{}`), in seconds.
    static let blockPeriods = 1...3600

    /// Checks a block period: a decimal number of seconds in ``blockPeriods``.
    private static func blockPeriod(_ text: String) throws(ValidationError) -> Int {
        guard text.utf8.count <= 4, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let period = Int(text),
            blockPeriods.contains(period)
        else {
            throw ValidationError("\(Names.quoted(text)) is not a block period: expected a whole number of seconds from 1 to 3600")
        }
        return period
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
