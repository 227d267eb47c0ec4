import Foundation
import Testing

@testable import QubeCore

/// A staged file is the bytes appended, however they are cut into pieces; it links an equal
/// current file, copies the equal start of a changed one, and never touches a file in its way.
struct StagedFileTests {
    /// A new empty directory.
    static func makeDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qube-staged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Stages `pieces` against a current file holding `current` (none when nil) with `mode`.
    func stage(_ pieces: [[UInt8]], current: [UInt8]?, mode: mode_t = 0o644) throws -> (DirectoryReplacement.LinkOutcome, [UInt8], stat) {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let currentPath = directory.appendingPathComponent("current").path
        let stagedPath = directory.appendingPathComponent("staged").path
        if let current {
            try Data(current).write(to: URL(fileURLWithPath: currentPath))
            chmod(currentPath, mode)
        }
        let file = StagedFile(at: stagedPath, replacing: currentPath, permissions: 0o644)
        for piece in pieces { try file.append(piece) }
        let outcome = try file.finish()
        var status = stat()
        lstat(stagedPath, &status)
        return (outcome, Array(try Data(contentsOf: URL(fileURLWithPath: stagedPath))), status)
    }

    /// Bytes over several pieces, so comparing and copying cross piece boundaries.
    static let long = (0..<(StagedFile.pieceSize * 2 + 1000)).map { UInt8(truncatingIfNeeded: $0 &* 7) }

    @Test func linksAnEqualCurrentFile() throws {
        let (outcome, bytes, status) = try stage([Array(Self.long[..<10]), Array(Self.long[10...])], current: Self.long)
        #expect(outcome == .linked)
        #expect(bytes == Self.long)
        #expect(status.st_nlink == 2)
    }

    @Test(arguments: [10, StagedFile.pieceSize + 3, Self.long.count - 1])
    func writesAChangeAfterAnEqualStart(at offset: Int) throws {
        var changed = Self.long
        changed[offset] &+= 1
        let (outcome, bytes, status) = try stage([Array(changed[..<100]), Array(changed[100...])], current: Self.long)
        #expect(outcome == .different)
        #expect(bytes == changed)
        #expect(status.st_nlink == 1 && status.st_mode & 0o7777 == 0o644)
    }

    @Test func writesWhenTheCurrentFileIsLongerOrShorterOrOfOtherPermissions() throws {
        #expect(try stage([Array(Self.long)], current: Self.long + [1]).1 == Self.long)
        #expect(try stage([Array(Self.long)], current: Array(Self.long.dropLast())).0 == .different)
        let (outcome, bytes, status) = try stage([Array(Self.long)], current: Self.long, mode: 0o600)
        #expect(outcome == .different && bytes == Self.long && status.st_nlink == 1)
    }

    @Test func writesAnEmptyFile() throws {
        #expect(try stage([], current: nil).1 == [])
        #expect(try stage([[]], current: []).0 == .linked)
    }

    @Test func refusesAFileInItsWayAndLeavesIt() throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let existing = directory.appendingPathComponent("existing.yaml")
        try Data("kept".utf8).write(to: existing)
        let file = StagedFile(at: existing.path, replacing: directory.appendingPathComponent("absent").path, permissions: 0o644)
        try file.append(Array("new".utf8))
        #expect(throws: AtomicFile.WriteError.self) { try file.finish() }
        #expect(try Data(contentsOf: existing) == Data("kept".utf8))
    }
}
