import Foundation
import Testing
import QubeCore

/// The release record of a rendered tree, read back before the next render.
final class RenderedReleasesTests {
    /// The directories a test made, removed when it ends.
    private var directories: [URL] = []

    deinit {
        for directory in directories { try? FileManager.default.removeItem(at: directory) }
    }

    func directory(with record: String?) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qube-releases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        directories.append(directory)
        if let record { try Data(record.utf8).write(to: directory.appendingPathComponent(RenderedReleases.fileName)) }
        return directory
    }

    @Test func readsTheRecordAndNothingWithoutOne() throws {
        #expect(try RenderedReleases.read(from: try directory(with: nil)) == nil)
        let record = try RenderedReleases.read(from: try directory(with: #"{"quorum": "24.4.1", "tessera": "24.4.2"}"#))
        #expect(record == RenderedReleases(quorum: SemanticVersion(24, 4, 1), tessera: SemanticVersion(24, 4, 2)))
        #expect(try RenderedReleases.read(from: try directory(with: #"{"quorum": "2.7.0"}"#))?.tessera == nil)
    }

    @Test func refusesARecordThatIsNotOne() throws {
        for text in ["", "[]", #"{"quorum": 2}"#, #"{"quorum": "2.7.0", "tessera": 1}"#, String(repeating: " ", count: 5000)] {
            let directory = try self.directory(with: text)
            #expect {
                try RenderedReleases.read(from: directory)
            } throws: { error in
                "\(error)".hasPrefix(directory.appendingPathComponent("releases.json").path + ": ")
            }
        }
    }

    /// A symlink in place of the record (to a device that never ends, or a key) is not followed.
    @Test func doesNotFollowASymlink() throws {
        let directory = try self.directory(with: nil)
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent(RenderedReleases.fileName).path, withDestinationPath: "/dev/zero")
        #expect(throws: ValidationError("\(directory.path)/releases.json: is not a regular file; it records the releases of the last render (remove it only if no node ever ran)")) {
            try RenderedReleases.read(from: directory)
        }
    }

    @Test(arguments: [("0.10.6", "21.7.3", false), ("21.7.3", "24.4.2", true), ("24.4.2", "0.10.5", true), ("24.4.0", "24.4.2", false)])
    func refusesOnlyACrossingOfTheH2Boundary(_ from: String, _ to: String, _ refused: Bool) throws {
        let record = RenderedReleases(quorum: SemanticVersion(2, 7, 0), tessera: SemanticVersion(from))
        var spec = NetworkSpec(name: "a")
        spec.tesseraVersion = SemanticVersion(to)
        var thrown: ValidationError?
        do { try record.checkUpgrade(to: spec) } catch { thrown = error }
        #expect((thrown != nil) == refused)
        #expect(thrown.map { $0.field == "tessera" && $0.message.contains("org.h2.tools.RunScript") } ?? true)
        spec.tesseraVersion = nil
        try record.checkUpgrade(to: spec)
    }
}
