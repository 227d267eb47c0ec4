import Foundation
import QubeCrypto

/// One node's key directory: reads, checks, and fills in what is missing.
///
/// Write order makes a `kill -9` at any point recoverable: a private file is written before
/// the files derived from it, and a password before what it locks; the temporary files of
/// writes a kill interrupted are removed by the next run. Every write is atomic and
/// only ever creates a missing file; a file that exists is read, never rewritten.
struct KeyDirectory {
    let url: URL
    /// `url`'s path, which file paths are built on: cheaper than appending to a URL.
    private let directory: String
    /// The capability to write in the key store that holds the directory.
    private let writer: WriteGuard.KeyStoreWriter

    /// The key directory at `url`, in the store `writer` writes.
    init(url: URL, writer: WriteGuard.KeyStoreWriter) {
        self.url = url
        self.writer = writer
        directory = url.path
    }

    // MARK: Generating

    /// Creates the files that are missing, then loads and checks the whole directory.
    func ensure(withTessera: Bool, options: KeyGenerationOptions) throws(KeyStoreError) -> NodeKeys {
        let target: WriteGuard.Target
        do { target = try writer.target(url) } catch { throw KeyStoreError(error) }
        if !FileManager.default.fileExists(atPath: target.path) {
            do { try AtomicFile.createDirectory(target, permissions: 0o700) } catch { throw KeyStoreError(path: error.path, error.reason) }
        }
        AtomicFile.removeStaleTemporaryFiles(in: target)
        try ensureNodeKey()
        try ensureAccount(password: options.accountPassword, kdf: options.kdf)
        if withTessera { try ensureTesseraKey(locked: options.tesseraPassword, argon: options.tesseraArgon) }
        return try load(withTessera: withTessera, verify: options.verify)
    }

    private func ensureNodeKey() throws(KeyStoreError) {
        if !exists(.nodekey) {
            try refuseToReplaceLostKey(.nodekey, derived: [.enode, .nodekeyAddress])
            try write(.nodekey, Secp256k1Key.generate().privateKey.hex)
        }
        if !exists(.enode) || !exists(.nodekeyAddress) {
            let key = try readNodeKey()
            if !exists(.enode) { try write(.enode, key.nodeID + "\n") }
            if !exists(.nodekeyAddress) { try write(.nodekeyAddress, key.address.checksummed + "\n") }
        }
    }

    private func ensureAccount(password: KeyGenerationOptions.AccountPassword, kdf: KeystoreKDF) throws(KeyStoreError) {
        if !exists(.password) {
            guard !exists(.accountKeystore) else {
                throw error(.password, "is missing, and acctkeyfile.json cannot be unlocked without it; restore it from a backup")
            }
            try write(.password, password == .random ? KeyDirectory.randomPassword() : "")
        }
        if !exists(.accountKeystore) {
            let password = KeyFile.firstLine(of: try read(.password))
            try write(.accountKeystore, Keystore.encrypt(Secp256k1Key.generate(), password: password, kdf: kdf).json)
        }
    }

    private func ensureTesseraKey(locked: Bool, argon: Argon2) throws(KeyStoreError) {
        var fresh: TesseraKeyPair?
        if !exists(.tesseraKey) {
            try refuseToReplaceLostKey(.tesseraKey, derived: [.tesseraPublicKey])
            let pair = TesseraKeyPair.generate()
            // A tm.password left by an interrupted run means that run meant to lock the key.
            if locked || exists(.tesseraPassword) {
                if !exists(.tesseraPassword) { try write(.tesseraPassword, KeyDirectory.randomPassword()) }
                let password = KeyFile.firstLine(of: try read(.tesseraPassword))
                try write(.tesseraKey, pair.lockedFile(password: password, argon: argon).json)
            } else {
                try write(.tesseraKey, pair.unlockedFile().json)
            }
            fresh = pair
        }
        if !exists(.tesseraPublicKey) {
            let pair: TesseraKeyPair
            if let fresh { pair = fresh } else { pair = try openTesseraKey(try readTesseraKeyFile().file) }
            try write(.tesseraPublicKey, pair.publicKeyBase64)
        }
    }

    /// Creates the Tessera TLS key and certificate when missing (``TesseraTLS``): the key first,
    /// then the certificate from it, so a run killed between the two finishes the pair from the
    /// same key. An existing pair is kept as it is, whatever names it holds.
    func ensureTesseraTLS(commonName: String, dnsNames: [String], ipAddresses: [String]) throws(KeyStoreError) -> TesseraTLSCertificate {
        if !exists(.tesseraTLSCertificate) {
            try refuseToReplaceLostKey(.tesseraTLSKey, derived: [.tesseraTLSCertificate])
            let existingKey = exists(.tesseraTLSKey) ? try read(.tesseraTLSKey) : nil
            let identity: TesseraTLSIdentity
            do {
                identity = try TesseraTLSIdentity.generate(
                    commonName: commonName, dnsNames: dnsNames, ipAddresses: ipAddresses, privateKeyPEM: existingKey)
            } catch { throw self.error(.tesseraTLSKey, error.reason) }
            if existingKey == nil { try write(.tesseraTLSKey, identity.privateKeyPEM) }
            try write(.tesseraTLSCertificate, identity.certificatePEM)
        }
        guard let certificate = try loadTesseraTLS() else { throw error(.tesseraTLSKey, "is missing") }
        return certificate
    }

    /// The Tessera TLS certificate's facts, nil when the directory has neither file; throws when
    /// only one is there or they do not load as Tessera loads them.
    func loadTesseraTLS() throws(KeyStoreError) -> TesseraTLSCertificate? {
        switch (exists(.tesseraTLSKey), exists(.tesseraTLSCertificate)) {
        case (false, false): return nil
        case (true, false): throw error(.tesseraTLSCertificate, "is missing; call genKeys() to make it from \(KeyFile.tesseraTLSKey.name)")
        case (false, true): try refuseToReplaceLostKey(.tesseraTLSKey, derived: [.tesseraTLSCertificate])
        case (true, true): break
        }
        let certificatePEM = try read(.tesseraTLSCertificate)
        let keyPEM = try read(.tesseraTLSKey)
        let certificate: TesseraTLSCertificate
        do { certificate = try TesseraTLSCertificate(certificatePEM: certificatePEM) } catch {
            throw self.error(.tesseraTLSCertificate, error.reason)
        }
        do { try certificate.checkKey(keyPEM) } catch { throw self.error(.tesseraTLSKey, error.reason) }
        return certificate
    }

    /// A private file that is gone while files derived from it remain means a lost key: making
    /// a new one would silently change the node's identity.
    private func refuseToReplaceLostKey(_ file: KeyFile, derived: [KeyFile]) throws(KeyStoreError) {
        if let present = derived.first(where: exists) {
            throw error(file, "is missing but \(present.name) exists: the key is lost; restore it from a backup (qube never replaces a key)")
        }
    }

    /// 128 random bits as 32 hex digits: safe in any file, shell or YAML.
    private static func randomPassword() -> String { Hex.encode(SecureRandom.bytes(16)) }

    // MARK: Loading

    /// Checks the directory and returns its public facts; `verify` also decrypts the keystore
    /// and opens a locked Tessera key.
    func load(withTessera: Bool, verify: Bool) throws(KeyStoreError) -> NodeKeys {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw KeyStoreError(path: directory, "key directory is missing; run genKeys first")
        }
        // Each file is read in turn, and the first one missing is named ("is missing", readData).
        let nodeKey = try readNodeKey()
        guard KeyFile.value(of: try read(.enode)) == nodeKey.nodeID else {
            throw error(.enode, "does not match nodekey (it names another node id)")
        }
        let addressText = String(KeyFile.value(of: try read(.nodekeyAddress)))
        guard let address = try? EthereumAddress(validating: addressText) else {
            throw error(.nodekeyAddress, "is not a 0x address with a valid EIP-55 checksum")
        }
        guard address == nodeKey.address else { throw error(.nodekeyAddress, "does not match nodekey") }

        let keystoreData = try readData(.accountKeystore)
        let keystore: Keystore
        do { keystore = try Keystore(json: keystoreData) } catch { throw self.error(.accountKeystore, error.reason) }
        guard let accountAddress = keystore.address else { throw error(.accountKeystore, "names no address") }
        let password = KeyFile.firstLine(of: try read(.password))
        if verify {
            do { _ = try keystore.decrypt(password: password) } catch { throw self.error(.accountKeystore, error.reason) }
        }

        var tesseraPublicKey: String?
        if withTessera {
            let keyFile = try readTesseraKeyFile().file
            let publicText = String(KeyFile.value(of: try read(.tesseraPublicKey)))
            guard let publicKey = Data(base64Encoded: publicText), publicKey.count == 32 else {
                throw error(.tesseraPublicKey, "is not the Base64 of a 32-byte key")
            }
            if keyFile.isLocked && !exists(.tesseraPassword) {
                throw error(.tesseraPassword, "is missing, and the locked tm.key cannot be opened without it")
            }
            if !keyFile.isLocked || verify {
                guard try openTesseraKey(keyFile).publicKey == Array(publicKey) else {
                    throw error(.tesseraPublicKey, "does not match tm.key")
                }
            }
            tesseraPublicKey = publicText
        }
        return NodeKeys(
            nodeID: nodeKey.nodeID, validatorAddress: nodeKey.address.checksummed,
            accountAddress: accountAddress.checksummed, tesseraPublicKey: tesseraPublicKey,
            tesseraTLS: withTessera ? try loadTesseraTLS() : nil)
    }

    // MARK: Files

    func path(_ file: KeyFile) -> String { directory + "/" + file.name }

    func exists(_ file: KeyFile) -> Bool { access(path(file), F_OK) == 0 }

    /// Whether every file ``ensure(withTessera:options:)`` would write is already there.
    func isComplete(withTessera: Bool) -> Bool {
        let files: [KeyFile] = [.nodekey, .enode, .nodekeyAddress, .password, .accountKeystore]
        return (files + (withTessera ? [.tesseraKey, .tesseraPublicKey] : [])).allSatisfy(exists)
    }

    func error(_ file: KeyFile, _ problem: String) -> KeyStoreError { KeyStoreError(path: path(file), problem) }

    /// The bytes of one key file (through a link, as an imported key directory may hold them);
    /// a FIFO, a device or a file larger than any key file is refused unread.
    func readData(_ file: KeyFile) throws(KeyStoreError) -> Data {
        switch OwnFile.read(path(file), limit: Self.maximumFileSize, followingLinks: true) {
        case .bytes(let data): return data
        case .absent: throw self.error(file, "is missing")
        case .refused(let reason): throw self.error(file, reason)
        }
    }

    /// The largest key file read: a keystore file is under 1 KiB.
    static let maximumFileSize = 64 << 10

    func read(_ file: KeyFile) throws(KeyStoreError) -> String {
        guard let text = String(data: try readData(file), encoding: .utf8) else { throw error(file, "is not UTF-8 text") }
        return text
    }

    private func write(_ file: KeyFile, _ text: String) throws(KeyStoreError) { try write(file, Data(text.utf8)) }

    private func write(_ file: KeyFile, _ data: Data) throws(KeyStoreError) {
        let target: WriteGuard.Target
        do { target = try writer.target(URL(fileURLWithPath: path(file), isDirectory: false)) } catch { throw KeyStoreError(error) }
        do { try AtomicFile.write(data, to: target, permissions: 0o600) } catch { throw KeyStoreError(path: error.path, error.reason) }
    }

    func readNodeKey() throws(KeyStoreError) -> Secp256k1Key {
        // geth's LoadECDSA: 64 hex digits, then at most a line ending.
        let text = try read(.nodekey)
        do { return try Secp256k1Key(privateKeyHex: KeyFile.value(of: text)) } catch {
            throw self.error(.nodekey, "is not a node key: \(error.reason)")
        }
    }

    /// `tm.key`, parsed, with the bytes it was parsed from.
    func readTesseraKeyFile() throws(KeyStoreError) -> (file: TesseraKeyFile, data: Data) {
        let data = try readData(.tesseraKey)
        do { return (try TesseraKeyFile(json: data), data) } catch { throw self.error(.tesseraKey, error.reason) }
    }

    func openTesseraKey(_ keyFile: TesseraKeyFile) throws(KeyStoreError) -> TesseraKeyPair {
        let password = keyFile.isLocked ? KeyFile.firstLine(of: try read(.tesseraPassword)) : nil
        do { return try keyFile.open(password: password) } catch { throw self.error(.tesseraKey, error.reason) }
    }
}
