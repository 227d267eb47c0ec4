import Testing
import QubeCore

struct VersionsTests {
    static let spec = NetworkSpec(name: "org-a")

    @Test(arguments: ["2.7.0", "20.10.0", "21.4.2", "22.7.6", "23.4.0", "24.4.0", "24.4.1"])
    func supportsPinnedGoQuorumReleases(_ version: String) throws {
        var spec = Self.spec
        spec.quorumVersion = try #require(SemanticVersion(version))
        try VersionMatrix.validate(spec)
        #expect(try NetworkReleases(spec).quorumImage == "quorumengineering/quorum:\(version)")
    }

    @Test func everySupportedGoQuorumReleaseHasAFlagColumn() throws {
        for release in GoQuorumRelease.supported {
            #expect(try ChainFixtures.acceptedFlags(release.version).contains("datadir"), "no flags for \(release.version)")
        }
    }

    @Test func refusesAnUnsupportedGoQuorumListingTheSupportedOnes() {
        var spec = Self.spec
        spec.quorumVersion = SemanticVersion(21, 1, 0)
        #expect(throws: ValidationError.self) { try VersionMatrix.validate(spec) }
        do {
            try VersionMatrix.validate(spec)
        } catch {
            #expect(error.field == "quorum")
            #expect(error.message.contains("21.1.0 is not supported"))
            #expect(error.message.contains("2.7.0, 20.10.0, 21.4.2, 22.7.6, 23.4.0, 24.4.0, 24.4.1"))
        }
    }

    @Test(arguments: ["2.7.0", "20.10.0", "21.4.2"])
    func refusesQBFTBeforeGoQuorum22(_ version: String) throws {
        var spec = Self.spec
        spec.consensus = .qbft
        spec.quorumVersion = try #require(SemanticVersion(version))
        #expect(throws: ValidationError(
            field: "consensus",
            "qbft needs GoQuorum 22.7.6, 23.4.0, 24.4.0, 24.4.1; GoQuorum \(version) has no qbft genesis section (use istanbul, or a newer quorum)")
        ) { try VersionMatrix.validate(spec) }
    }

    @Test(arguments: [
        ("0.10.5", TesseraRelease.Launcher.jar),
        ("0.10.6", .jar),
        ("20.10.2", .jar),
        ("21.7.3", .distribution),
        ("24.4.2", .distribution),
    ])
    func picksTheTesseraLauncher(_ version: String, _ launcher: TesseraRelease.Launcher) throws {
        var spec = Self.spec
        let parsed: SemanticVersion = try #require(SemanticVersion(version))
        spec.tesseraVersion = parsed
        let releases = try NetworkReleases(spec)
        #expect(releases.tessera?.line.launcher == launcher)
        #expect(releases.tesseraImage == "quorumengineering/tessera:\(version)")
    }

    @Test(arguments: ["0.9.2", "0.10.4", "21.1.1", "21.4.0", "22.1.0", "23.4.0"])
    func refusesUnsupportedTessera(_ version: String) throws {
        var spec = Self.spec
        let parsed: SemanticVersion = try #require(SemanticVersion(version))
        spec.tesseraVersion = parsed
        #expect(throws: ValidationError(
            field: "tessera", "Tessera \(version) is not supported; supported versions: 0.10.5, 0.10.6, 20.10.x, 21.7.x, 24.4.x")
        ) { try VersionMatrix.validate(spec) }
    }

    @Test func runsWithoutTessera() throws {
        var spec = Self.spec
        spec.tesseraVersion = nil
        let releases = try NetworkReleases(spec)
        #expect(releases.tessera == nil)
        #expect(releases.tesseraImage == nil)
    }
}
