import Crypto
import CryptoExtras
import CSodium
import Foundation

/// The scrypt strength of a new keystore: geth's two presets.
public enum KeystoreKDF: String, Sendable, CaseIterable {
    /// N = 2^18, r = 8, p = 1, as `geth account new` writes (about 0.6 s and 256 MiB each).
    case standard
    /// N = 2^12, r = 8, p = 6, as `geth --lightkdf` writes; for tests and throw-away networks.
    case light

    /// The scrypt parameters of the preset.
    public var scrypt: ScryptParameters { self == .standard ? .standard : .light }
}

/// A Web3 Secret Storage (version 3) account keystore, as geth reads and writes it.
///
/// docs/formats.md §4 (go-ethereum `accounts/keystore/passphrase.go`): derivedKey = scrypt or
/// PBKDF2-HMAC-SHA256 of the password; ciphertext = AES-128-CTR(derivedKey[0..<16], iv, key);
/// mac = keccak256(derivedKey[16..<32] ‖ ciphertext).
public struct Keystore: Sendable {
    /// The key derivation a keystore names.
    enum Derivation: Equatable, Sendable {
        case scrypt(ScryptParameters, salt: [UInt8])
        case pbkdf2(rounds: Int, salt: [UInt8])
    }

    /// The file's bytes, exactly as read or written.
    public let json: Data
    /// The account address the file names (lowercase hex in the file), if any.
    public let address: EthereumAddress?
    private let ciphertext: [UInt8]
    private let iv: [UInt8]
    private let derivation: Derivation
    private let mac: [UInt8]

    /// Parses a keystore and checks its shape (version 3, aes-128-ctr, a known KDF, a 32-byte
    /// derived key) without decrypting it.
    public init(json: Data) throws(KeyFileError) {
        let root = try JSONObjectReader(parsing: json, context: "keystore")
        guard (try? root.integer("version")) == 3 else { throw KeyFileError("keystore.version is not 3") }
        if let text = try root.optionalString("address") {
            guard text.utf8.count == 40, let bytes = try? Hex.decode(text) else {
                throw KeyFileError("keystore.address is not 40 hex digits")
            }
            address = EthereumAddress(bytes: bytes)
        } else {
            address = nil
        }
        let crypto = try root.object("crypto")
        guard try crypto.string("cipher") == "aes-128-ctr" else {
            throw KeyFileError("keystore.crypto.cipher is not aes-128-ctr")
        }
        iv = try crypto.object("cipherparams").hex("iv")
        guard iv.count == 16 else { throw KeyFileError("keystore.crypto.cipherparams.iv is not 16 bytes") }
        ciphertext = try crypto.hex("ciphertext")
        mac = try crypto.hex("mac")
        guard mac.count == Keccak256.byteCount else { throw KeyFileError("keystore.crypto.mac is not 32 bytes") }
        let params = try crypto.object("kdfparams")
        guard try params.integer("dklen") == 32 else { throw KeyFileError("keystore.crypto.kdfparams.dklen is not 32") }
        let salt = try params.hex("salt")
        switch try crypto.string("kdf") {
        case "scrypt":
            let scrypt = ScryptParameters(n: try params.integer("n"), r: try params.integer("r"), p: try params.integer("p"))
            guard scrypt.isUsable else { throw KeyFileError("keystore.crypto.kdfparams: unusable scrypt parameters") }
            derivation = .scrypt(scrypt, salt: salt)
        case "pbkdf2":
            guard try params.string("prf") == "hmac-sha256" else {
                throw KeyFileError("keystore.crypto.kdfparams.prf is not hmac-sha256")
            }
            let rounds = try params.integer("c")
            guard rounds > 0 else { throw KeyFileError("keystore.crypto.kdfparams.c is not positive") }
            derivation = .pbkdf2(rounds: rounds, salt: salt)
        default:
            throw KeyFileError("keystore.crypto.kdf is neither scrypt nor pbkdf2")
        }
        self.json = json
    }

    /// Encrypts `key` under `password` with fresh random salt, iv and id.
    public static func encrypt(_ key: Secp256k1Key, password: String, kdf: KeystoreKDF) -> Keystore {
        encrypt(key, password: password, scrypt: kdf.scrypt, salt: SecureRandom.bytes(32), iv: SecureRandom.bytes(16), id: randomUUID())
    }

    /// Encrypts with given salt, iv and id; the JSON has geth's member order and compact layout.
    static func encrypt(
        _ key: Secp256k1Key, password: String, scrypt: ScryptParameters, salt: [UInt8], iv: [UInt8], id: String
    ) -> Keystore {
        guard let derivedKey = scrypt.derive(password: password.utf8, salt: salt, length: 32) else {
            preconditionFailure("scrypt failed with preset parameters: out of memory")
        }
        let ciphertext = key.privateKey.withUnsafeBytes { aesCTR($0, derivedKey: derivedKey, iv: iv) }
        let document = OrderedJSON.object([
            ("address", .string(key.address.lowercaseHex)),
            (
                "crypto",
                .object([
                    ("cipher", .string("aes-128-ctr")),
                    ("ciphertext", .string(Hex.encode(ciphertext))),
                    ("cipherparams", .object([("iv", .string(Hex.encode(iv)))])),
                    ("kdf", .string("scrypt")),
                    (
                        "kdfparams",
                        .object([
                            ("dklen", .integer(32)), ("n", .integer(scrypt.n)), ("p", .integer(scrypt.p)),
                            ("r", .integer(scrypt.r)), ("salt", .string(Hex.encode(salt))),
                        ])
                    ),
                    ("mac", .string(Hex.encode(macOf(derivedKey: derivedKey, ciphertext: ciphertext)))),
                ])
            ),
            ("id", .string(id)),
            ("version", .integer(3)),
        ])
        // The document was just built from valid parts; parsing it back cannot fail.
        return try! Keystore(json: document.data)
    }

    /// Decrypts the private key; a wrong password is reported as such (the MAC does not match).
    public func decrypt(password: String) throws(KeyFileError) -> Secp256k1Key {
        let derivedKey: SecretBytes?
        switch derivation {
        case .scrypt(let parameters, let salt):
            derivedKey = parameters.derive(password: password.utf8, salt: salt, length: 32)
        case .pbkdf2(let rounds, let salt):
            derivedKey = try? KDF.Insecure.PBKDF2.deriveKey(
                from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: rounds
            ).withUnsafeBytes { SecretBytes($0) }
        }
        guard let derivedKey else { throw KeyFileError("keystore: key derivation failed (out of memory?)") }
        let expected = Keystore.macOf(derivedKey: derivedKey, ciphertext: ciphertext)
        guard sodium_memcmp(expected, mac, mac.count) == 0 else {
            throw KeyFileError("keystore: wrong password (MAC mismatch)")
        }
        var plaintext = ciphertext.withUnsafeBytes { Keystore.aesCTR($0, derivedKey: derivedKey, iv: iv) }
        defer { plaintext.wipe() }
        guard plaintext.count <= 32 else { throw KeyFileError("keystore: decrypted key is longer than 32 bytes") }
        // geth pads short keys on the left (`crypto.ToECDSAUnsafe`); old files hold 30/31-byte keys.
        plaintext.insert(contentsOf: [UInt8](repeating: 0, count: 32 - plaintext.count), at: 0)
        let key: Secp256k1Key
        do { key = try Secp256k1Key(privateKey: plaintext) } catch {
            throw KeyFileError("keystore: decrypted bytes are not a valid secp256k1 key")
        }
        if let address, key.address != address {
            throw KeyFileError("keystore: decrypted key belongs to \(key.address), not to the file's address \(address)")
        }
        return key
    }

    private static func aesCTR(_ input: UnsafeRawBufferPointer, derivedKey: SecretBytes, iv: [UInt8]) -> [UInt8] {
        derivedKey.withUnsafeBytes { dk in
            let key = SymmetricKey(data: UnsafeRawBufferPointer(rebasing: dk[0..<16]))
            // A 16-byte nonce is the whole initial 128-bit counter block, as geth uses the iv.
            return Array(try! AES._CTR.encrypt(input, using: key, nonce: AES._CTR.Nonce(nonceBytes: iv)))
        }
    }

    private static func macOf(derivedKey: SecretBytes, ciphertext: [UInt8]) -> [UInt8] {
        derivedKey.withUnsafeBytes { dk in Keccak256.hash(Array(dk[16..<32]) + ciphertext) }
    }

    /// A random (version 4) UUID in canonical lowercase form, from `SecureRandom`.
    static func randomUUID() -> String {
        var bytes = SecureRandom.bytes(16)
        bytes[6] = bytes[6] & 0x0f | 0x40
        bytes[8] = bytes[8] & 0x3f | 0x80
        let hex = Array(Hex.encode(bytes))
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
    }
}
