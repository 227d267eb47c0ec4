import Dispatch
import Foundation
import QubeCrypto

/// The keys of one network on disk: `keys/<network>/<keyDir>/`, one directory per node, with
/// Qubernetes' file names so existing Qubernetes key directories can be brought along.
///
/// Directories are 0700 and files 0600, every write is atomic, and only missing files are
/// ever created: an existing key is never regenerated or rewritten. Private keys are never
/// printed or logged. Every write goes through the store's ``WriteGuard/KeyStoreWriter``, the
/// only writer the write guard lets into a key store.
public struct KeyStore: Sendable {
    /// The network's key directory, `keys/<network>`.
    public var directory: URL { writer.directory }
    /// The capability to write inside ``directory``.
    let writer: WriteGuard.KeyStoreWriter

    /// A store holding `writer`'s key directory; nothing is read or created until asked.
    public init(writer: WriteGuard.KeyStoreWriter) {
        self.writer = writer
    }

    /// A store rooted at `keys/<network>`, with a write guard of its own.
    public init(directory: URL) {
        self.init(writer: WriteGuard.standaloneKeyStoreWriter(for: directory))
    }

    /// Ensures every node has a complete, consistent key directory, generating only what is
    /// missing, many nodes in parallel (bounded by cores and memory). Returns each node's
    /// public key facts by node name.
    public func ensureKeys(
        for nodes: [NodeSpec], withTessera: Bool, options: KeyGenerationOptions,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(KeyStoreError) -> [String: NodeKeys] {
        guard !nodes.isEmpty else { return [:] }
        let target: WriteGuard.Target
        do { target = try writer.target(directory) } catch { throw KeyStoreError(error) }
        if !FileManager.default.fileExists(atPath: target.path) {
            do { try AtomicFile.createDirectory(target, permissions: 0o700) } catch {
                throw KeyStoreError(path: error.path, error.reason)
            }
            try writeGitignore()
        }
        AtomicFile.removeStaleTemporaryFiles(in: target)
        let memoryPerNode = max(options.kdf.scrypt.memoryBytes, withTessera && options.tesseraPassword ? options.tesseraArgon.memoryBytes : 0)
        let workers = GenerationBudget.workers(for: nodes.count, bytesPerNode: memoryPerNode + (16 << 20))
        return try inParallel(nodes, workers: workers, progress: progress) { node throws(KeyStoreError) in
            try keyDirectory(of: node).ensure(withTessera: withTessera, options: options)
        }
    }

    /// Loads and checks the existing key directories of `nodes`, one per core at a time, as
    /// ``loadKeys(for:withTessera:verify:)`` does for one; returns each node's public key facts
    /// by node name, or throws the error of the first node, in `nodes` order, that has one.
    public func loadKeys(for nodes: [NodeSpec], withTessera: Bool) throws(KeyStoreError) -> [String: NodeKeys] {
        // Checking a directory reads a few small files and derives its public keys: no memory to budget.
        try inParallel(nodes, workers: GenerationBudget.workers(for: nodes.count, bytesPerNode: 0), progress: nil) { node throws(KeyStoreError) in
            try keyDirectory(of: node).load(withTessera: withTessera, verify: false)
        }
    }

    /// Runs `work` for every node on `workers` threads, handing out nodes in order; after a
    /// failure no node is started, and the error of the first failing node in `nodes` order is
    /// thrown (every node before it was handed out, so it has finished), whatever the timing.
    private func inParallel(
        _ nodes: [NodeSpec], workers: Int, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?,
        _ work: @Sendable (NodeSpec) throws(KeyStoreError) -> NodeKeys
    ) throws(KeyStoreError) -> [String: NodeKeys] {
        let state = ParallelState(total: nodes.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = state.next() {
                let node = nodes[index]
                let done = state.finish(index, node.name, Result { () throws(KeyStoreError) in try work(node) })
                progress?(done, nodes.count)
            }
        }
        return try state.outcome()
    }

    /// How many of `nodes` lack a key file, so that ``ensureKeys(for:withTessera:options:progress:)``
    /// would make keys for them now.
    public func countNodesWithoutKeys(_ nodes: [NodeSpec], withTessera: Bool) -> Int {
        nodes.count { !keyDirectory(of: $0).isComplete(withTessera: withTessera) }
    }

    /// The secret files of `nodes` that users other than the owner may read (qube writes 0600,
    /// so these came from elsewhere, such as a qctl key directory), as paths with their modes.
    public func filesReadableByOthers(of nodes: [NodeSpec]) -> [(path: String, mode: mode_t)] {
        let secrets: [KeyFile] = [.nodekey, .accountKeystore, .password, .tesseraKey, .tesseraPassword, .tesseraTLSKey]
        return nodes.flatMap { node in
            secrets.compactMap { file -> (path: String, mode: mode_t)? in
                let path = keyDirectory(of: node).path(file)
                var status = stat()
                guard lstat(path, &status) == 0, status.st_mode & 0o077 != 0 else { return nil }
                return (path, status.st_mode & 0o777)
            }
        }
    }

    /// The file naming the script that started the store's chain, so a later run can tell that
    /// the same script now declares its network under another name.
    static let scriptRecordName = ".script"

    /// Records `script` (its file name) as the script that started this store, unless one is.
    public func recordScript(_ script: String) throws(KeyStoreError) {
        let url = directory.appendingPathComponent(Self.scriptRecordName)
        guard access(url.path, F_OK) != 0 else { return }
        let target: WriteGuard.Target
        do { target = try writer.target(url) } catch { throw KeyStoreError(error) }
        do { try AtomicFile.write(Data((script + "\n").utf8), to: target, permissions: 0o600) } catch {
            throw KeyStoreError(path: error.path, error.reason)
        }
    }

    /// The script recorded in the store at `directory`, if any.
    public static func recordedScript(in directory: URL) -> String? {
        guard case .bytes(let data) = OwnFile.read(directory.appendingPathComponent(scriptRecordName).path, limit: 4096) else {
            return nil
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    /// The `.gitignore` every key store qube creates gets, so its private keys are not committed
    /// by accident (a store qube did not create, such as a qctl key directory, is left as it is).
    static let gitignore = Data("# Private keys: never commit.\n*\n".utf8)

    /// Writes the `.gitignore` of the store this run created.
    private func writeGitignore() throws(KeyStoreError) {
        let url = directory.appendingPathComponent(".gitignore")
        let target: WriteGuard.Target
        do { target = try writer.target(url) } catch { throw KeyStoreError(error) }
        do { try AtomicFile.write(Self.gitignore, to: target, permissions: 0o600) } catch {
            throw KeyStoreError(path: error.path, error.reason)
        }
    }

    /// Loads and checks a node's existing key directory; throws if it is incomplete or
    /// inconsistent. With `verify`, also decrypts the keystore and opens a locked `tm.key`.
    public func loadKeys(for node: NodeSpec, withTessera: Bool, verify: Bool = false) throws(KeyStoreError) -> NodeKeys {
        try keyDirectory(of: node).load(withTessera: withTessera, verify: verify)
    }

    /// The files that go into the node's Kubernetes Secret, by file name: `nodekey`,
    /// `acctkeyfile.json`, `password.txt`, and with Tessera `tm.key`, `tm.pub` and, for a
    /// locked key, `tm.password` (the TLS pair of ``TesseraTLS`` is added by render when the
    /// network uses it). The directory is checked first.
    public func secretFiles(for node: NodeSpec, withTessera: Bool) throws(KeyStoreError) -> [String: Data] {
        _ = try keyDirectory(of: node).load(withTessera: withTessera, verify: false)
        return try secretFiles(ofChecked: node, withTessera: withTessera)
    }

    /// ``secretFiles(for:withTessera:)`` for a node whose directory this run already loaded or
    /// generated (and so checked): reads the files without checking them again.
    /// `withTLS` adds the Tessera TLS key and certificate (``TesseraTLS``) when the node has them.
    func secretFiles(ofChecked node: NodeSpec, withTessera: Bool, withTLS: Bool = false) throws(KeyStoreError) -> [String: Data] {
        let keys = keyDirectory(of: node)
        var files: [KeyFile] = [.nodekey, .accountKeystore, .password]
        var out: [String: Data] = [:]
        if withTessera {
            // tm.key is read once: its bytes go into the Secret and say whether tm.password does.
            let keyFile = try keys.readTesseraKeyFile()
            out[KeyFile.tesseraKey.name] = keyFile.data
            files.append(.tesseraPublicKey)
            if keyFile.file.isLocked { files.append(.tesseraPassword) }
            if withTLS, keys.exists(.tesseraTLSCertificate) { files += [.tesseraTLSKey, .tesseraTLSCertificate] }
        }
        for file in files { out[file.name] = try keys.readData(file) }
        return out
    }

    func keyDirectory(of node: NodeSpec) -> KeyDirectory {
        KeyDirectory(url: directory.appendingPathComponent(node.keyDirectory, isDirectory: true), writer: writer)
    }
}

/// The shared work queue and results of ``KeyStore``'s parallel work over nodes.
private final class ParallelState: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private var nextIndex = 0
    private var done = 0
    private var keys: [String: NodeKeys] = [:]
    /// The failure of the lowest-indexed node that failed so far.
    private var firstError: (index: Int, error: KeyStoreError)?

    init(total: Int) { self.total = total }

    /// The next node to work on; none once an error has occurred, so a failure stops the run early.
    func next() -> Int? {
        lock.withLock {
            guard nextIndex < total, firstError == nil else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    /// Records the result of the node at `index` and returns how many nodes are done.
    func finish(_ index: Int, _ name: String, _ result: Result<NodeKeys, KeyStoreError>) -> Int {
        lock.withLock {
            switch result {
            case .success(let nodeKeys): keys[name] = nodeKeys
            case .failure(let error): if index < firstError?.index ?? .max { firstError = (index, error) }
            }
            done += 1
            return done
        }
    }

    func outcome() throws(KeyStoreError) -> [String: NodeKeys] {
        if let firstError { throw firstError.error }
        return keys
    }
}
