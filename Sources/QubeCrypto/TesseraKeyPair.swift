import CSodium
import Foundation

/// A Tessera (NaCl `crypto_box`, X25519) key pair.
///
/// docs/formats.md §5: the private key is 32 random bytes stored as generated (unclamped); the
/// public key is X25519(clamp(private), 9) (RFC 7748). `tm.pub` is its standard Base64.
public struct TesseraKeyPair: Sendable {
    /// The 32-byte private key.
    public let privateKey: SecretBytes
    /// The 32-byte public key.
    public let publicKey: [UInt8]

    /// Derives the public key of a 32-byte private key.
    public init(privateKey bytes: some Collection<UInt8>) throws(KeyFileError) {
        guard bytes.count == 32 else { throw KeyFileError("a Tessera private key has 32 bytes, not \(bytes.count)") }
        Sodium.initialize()
        let secret = SecretBytes(bytes)
        var pub = [UInt8](repeating: 0, count: 32)
        let status = secret.withUnsafeBytes { crypto_scalarmult_base(&pub, $0.bindMemory(to: UInt8.self).baseAddress!) }
        guard status == 0 else { throw KeyFileError("the Tessera private key gives no usable public key") }
        privateKey = secret
        publicKey = pub
    }

    /// Generates a key pair with libsodium's `crypto_box_keypair`, as Tessera's NaCl keygen does.
    public static func generate() -> TesseraKeyPair {
        Sodium.initialize()
        var pub = [UInt8](repeating: 0, count: 32)
        var secret = [UInt8](repeating: 0, count: 32)
        defer { secret.wipe() }
        crypto_box_keypair(&pub, &secret)
        // Derivation from the private key gives the same public key; it is the one code path.
        return try! TesseraKeyPair(privateKey: secret)
    }

    /// The content of `tm.pub`: 44 Base64 characters, no newline.
    public var publicKeyBase64: String { Data(publicKey).base64EncodedString() }

    /// `tm.key` in the unlocked form, compact as the GoQuorum fixtures write it:
    /// `{"data":{"bytes":"<base64>"},"type":"unlocked"}`.
    public func unlockedFile() -> TesseraKeyFile {
        let document = OrderedJSON.object([
            ("data", .object([("bytes", .string(privateKey.withUnsafeBytes { Data($0) }.base64EncodedString()))])),
            ("type", .string("unlocked")),
        ])
        return try! TesseraKeyFile(json: document.data)
    }

    /// `tm.key` locked with `password` (the `argon2sbox` form) with a fresh 16-byte salt and
    /// 24-byte nonce, as Tessera's `KeyEncryptorImpl` does.
    public func lockedFile(password: String, argon: Argon2 = .tesseraDefault) -> TesseraKeyFile {
        lockedFile(password: password, argon: argon, salt: SecureRandom.bytes(16), nonce: SecureRandom.bytes(24))
    }

    /// The locked form with a given salt and nonce: master key = Argon2(password, salt), 32 bytes;
    /// sbox = crypto_secretbox_easy(private key, nonce, master key) = tag ‖ ciphertext.
    func lockedFile(password: String, argon: Argon2, salt: [UInt8], nonce: [UInt8]) -> TesseraKeyFile {
        guard let master = argon.hash(password: password.utf8, salt: salt) else {
            preconditionFailure("Argon2 refused its own preset parameters")
        }
        var sealed = [UInt8](repeating: 0, count: 32 + Int(crypto_secretbox_MACBYTES))
        master.withUnsafeBytes { key in
            privateKey.withUnsafeBytes { message in
                _ = crypto_secretbox_easy(
                    &sealed, message.bindMemory(to: UInt8.self).baseAddress!, 32, nonce,
                    key.bindMemory(to: UInt8.self).baseAddress!)
            }
        }
        let document = OrderedJSON.object([
            (
                "data",
                .object([
                    (
                        "aopts",
                        .object([
                            ("variant", .string(argon.variant.rawValue)), ("memory", .integer(argon.memoryKiB)),
                            ("iterations", .integer(argon.iterations)), ("parallelism", .integer(argon.parallelism)),
                        ])
                    ),
                    ("snonce", .string(Data(nonce).base64EncodedString())),
                    ("asalt", .string(Data(salt).base64EncodedString())),
                    ("sbox", .string(Data(sealed).base64EncodedString())),
                ])
            ),
            ("type", .string("argon2sbox")),
        ])
        return try! TesseraKeyFile(json: document.data)
    }
}

/// A Tessera `tm.key` file: the unlocked form, or the password-locked `argon2sbox` form.
///
/// docs/formats.md §5 (Tessera `PrivateKeyData`, `PrivateKeyTypeAdapter`, `KeyEncryptorImpl`;
/// Constellation `Lockable.hs`).
public struct TesseraKeyFile: Sendable {
    private enum Content: Sendable {
        case unlocked(SecretBytes)
        case locked(argon: Argon2, salt: [UInt8], nonce: [UInt8], box: [UInt8])
    }

    /// The file's bytes, exactly as read or written.
    public let json: Data
    private let content: Content

    /// Parses a `tm.key` and checks its shape without opening it.
    public init(json: Data) throws(KeyFileError) {
        let root = try JSONObjectReader(parsing: json, context: "tm.key")
        let data = try root.object("data")
        switch try root.string("type") {
        case "unlocked":
            var bytes = try data.base64("bytes")
            defer { bytes.wipe() }
            guard bytes.count == 32 else { throw KeyFileError("tm.key.data.bytes is not 32 bytes") }
            content = .unlocked(SecretBytes(bytes))
        case "argon2sbox":
            let options = try data.object("aopts")
            guard let variant = Argon2.Variant(rawValue: try options.string("variant")) else {
                throw KeyFileError("tm.key.data.aopts.variant is not i, id or d")
            }
            let argon = Argon2(
                variant: variant, iterations: try options.integer("iterations"), memoryKiB: try options.integer("memory"),
                parallelism: try options.integer("parallelism"))
            guard argon.isUsable else { throw KeyFileError("tm.key.data.aopts: unusable Argon2 parameters") }
            let salt = try data.base64("asalt"), nonce = try data.base64("snonce"), box = try data.base64("sbox")
            guard salt.count >= 8 else { throw KeyFileError("tm.key.data.asalt is shorter than 8 bytes") }
            guard nonce.count == Int(crypto_secretbox_NONCEBYTES) else { throw KeyFileError("tm.key.data.snonce is not 24 bytes") }
            guard box.count == 32 + Int(crypto_secretbox_MACBYTES) else { throw KeyFileError("tm.key.data.sbox is not 48 bytes") }
            content = .locked(argon: argon, salt: salt, nonce: nonce, box: box)
        default:
            throw KeyFileError("tm.key.type is neither unlocked nor argon2sbox")
        }
        self.json = json
    }

    /// Whether the key is locked with a password (`argon2sbox`).
    public var isLocked: Bool {
        if case .locked = content { return true }
        return false
    }

    /// The Argon2 parameters of a locked key, nil when unlocked.
    public var argon: Argon2? {
        if case .locked(let argon, _, _, _) = content { return argon }
        return nil
    }

    /// Opens the key: an unlocked key needs no password, a locked key needs the right one.
    public func open(password: String?) throws(KeyFileError) -> TesseraKeyPair {
        switch content {
        case .unlocked(let secret):
            return try secret.withUnsafeBytes { bytes throws(KeyFileError) in try TesseraKeyPair(privateKey: bytes) }
        case .locked(let argon, let salt, let nonce, let box):
            guard let password else { throw KeyFileError("tm.key is locked (argon2sbox) and no password was given") }
            guard let master = argon.hash(password: password.utf8, salt: salt) else {
                throw KeyFileError("tm.key: Argon2 failed")
            }
            var opened = [UInt8](repeating: 0, count: 32)
            defer { opened.wipe() }
            let status = master.withUnsafeBytes { key in
                crypto_secretbox_open_easy(&opened, box, UInt64(box.count), nonce, key.bindMemory(to: UInt8.self).baseAddress!)
            }
            guard status == 0 else { throw KeyFileError("tm.key: wrong password (the secretbox does not open)") }
            return try TesseraKeyPair(privateKey: opened)
        }
    }
}
