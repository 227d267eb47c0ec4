import Foundation
@testable import QubeCore
import Testing

/// Writing files: a failed write removes only what it created.
struct AtomicFileTests {
    @Test func createRefusesAnExistingFileAndLeavesIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qube-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("existing.yaml")
        try Data("kept".utf8).write(to: file)

        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.create(Data("new".utf8), at: file) }
        #expect(try Data(contentsOf: file) == Data("kept".utf8))
    }
}
