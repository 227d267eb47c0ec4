import CSecp256k1

/// A secp256k1 key pair: a node's devp2p identity (`nodekey`) or an Ethereum account key.
///
/// docs/formats.md §1: the private key is the 32-byte scalar d with 0 < d < n; the public key is
/// d·G serialised uncompressed without the 04 prefix (64 bytes, the enode node id).
public struct Secp256k1Key: Sendable {
    /// A private key that is not a valid secp256k1 scalar (zero, or not below the group order).
    public struct InvalidKeyError: Error, Equatable, CustomStringConvertible, Sendable {
        /// Why the bytes are not a key.
        public var reason: String
        public var description: String { "invalid secp256k1 private key: \(reason)" }
    }

    /// The 32-byte private scalar, big-endian.
    public let privateKey: SecretBytes
    /// The 64-byte public key X‖Y, without the 04 prefix.
    public let publicKey: [UInt8]

    /// Derives the key pair of a 32-byte private scalar; rejects 0 and values ≥ n.
    public init(privateKey bytes: some Collection<UInt8>) throws(InvalidKeyError) {
        guard bytes.count == 32 else { throw InvalidKeyError(reason: "expected 32 bytes, got \(bytes.count)") }
        let secret = SecretBytes(bytes)
        var pubkey = secp256k1_pubkey()
        let created = secret.withUnsafeBytes { raw -> Bool in
            let scalar = raw.bindMemory(to: UInt8.self).baseAddress!
            return secp256k1_ec_seckey_verify(Secp256k1Context.shared, scalar) == 1
                && secp256k1_ec_pubkey_create(Secp256k1Context.shared, &pubkey, scalar) == 1
        }
        guard created else { throw InvalidKeyError(reason: "zero or not below the curve order") }
        var serialized = [UInt8](repeating: 0, count: 65)
        var length = serialized.count
        secp256k1_ec_pubkey_serialize(
            Secp256k1Context.shared, &serialized, &length, &pubkey, UInt32(SECP256K1_EC_UNCOMPRESSED))
        precondition(length == 65 && serialized[0] == 0x04, "libsecp256k1 returned a malformed public key")
        privateKey = secret
        publicKey = Array(serialized[1...])
    }

    /// Decodes the 64 hex digits of a `nodekey` file (no prefix) into a key pair.
    public init(privateKeyHex: some StringProtocol) throws(InvalidKeyError) {
        guard privateKeyHex.utf8.count == 64, var bytes = try? Hex.decode(privateKeyHex) else {
            throw InvalidKeyError(reason: "expected 64 hex digits")
        }
        defer { bytes.wipe() }
        try self.init(privateKey: bytes)
    }

    /// Generates a fresh key from `SecureRandom`, drawing again in the (2^-128) case of an
    /// invalid scalar.
    public static func generate() -> Secp256k1Key {
        while true {
            var candidate = SecureRandom.bytes(32)
            defer { candidate.wipe() }
            if let key = try? Secp256k1Key(privateKey: candidate) { return key }
        }
    }

    /// The node id: the public key as 128 lowercase hex digits, as in `enode://<id>@…`.
    public var nodeID: String { Hex.encode(publicKey) }

    /// The Ethereum address: the last 20 bytes of keccak256(X‖Y) (docs/formats.md §3).
    public var address: EthereumAddress {
        EthereumAddress(publicKey: publicKey)
    }
}

/// The one libsecp256k1 context, randomised once against side channels. Key derivation only
/// reads it, which libsecp256k1 allows from many threads at once.
enum Secp256k1Context {
    nonisolated(unsafe) static let shared: OpaquePointer = {
        let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        let seed = SecureRandom.bytes(32)
        precondition(secp256k1_context_randomize(context, seed) == 1, "libsecp256k1 refused its seed")
        return context
    }()
}
