/// What qube renders differently for one line of Tessera releases: how the container starts
/// Tessera and which config keys the release knows.
///
/// The config keys qube writes are in every supported line's key list
/// (`tessera-config-keys-*.txt` of the project's release research, copied into
/// Tests/QubeCoreTests/Golden/chain/versions); the tests check that against the lists.
public struct TesseraRelease: Equatable, Sendable {
    /// The releases of this line, e.g. 24.4.0 through 24.4.x.
    public var versions: ClosedRange<SemanticVersion>
    /// How the line's image starts Tessera.
    public var launcher: Launcher
    /// The file format of the H2 database the line keeps its transactions in.
    var databaseFormat: DatabaseFormat

    /// The on-disk format of Tessera's H2 database (qube's configs use H2 on the node's volume).
    ///
    /// ConsenSys/tessera PR #1370 (merged 2021-12-21, for CVE-2021-23463) moved Tessera from H2
    /// 1.4.200 to H2 2.0.202, whose files H2 1.4 cannot open and which cannot open H2 1.4 files
    /// (issue #1375, "no way to upgrade tessera without having to migrate the h2 database
    /// manually"). The Tessera README since PR #1381 (2022-01-12) names the boundary: "Users running
    /// on 21.10.0 and previous versions will need to perform a database upgrade", so 21.10.0 is the
    /// last H2 1.4 release and 22.1.0 the first H2 2 one.
    enum DatabaseFormat: Equatable, Sendable {
        /// H2 1.4.x: Tessera 21.10.0 and earlier.
        case h2Version1
        /// H2 2.x: Tessera 22.1.0 and later.
        case h2Version2
    }

    /// How an image starts Tessera, and where it takes JVM options.
    public enum Launcher: Equatable, Sendable {
        /// The uber jar the 0.10.x to 21.4.x images ship (`ENTRYPOINT ["java", "-jar", "/tessera/tessera-app.jar"]`):
        /// JVM options go in `java`'s argv, before `-jar`.
        case jar
        /// The distribution launcher the 21.7.0 and later images ship (`ENTRYPOINT ["/tessera/bin/tessera"]`):
        /// a Gradle start script that passes `$JAVA_OPTS` to `java` (tessera-dist/src/dist/bin/tessera
        /// @99ca50354724, `eval set -- $DEFAULT_JVM_OPTS $JAVA_OPTS $TESSERA_OPTS ...`; tessera-dist/build.gradle
        /// @3eec5b4db244 generates it with the `application` plugin), so JVM options go in `JAVA_OPTS`.
        case distribution

        /// The argv that runs Tessera with `configFile` and `jvmOptions`, and the environment it needs.
        func command(configFile: String, jvmOptions: [String]) -> (argv: [String], environment: [(name: String, value: String)]) {
            switch self {
            case .jar: (["java"] + jvmOptions + ["-jar", "/tessera/tessera-app.jar", "-configfile", configFile], [])
            case .distribution: (["/tessera/bin/tessera", "-configfile", configFile], [("JAVA_OPTS", jvmOptions.joined(separator: " "))])
            }
        }
    }

    /// The HTTP path at which every Tessera server of every supported line serves its metrics in
    /// Prometheus' text format, with no config key to turn it on or off: `JerseyServer.start`
    /// registers `MetricsResource` (`@Path("/metrics")`, server/jersey-server) on each server it
    /// builds, in the javax-era source of the 0.10.x line as in the jakarta-era one of 24.4.x
    /// (ConsenSys/tessera@be6f71f2b232), and `PrometheusProtocolFormatter` names the series
    /// `tessera_<app>_<method>_<statistic>` from Jersey's per-resource MBeans (the `<app>_`
    /// part only in later lines). qube scrapes the plain-HTTP ThirdParty server, port
    /// ``Ports/tesseraThirdParty``: P2P may demand a client certificate (``TesseraTLS``), and Q2T
    /// is a Unix socket.
    public static let metricsPath = "/metrics"

    /// Every line qube renders for, oldest first.
    public static let supported: [TesseraRelease] = [
        // tessera-0.10.5 @dd0f7f693f3a: keys read from the tag (tessera-config-keys-0.10.5.txt);
        // Dockerfile at the tag copies the jar to /tessera/tessera-app.jar (tessera-notes.md).
        TesseraRelease(versions: SemanticVersion(0, 10, 5)...SemanticVersion(0, 10, 5), launcher: .jar, databaseFormat: .h2Version1),
        // tessera-0.10.6: the 0.10.5 model plus bootstrapNode (ConsenSys/quorum@66e615e157c3 docs),
        // tessera-config-keys-0.10.6.txt; same jar image layout.
        TesseraRelease(versions: SemanticVersion(0, 10, 6)...SemanticVersion(0, 10, 6), launcher: .jar, databaseFormat: .h2Version1),
        // 20.10.x: 0.10.6 model plus features.enablePrivacyEnhancements (tessera-config-keys-20.10.x.txt,
        // reconstructed); still the uber jar (doc.tessera 20.10.0 runs java -jar tessera-app-<v>-app.jar).
        TesseraRelease(versions: SemanticVersion(20, 10, 0)...SemanticVersion(20, 10, 999), launcher: .jar, databaseFormat: .h2Version1),
        // 21.7.x: the distribution with bin/tessera replaces the jar from 21.7.0 (Tessera README, docker/tessera.Dockerfile
        // index version c602c4e2); mode, clientAuth, residentGroups added (tessera-config-keys-21.7.x.txt).
        TesseraRelease(versions: SemanticVersion(21, 7, 0)...SemanticVersion(21, 7, 999), launcher: .distribution, databaseFormat: .h2Version1),
        // 24.4.x: newest model @86a7c1342055 / @7117da3732be (tessera-config-keys-24.4.x.txt); the
        // quorum-kubernetes helm chart runs tag 24.4, quorum-dev-quickstart execs /tessera/bin/tessera.
        TesseraRelease(versions: SemanticVersion(24, 4, 0)...SemanticVersion(24, 4, 999), launcher: .distribution, databaseFormat: .h2Version2),
    ]

    /// The supported line holding this version, or nil.
    public static func release(_ version: SemanticVersion) -> TesseraRelease? {
        supported.first { $0.versions.contains(version) }
    }

    /// The supported lines as the user reads them: `0.10.5, 0.10.6, 20.10.x, 21.7.x, 24.4.x`.
    public static var supportedSummary: String {
        supported.map { line in
            line.versions.lowerBound == line.versions.upperBound
                ? "\(line.versions.lowerBound)" : "\(line.versions.lowerBound.major).\(line.versions.lowerBound.minor).x"
        }.joined(separator: ", ")
    }
}
