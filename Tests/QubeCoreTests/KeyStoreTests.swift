import Foundation
import QubeCrypto
import Testing

@testable import QubeCore

/// A key store in a fresh temporary directory, removed afterwards.
struct TemporaryKeyStore: ~Copyable {
    let root: URL
    let store: KeyStore

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("qube-keystore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        store = KeyStore(directory: root.appendingPathComponent("keys/net"))
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func url(_ node: String, _ file: String) -> URL {
        store.directory.appendingPathComponent(node).appendingPathComponent(file)
    }

    func text(_ node: String, _ file: String) throws -> String { try String(contentsOf: url(node, file), encoding: .utf8) }

    func write(_ node: String, _ file: String, _ text: String) throws {
        try FileManager.default.createDirectory(at: url(node, file).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url(node, file))
    }

    /// Every entry under the store with its bytes, mode and modification time (ns).
    func snapshot() throws -> [String: String] {
        var out: [String: String] = [:]
        let base = store.directory.path
        for path in [base] + (FileManager.default.subpaths(atPath: base) ?? []).map({ base + "/" + $0 }) {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            let mtime = "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))).map { $0.base64EncodedString() } ?? "dir"
            out[path] = "\(String(info.st_mode & 0o7777, radix: 8)) \(mtime) \(bytes)"
        }
        return out
    }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        _ = stat(path, &info)
        return info.st_mode & 0o7777
    }
}

private let light = KeyGenerationOptions(kdf: .light, tesseraPassword: false, accountPassword: .random)
private let lightLocked = KeyGenerationOptions(kdf: .light, tesseraPassword: true, accountPassword: .random)
private let nodes = [NodeSpec(name: "node1"), NodeSpec(name: "node2", keyDirectory: "key2")]

@Suite struct KeyStoreTests {
    @Test func freshGenerationWritesEveryFilePrivately() throws {
        let tmp = try TemporaryKeyStore()
        let progress = ProgressLog()
        let keys = try tmp.store.ensureKeys(for: nodes, withTessera: true, options: lightLocked) { done, total in
            progress.record(done, total)
        }
        #expect(progress.calls.sorted { $0.0 < $1.0 }.map { "\($0.0)/\($0.1)" } == ["1/2", "2/2"])
        #expect(Set(keys.keys) == ["node1", "node2"])
        #expect(tmp.mode(tmp.store.directory.path) == 0o700)
        for (name, dir) in [("node1", "node1"), ("node2", "key2")] {
            #expect(tmp.mode(tmp.store.directory.appendingPathComponent(dir).path) == 0o700)
            let files = try FileManager.default.contentsOfDirectory(atPath: tmp.store.directory.appendingPathComponent(dir).path).sorted()
            #expect(files == ["acctkeyfile.json", "enode", "nodekey", "nodekeyaddress", "password.txt", "tm.key", "tm.password", "tm.pub"])
            for file in files { #expect(tmp.mode(tmp.url(dir, file).path) == 0o600, "\(file)") }

            let nodekey = try tmp.text(dir, "nodekey")
            #expect(nodekey.wholeMatch(of: /[0-9a-f]{64}/) != nil)
            let key = try Secp256k1Key(privateKeyHex: nodekey)
            let facts = try #require(keys[name])
            #expect(try tmp.text(dir, "enode") == key.nodeID + "\n")
            #expect(try tmp.text(dir, "nodekeyaddress") == key.address.checksummed + "\n")
            #expect(facts.nodeID == key.nodeID && facts.validatorAddress == key.address.checksummed)
            #expect(try tmp.text(dir, "password.txt").wholeMatch(of: /[0-9a-f]{32}/) != nil)
            #expect(try tmp.text(dir, "tm.pub") == facts.tesseraPublicKey)
            #expect(try tmp.text(dir, "tm.key").contains(#""type":"argon2sbox""#))
            // The full check decrypts the keystore and opens the locked Tessera key.
            #expect(try tmp.store.loadKeys(for: nodes.first { $0.name == name }!, withTessera: true, verify: true) == facts)
        }
        #expect(keys["node1"]!.nodeID != keys["node2"]!.nodeID)
    }

    @Test func rerunChangesNoByteAndNoModificationTime() throws {
        let tmp = try TemporaryKeyStore()
        let first = try tmp.store.ensureKeys(for: nodes, withTessera: true, options: light)
        let before = try tmp.snapshot()
        let second = try tmp.store.ensureKeys(for: nodes, withTessera: true, options: lightLocked)
        #expect(second == first)
        #expect(try tmp.snapshot() == before)
    }

    @Test func deletedDerivedFilesAreRederivedFromTheirPrivateKeys() throws {
        let tmp = try TemporaryKeyStore()
        let node = [nodes[0]]
        let first = try tmp.store.ensureKeys(for: node, withTessera: true, options: lightLocked)
        let before = try tmp.snapshot()
        for file in ["enode", "nodekeyaddress", "tm.pub"] { try FileManager.default.removeItem(at: tmp.url("node1", file)) }
        #expect(try tmp.store.ensureKeys(for: node, withTessera: true, options: lightLocked) == first)
        let after = try tmp.snapshot()
        for (path, entry) in before {
            let file = URL(fileURLWithPath: path).lastPathComponent
            if ["enode", "nodekeyaddress", "tm.pub"].contains(file) {
                // Same bytes, new file.
                #expect(after[path]?.split(separator: " ").last == entry.split(separator: " ").last)
            } else if file != "node1" {  // the directory's mtime moves with its entries
                #expect(after[path] == entry, "\(file) changed")
            }
        }
    }

    @Test(arguments: [
        ("enode", String(repeating: "ab", count: 64) + "\n", "does not match nodekey (it names another node id)"),
        ("nodekeyaddress", "0x0000000000000000000000000000000000000001\n", "does not match nodekey"),
        ("nodekeyaddress", "0xD8dba507e85f116b1f7e231ca8525fc9008a6966\n", "is not a 0x address with a valid EIP-55 checksum"),
        ("tm.pub", "BULeR8JyUWhiuuCMU/HLA0Q5pzkYT+cHII3ZKBey3Bo=", "does not match tm.key"),
        ("tm.pub", "not base64", "is not the Base64 of a 32-byte key"),
        ("nodekey", "00", "is not a node key: expected 64 hex digits"),
        ("acctkeyfile.json", "{}", "keystore.version is not 3"),
        ("tm.key", "{}", "tm.key.data is not a JSON object"),
    ])
    func inconsistentFileIsNamedAndNothingIsRepaired(file: String, content: String, problem: String) throws {
        let tmp = try TemporaryKeyStore()
        _ = try tmp.store.ensureKeys(for: [nodes[0]], withTessera: true, options: light)
        try tmp.write("node1", file, content)
        let before = try tmp.snapshot()
        let expected = KeyStoreError(path: tmp.url("node1", file).path, problem)
        #expect(throws: expected) { try tmp.store.ensureKeys(for: [nodes[0]], withTessera: true, options: light) }
        #expect(throws: expected) { try tmp.store.loadKeys(for: nodes[0], withTessera: true) }
        #expect(try tmp.snapshot() == before)
    }

    @Test(arguments: [("nodekey", "enode"), ("tm.key", "tm.pub")])
    func lostPrivateKeyIsNeverReplaced(privateFile: String, derived: String) throws {
        let tmp = try TemporaryKeyStore()
        _ = try tmp.store.ensureKeys(for: [nodes[0]], withTessera: true, options: light)
        try FileManager.default.removeItem(at: tmp.url("node1", privateFile))
        let before = try tmp.snapshot()
        let error = #expect(throws: KeyStoreError.self) { try tmp.store.ensureKeys(for: [nodes[0]], withTessera: true, options: light) }
        #expect(error?.path == tmp.url("node1", privateFile).path)
        #expect(error?.problem.contains("is missing but \(derived) exists") == true)
        #expect(try tmp.snapshot() == before)
    }

    @Test func keystoreWithoutItsPasswordIsAnError() throws {
        let tmp = try TemporaryKeyStore()
        _ = try tmp.store.ensureKeys(for: [nodes[0]], withTessera: false, options: light)
        try FileManager.default.removeItem(at: tmp.url("node1", "password.txt"))
        let error = #expect(throws: KeyStoreError.self) { try tmp.store.ensureKeys(for: [nodes[0]], withTessera: false, options: light) }
        #expect(error?.path == tmp.url("node1", "password.txt").path)
    }

    @Test func wrongPasswordFailsOnlyTheFullCheck() throws {
        let tmp = try TemporaryKeyStore()
        _ = try tmp.store.ensureKeys(for: [nodes[0]], withTessera: false, options: light)
        try tmp.write("node1", "password.txt", "not the password")
        _ = try tmp.store.loadKeys(for: nodes[0], withTessera: false, verify: false)
        #expect(throws: KeyStoreError(path: tmp.url("node1", "acctkeyfile.json").path, "keystore: wrong password (MAC mismatch)")) {
            try tmp.store.loadKeys(for: nodes[0], withTessera: false, verify: true)
        }
    }

    /// A run killed after writing a password but before what it locks resumes with that password.
    @Test func interruptedRunResumesWithTheWrittenPasswords() throws {
        let tmp = try TemporaryKeyStore()
        try tmp.write("node1", "password.txt", "earlier")
        try tmp.write("node1", "tm.password", "earlier-tm")
        let keys = try tmp.store.ensureKeys(for: [nodes[0]], withTessera: true, options: light)
        #expect(try tmp.text("node1", "password.txt") == "earlier")
        #expect(try tmp.text("node1", "tm.key").contains("argon2sbox"))
        #expect(try tmp.store.loadKeys(for: nodes[0], withTessera: true, verify: true) == keys["node1"])
    }

    @Test func emptyAccountPasswordAndUnlockedTesseraKey() throws {
        let tmp = try TemporaryKeyStore()
        let options = KeyGenerationOptions(kdf: .light, tesseraPassword: false, accountPassword: .empty, verify: true)
        _ = try tmp.store.ensureKeys(for: [nodes[0]], withTessera: true, options: options)
        #expect(try tmp.text("node1", "password.txt") == "")
        #expect(!FileManager.default.fileExists(atPath: tmp.url("node1", "tm.password").path))
        let files = try tmp.store.secretFiles(for: nodes[0], withTessera: true)
        #expect(Set(files.keys) == ["nodekey", "acctkeyfile.json", "password.txt", "tm.key", "tm.pub"])
    }

    @Test func secretFilesAndSecretStrings() throws {
        let tmp = try TemporaryKeyStore()
        _ = try tmp.store.ensureKeys(for: [nodes[0]], withTessera: true, options: lightLocked)
        let files = try tmp.store.secretFiles(for: nodes[0], withTessera: true)
        #expect(Set(files.keys) == ["nodekey", "acctkeyfile.json", "password.txt", "tm.key", "tm.pub", "tm.password"])
        #expect(files["nodekey"] == Data(try tmp.text("node1", "nodekey").utf8))
        let secrets = try tmp.store.secretStrings(for: [nodes[0]], withTessera: true)
        #expect(secrets.count == 5)  // nodekey, account key, password, Tessera key, Tessera password
        #expect(secrets.contains(try tmp.text("node1", "nodekey")))
        #expect(secrets.contains(try tmp.text("node1", "tm.password")))
        #expect(!secrets.contains(try tmp.text("node1", "tm.pub")))
    }

    /// Loading many directories checks them in parallel, yet always names the first bad one in
    /// node order, and loads the same facts one at a time would.
    @Test func parallelLoadNamesTheFirstBadDirectoryInNodeOrder() throws {
        let tmp = try TemporaryKeyStore()
        let many = (1...24).map { NodeSpec(name: "n\($0)") }
        let generated = try tmp.store.ensureKeys(for: many, withTessera: true, options: light)
        #expect(try tmp.store.loadKeys(for: many, withTessera: true) == generated)
        for index in [7, 15, 22] { try tmp.write("n\(index)", "tm.pub", "not base64") }
        let expected = KeyStoreError(path: tmp.url("n7", "tm.pub").path, "is not the Base64 of a 32-byte key")
        for _ in 0..<20 { #expect(throws: expected) { try tmp.store.loadKeys(for: many, withTessera: true) } }
    }

    @Test func missingDirectoryIsAnErrorOnLoad() throws {
        let tmp = try TemporaryKeyStore()
        #expect(throws: KeyStoreError.self) { try tmp.store.loadKeys(for: nodes[0], withTessera: false) }
    }

    /// A Qubernetes-style directory with the 7nodes node 1 keys (docs/formats.md V1.a, V4.b, V5.b):
    /// loads as it is, passes the full check, and ensureKeys leaves it untouched.
    @Test func sevenNodesKeyDirectoryLoadsAsIs() throws {
        let tmp = try TemporaryKeyStore()
        try tmp.write("node1", "nodekey", "1be3b50b31734be48452c29d714941ba165ef0cbf3ccea8ca16c45e3d8d45fb0")
        try tmp.write("node1", "enode", "ac6b1096ca56b9f6d004b779ae3728bf83f8e22453404cc3cef16a3d9b96608bc67c4b30db88e0a5a6c6390213f7acbe1153ff6d23ce57380104288ae19373ef\n")
        try tmp.write("node1", "nodekeyaddress", "0xd8Dba507e85F116b1f7e231cA8525fC9008A6966\n")
        try tmp.write("node1", "acctkeyfile.json", #"{"address":"ed9d02e382b34818e88b88a309c7fe71e65f419d","crypto":{"cipher":"aes-128-ctr","ciphertext":"4e77046ba3f699e744acb4a89c36a3ea1158a1bd90a076d36675f4c883864377","cipherparams":{"iv":"a8932af2a3c0225ee8e872bc0e462c11"},"kdf":"scrypt","kdfparams":{"dklen":32,"n":262144,"p":1,"r":8,"salt":"8ca49552b3e92f79c51f2cd3d38dfc723412c212e702bd337a3724e8937aff0f"},"mac":"6d1354fef5aa0418389b1a5d1f5ee0050d7273292a1171c51fd02f9ecff55264"},"id":"a65d1ac3-db7e-445d-a1cc-b6c5eeaa05e0","version":3}"#)
        try tmp.write("node1", "password.txt", "")
        try tmp.write("node1", "tm.key", #"{"data":{"bytes":"Wl+xSyXVuuqzpvznOS7dOobhcn4C5auxkFRi7yLtgtA="},"type":"unlocked"}"#)
        try tmp.write("node1", "tm.pub", "BULeR8JyUWhiuuCMU/HLA0Q5pzkYT+cHII3ZKBey3Bo=")
        let expected = NodeKeys(
            nodeID: "ac6b1096ca56b9f6d004b779ae3728bf83f8e22453404cc3cef16a3d9b96608bc67c4b30db88e0a5a6c6390213f7acbe1153ff6d23ce57380104288ae19373ef",
            validatorAddress: "0xd8Dba507e85F116b1f7e231cA8525fC9008A6966",
            accountAddress: "0xed9d02e382b34818e88B88a309c7fe71E65f419d",
            tesseraPublicKey: "BULeR8JyUWhiuuCMU/HLA0Q5pzkYT+cHII3ZKBey3Bo=")
        #expect(try tmp.store.loadKeys(for: nodes[0], withTessera: true, verify: true) == expected)
        let before = try tmp.snapshot()
        #expect(try tmp.store.ensureKeys(for: [nodes[0]], withTessera: true, options: light) == ["node1": expected])
        #expect(try tmp.snapshot() == before)
    }
}

/// Collects progress callbacks from worker threads.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(Int, Int)] = []
    func record(_ done: Int, _ total: Int) { lock.withLock { entries.append((done, total)) } }
    var calls: [(Int, Int)] { lock.withLock { entries } }
}
