import QubeCrypto

/// How `KeyStore.ensureKeys` makes the keys that are missing. Existing files are never touched,
/// whatever the options say.
public struct KeyGenerationOptions: Equatable, Sendable {
    /// The password a new account keystore is locked with.
    public enum AccountPassword: Equatable, Sendable {
        /// 128 random bits as 32 hex digits in `password.txt`.
        case random
        /// An empty `password.txt`, as Qubernetes and the 7nodes example write.
        case empty
    }

    /// The strength of new password-based encryption: scrypt for `acctkeyfile.json` (geth's
    /// standard or light preset) and Argon2 for a locked `tm.key` (Tessera's default options,
    /// or the light ones).
    public var kdf: KeystoreKDF
    /// Whether a new `tm.key` is locked (`argon2sbox`) with a random password in `tm.password`.
    public var tesseraPassword: Bool
    /// The password of a new account keystore.
    public var accountPassword: AccountPassword
    /// Whether loading also decrypts every keystore with its `password.txt` and opens every
    /// locked `tm.key` with its `tm.password` (slow: a full KDF per file).
    public var verify: Bool

    /// Options for a real network by default: standard KDF, random account password, unlocked Tessera key.
    public init(kdf: KeystoreKDF = .standard, tesseraPassword: Bool = false, accountPassword: AccountPassword = .random, verify: Bool = false) {
        self.kdf = kdf
        self.tesseraPassword = tesseraPassword
        self.accountPassword = accountPassword
        self.verify = verify
    }

    /// The Argon2 parameters of a new locked `tm.key`.
    var tesseraArgon: Argon2 { kdf == .standard ? .tesseraDefault : .light }
}
