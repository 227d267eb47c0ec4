/// What qube renders differently for one line of Tessera releases: how the container starts
/// Tessera and which config keys the release knows.
///
/// The config keys qube writes are in every supported line's key list
/// (/work/shared/versions/tessera-config-keys-*.txt); the tests check that against the lists.
public struct TesseraRelease: Equatable, Sendable {
    /// The releases of this line, e.g. 24.4.0 through 24.4.x.
    public var versions: ClosedRange<SemanticVersion>
    /// The argv prefix that starts Tessera in the line's image, before `-configfile <file>`.
    public var launcher: [String]

    /// The uber jar the 0.10.x to 21.4.x images ship (`ENTRYPOINT ["java", "-jar", "/tessera/tessera-app.jar"]`).
    static let jarLauncher = ["java", "-jar", "/tessera/tessera-app.jar"]
    /// The distribution launcher the 21.7.0 and later images ship (`ENTRYPOINT ["/tessera/bin/tessera"]`).
    static let distributionLauncher = ["/tessera/bin/tessera"]

    /// Every line qube renders for, oldest first.
    public static let supported: [TesseraRelease] = [
        // tessera-0.10.5 @dd0f7f693f3a: keys read from the tag (tessera-config-keys-0.10.5.txt);
        // Dockerfile at the tag copies the jar to /tessera/tessera-app.jar (tessera-notes.md).
        TesseraRelease(versions: SemanticVersion(0, 10, 5)...SemanticVersion(0, 10, 5), launcher: jarLauncher),
        // tessera-0.10.6: the 0.10.5 model plus bootstrapNode (ConsenSys/quorum@66e615e157c3 docs),
        // tessera-config-keys-0.10.6.txt; same jar image layout.
        TesseraRelease(versions: SemanticVersion(0, 10, 6)...SemanticVersion(0, 10, 6), launcher: jarLauncher),
        // 20.10.x: 0.10.6 model plus features.enablePrivacyEnhancements (tessera-config-keys-20.10.x.txt,
        // reconstructed); still the uber jar (doc.tessera 20.10.0 runs java -jar tessera-app-<v>-app.jar).
        TesseraRelease(versions: SemanticVersion(20, 10, 0)...SemanticVersion(20, 10, 999), launcher: jarLauncher),
        // 21.7.x: the distribution with bin/tessera replaces the jar from 21.7.0 (Tessera README, docker/tessera.Dockerfile
        // index version c602c4e2); mode, clientAuth, residentGroups added (tessera-config-keys-21.7.x.txt).
        TesseraRelease(versions: SemanticVersion(21, 7, 0)...SemanticVersion(21, 7, 999), launcher: distributionLauncher),
        // 24.4.x: newest model @86a7c1342055 / @7117da3732be (tessera-config-keys-24.4.x.txt); the
        // quorum-kubernetes helm chart runs tag 24.4, quorum-dev-quickstart execs /tessera/bin/tessera.
        TesseraRelease(versions: SemanticVersion(24, 4, 0)...SemanticVersion(24, 4, 999), launcher: distributionLauncher),
    ]

    /// The supported line holding this version, or nil.
    public static func release(_ version: SemanticVersion) -> TesseraRelease? {
        supported.first { $0.versions.contains(version) }
    }

    /// The supported lines as the user reads them: `0.10.5, 0.10.6, 20.10.x, 21.7.x, 24.4.x`.
    static var supportedSummary: String {
        supported.map { line in
            line.versions.lowerBound == line.versions.upperBound
                ? "\(line.versions.lowerBound)" : "\(line.versions.lowerBound.major).\(line.versions.lowerBound.minor).x"
        }.joined(separator: ", ")
    }

}
