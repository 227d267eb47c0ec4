/// The GoQuorum and Tessera releases a network runs, checked against what qube supports.
public struct NetworkReleases: Equatable, Sendable {
    public var quorum: GoQuorumRelease
    /// The Tessera line and exact version, or nil when the network runs without Tessera.
    public var tessera: (line: TesseraRelease, version: SemanticVersion)?

    /// Looks up the releases `spec` names.
    ///
    /// Throws for a version qube has no flag and key lists for, naming the supported ones, and for
    /// QBFT on a GoQuorum release whose genesis has no `qbft` section.
    public init(_ spec: NetworkSpec) throws(ValidationError) {
        guard let quorum = GoQuorumRelease.release(spec.quorumVersion) else {
            throw ValidationError(
                field: "quorum",
                "GoQuorum \(spec.quorumVersion) is not supported; supported versions: \(GoQuorumRelease.supportedSummary)")
        }
        if spec.consensus == .qbft, !quorum.supportsQBFT {
            throw ValidationError(
                field: "consensus",
                "qbft needs GoQuorum "
                    + GoQuorumRelease.supported.filter(\.supportsQBFT).map { "\($0.version)" }.joined(separator: ", ")
                    + "; GoQuorum \(quorum.version) has no qbft genesis section (use istanbul, or a newer quorum)")
        }
        self.quorum = quorum
        if let version = spec.tesseraVersion {
            guard let line = TesseraRelease.release(version) else {
                throw ValidationError(
                    field: "tessera", "Tessera \(version) is not supported; supported versions: \(TesseraRelease.supportedSummary)")
            }
            tessera = (line, version)
        }
    }

    /// The GoQuorum image, `quorumengineering/quorum:<X.Y.Z>`: the tag spelling of the release
    /// workflow (goquorum-notes.md, "Docker images"), never a floating tag.
    public var quorumImage: String { "quorumengineering/quorum:\(quorum.version)" }

    /// The Tessera image, `quorumengineering/tessera:<X.Y.Z>`, or nil without Tessera.
    public var tesseraImage: String? { tessera.map { "quorumengineering/tessera:\($0.version)" } }

    public static func == (a: Self, b: Self) -> Bool {
        a.quorum == b.quorum && a.tessera?.line == b.tessera?.line && a.tessera?.version == b.tessera?.version
    }
}

/// The version checks the `network{}` call runs.
public enum VersionMatrix {
    /// Throws unless qube can render `spec`'s GoQuorum and Tessera versions with its consensus.
    public static func validate(_ spec: NetworkSpec) throws(ValidationError) {
        _ = try NetworkReleases(spec)
    }
}
