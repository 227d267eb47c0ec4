import Foundation
import QubeCore
import Testing

/// Writes a key store for scripts/checks/20-crypto-oracles.sh, which checks it with independent
/// Python implementations (eth-keys, eth-account, eth-utils, PyNaCl, argon2-cffi). Runs only
/// when QUBE_ORACLE_KEYS_DIR names the directory to write.
@Suite struct KeyStoreOracleTests {
    static let directory = ProcessInfo.processInfo.environment["QUBE_ORACLE_KEYS_DIR"]

    /// Standard scrypt and light KDFs, locked and unlocked Tessera keys, random and empty
    /// passwords. (A standard-strength locked Tessera key, 1 GiB of Argon2, takes minutes in a
    /// debug build; the light one runs the same multi-lane code.)
    @Test(.enabled(if: directory != nil, "QUBE_ORACLE_KEYS_DIR is not set"))
    func writeKeyStoreForOracles() throws {
        let store = KeyStore(directory: URL(fileURLWithPath: try #require(Self.directory)))
        let runs: [(String, KeyGenerationOptions)] = [
            ("standard-unlocked", KeyGenerationOptions(kdf: .standard, tesseraPassword: false, accountPassword: .random)),
            ("light-unlocked", KeyGenerationOptions(kdf: .light, tesseraPassword: false, accountPassword: .empty)),
            ("light-locked", KeyGenerationOptions(kdf: .light, tesseraPassword: true, accountPassword: .random)),
        ]
        for (name, options) in runs {
            let node = NodeSpec(name: name)
            let keys = try store.ensureKeys(for: [node], withTessera: true, options: options)
            #expect(try store.loadKeys(for: node, withTessera: true, verify: true) == keys[name])
        }
    }
}
