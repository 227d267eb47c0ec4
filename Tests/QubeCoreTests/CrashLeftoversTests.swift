import Foundation
import QubeCore
import QubeCrypto
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What a `kill -9` leaves in a key store is cleaned by the next run, and nothing else is touched.
struct CrashLeftoversTests {
    /// A pid above any kernel's pid_max: no process has it.
    private static let deadWriter: pid_t = 2_147_483_646

    @Test func genKeysRemovesTheTemporaryFilesOfAKilledRunOnly() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("qube-leftovers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = KeyStore(directory: root.appendingPathComponent("keys/org-a"))
        let node = root.appendingPathComponent("keys/org-a/n1")
        try FileManager.default.createDirectory(at: node, withIntermediateDirectories: true)
        let stale = [
            node.appendingPathComponent(".nodekey.\(Self.deadWriter).12345.tmp"),
            node.appendingPathComponent(".acctkeyfile.json.\(Self.deadWriter).7.tmp"),
            store.directory.appendingPathComponent(".genesis.json.\(Self.deadWriter).99.tmp"),
        ]
        let live = node.appendingPathComponent(".tm.key.\(getpid()).1.tmp")
        let unrelated = [node.appendingPathComponent(".notes.tmp"), node.appendingPathComponent("backup.\(Self.deadWriter).1.tmp")]
        for file in stale + [live] + unrelated { try Data("partial".utf8).write(to: file) }

        _ = try store.ensureKeys(for: [NodeSpec(name: "n1")], withTessera: true, options: KeyGenerationOptions(kdf: .light))

        for file in stale { #expect(!FileManager.default.fileExists(atPath: file.path), "\(file.lastPathComponent) is left") }
        for file in [live] + unrelated { #expect(FileManager.default.fileExists(atPath: file.path), "\(file.lastPathComponent) was removed") }
    }
}
