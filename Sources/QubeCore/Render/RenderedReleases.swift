import Foundation

/// The GoQuorum and Tessera releases a rendered tree was made for, kept in the tree as
/// `releases.json` so the next render knows what the nodes ran before.
///
/// qube reads it only to refuse a change the nodes' data cannot survive (``checkUpgrade(to:)``);
/// a tree without the file (a first render, or one made by an older qube) has no previous releases.
public struct RenderedReleases: Equatable, Sendable {
    /// The file's name in `out/<network>/`.
    public static let fileName = "releases.json"
    /// The largest record read; qube's own is under 64 bytes.
    static let maximumSize = 4096

    public var quorum: SemanticVersion
    /// The Tessera version, or nil for a network without Tessera.
    public var tessera: SemanticVersion?

    public init(quorum: SemanticVersion, tessera: SemanticVersion?) {
        self.quorum = quorum
        self.tessera = tessera
    }

    /// The releases `spec` names.
    public init(_ spec: NetworkSpec) {
        self.init(quorum: spec.quorumVersion, tessera: spec.tesseraVersion)
    }

    /// The record's bytes: `{"quorum": "X.Y.Z", "tessera": "X.Y.Z"}`, without `tessera` when the
    /// network runs none.
    var data: Data {
        var object: [String: ChainJSON] = ["quorum": .string("\(quorum)")]
        if let tessera { object["tessera"] = .string("\(tessera)") }
        return ChainJSON.object(object).data
    }

    /// The record in the rendered tree `directory`, or nil when it has none.
    public static func read(from directory: URL) throws(ValidationError) -> RenderedReleases? {
        let file = directory.appendingPathComponent(fileName)
        func unreadable(_ why: String) -> ValidationError {
            ValidationError("\(file.path): \(why); it records the releases of the last render (remove it only if no node ever ran)")
        }
        // qube writes a regular file of a few bytes: anything else (a symlink, a device) is not read.
        let data: Data
        switch OwnFile.read(file.path, limit: maximumSize) {
        case .absent: return nil
        case .bytes(let bytes): data = bytes
        case .refused(let why): throw unreadable(why)
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let quorumText = object["quorum"] as? String, let quorum = SemanticVersion(quorumText)
        else { throw unreadable("is not a release record") }
        switch object["tessera"] {
        case nil: return RenderedReleases(quorum: quorum, tessera: nil)
        case let text as String:
            guard let tessera = SemanticVersion(text) else { throw unreadable("is not a release record") }
            return RenderedReleases(quorum: quorum, tessera: tessera)
        default: throw unreadable("is not a release record")
        }
    }

    /// Throws when nodes that ran these releases cannot move to `spec`'s: a Tessera change across
    /// the H2 database format boundary (``TesseraRelease/DatabaseFormat``), which would leave every
    /// node's Tessera unable to open its database. The error names the manual migration.
    public func checkUpgrade(to spec: NetworkSpec) throws(ValidationError) {
        guard let previous = tessera, let next = spec.tesseraVersion,
            let from = TesseraRelease.release(previous), let to = TesseraRelease.release(next),
            from.databaseFormat != to.databaseFormat
        else { return }
        let h2 = { (format: TesseraRelease.DatabaseFormat) in format == .h2Version1 ? "H2 1.4" : "H2 2" }
        throw ValidationError(
            field: "tessera",
            "the nodes ran Tessera \(previous), whose \(h2(from.databaseFormat)) database Tessera \(next) "
                + "(\(h2(to.databaseFormat))) cannot open (ConsenSys/tessera PR #1370, issue #1375; 21.10.0 is the last "
                + "H2 1.4 release). Migrate each node's database by hand first: stop the node, export "
                + "\(PodPaths.tesseraData)/db with the old H2's org.h2.tools.Script, create it anew with the new H2's "
                + "org.h2.tools.RunScript (tessera ddls/scripts/h2-upgrade.sh, "
                + "https://h2database.com/html/tutorial.html#upgrade_backup_restore), then remove the render's "
                + "\(Self.fileName) to render for Tessera \(next); or keep tessera = \"\(previous)\"")
    }
}
