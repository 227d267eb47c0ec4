import Crypto
import Foundation
import QubeCrypto

/// The one genesis of a network, kept at `keys/<network>/genesis.json`.
///
/// The genesis is the chain's identity: it is created once (or imported once, when joining
/// another organisation's chain) and every later run reuses the stored bytes unchanged, so
/// adding nodes or changing peers never changes it. It is written through the key store's
/// own writer: no other write may enter the key store.
public struct GenesisStore: Sendable {
    /// The network's key directory, `keys/<network>`.
    public var directory: URL { writer.directory }
    private let writer: WriteGuard.KeyStoreWriter

    /// The genesis of the network whose key store is `keyStore`.
    public init(keyStore: KeyStore) {
        writer = keyStore.writer
    }

    /// The genesis kept in the key directory `directory`, with a write guard of its own.
    public init(directory: URL) {
        self.init(keyStore: KeyStore(directory: directory))
    }

    /// Where the genesis is stored.
    public var file: URL { directory.appendingPathComponent("genesis.json") }

    /// The genesis `network` runs, creating or importing it on first use.
    ///
    /// - With a stored genesis: returns it unchanged after checking that the script still agrees
    ///   with its chain id and consensus, and that a `joining` genesis, if given, is the same file.
    /// - Without one: stores `joining` byte for byte after checking that the script agrees with
    ///   it, or else a new genesis from the network's nodes and keys (``Genesis/new(for:keys:)``).
    ///
    /// The file is written atomically with mode 0600 in a directory created 0700.
    public func genesis(for network: Network, keys: [String: NodeKeys], joining: ImportedGenesis?) throws -> Data {
        if let stored = try storedGenesis() {
            try stored.check(against: network.spec)
            if let joining, joining.data != stored.data {
                throw GenesisError(
                    path: joining.path,
                    message: "differs from the genesis this network already has (\(file.path), fingerprint "
                        + "\(GenesisFingerprint.sha256(stored.data))); refusing to replace the chain's identity")
            }
            return stored.data
        }
        let data: Data
        if let joining {
            try joining.check(against: network.spec)
            data = joining.data
        } else {
            data = try Genesis.new(for: network, keys: keys)
        }
        try AtomicFile.createDirectory(try writer.target(directory), permissions: 0o700)
        try AtomicFile.write(data, to: try writer.target(file), permissions: 0o600)
        return data
    }

    /// The stored genesis, validated, or nil when the network has none yet.
    public func storedGenesis() throws -> ImportedGenesis? {
        switch OwnFile.read(file.path, limit: ImportedGenesis.maximumSize, followingLinks: true) {
        case .absent: return nil
        case .bytes(let data): return try ImportedGenesis(data: data, path: file.path)
        case .refused(let reason): throw GenesisError(path: file.path, message: reason)
        }
    }
}

/// A short, comparable identity of a genesis file, for organisations to check they share one.
public enum GenesisFingerprint {
    /// The SHA-256 of the file's bytes as 64 lowercase hex digits.
    public static func sha256(_ data: Data) -> String {
        Hex.encode(SHA256.hash(data: data))
    }
}
