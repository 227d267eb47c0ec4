/// What qube renders differently for one GoQuorum release: the geth flags it spells, the
/// consensus engines its genesis can name, the genesis keys it reads.
///
/// Only versions whose flag and genesis key lists were read from the release's source are
/// supported (`goquorum-*.txt` of Tests/QubeCoreTests/Golden/chain/versions, one commit per
/// tag); every flag qube renders is in the list of the release it renders for, and the tests
/// check that against the lists.
public struct GoQuorumRelease: Equatable, Sendable {
    /// How geth spells its HTTP and WebSocket JSON-RPC flags.
    enum RPCFlagSpelling: Equatable, Sendable {
        /// geth 1.9: `--rpc --rpcaddr --rpcport --rpcapi`, `--ws --wsaddr --wsport --wsapi`.
        case rpc
        /// geth 1.9.20 and later: `--http --http.addr …`, `--ws --ws.addr …`.
        case http
    }

    /// Where the genesis sets the contract size limit (64 KiB in qube's genesis).
    ///
    /// `config.maxCodeSize` is never an option: `geth init` of every supported release calls
    /// `ChainConfig.CheckMaxCodeConfigData` (cmd/geth/chaincmd.go initGenesis), which fails on a
    /// non-zero `maxCodeSize` (params/config.go v2.7.0@6005360c90b6:492, v22.7.6@28721bf9f2a6:719,
    /// v24.4.1@8585ac91f198:720).
    enum CodeSizeLimitKey: Equatable, Sendable {
        /// `config.maxCodeSizeConfig: [{block 0, size}]`: the form of the 2.x–21.x releases.
        case maxCodeSizeConfig
        /// `config.transitions: [{block 0, contractsizelimit}]`, once `maxCodeSizeConfig` logs
        /// "config.maxCodeSizeConfig is deprecated … please use config.transitions.contractsizelimit"
        /// (params/config.go v22.7.6@28721bf9f2a6:614, v24.4.1@8585ac91f198:615).
        case transitions
    }

    /// The genesis section of an IBFT chain, and so where its block period comes from.
    public enum IBFTSection: Equatable, Sendable {
        /// `config.istanbul {epoch, policy, ceil2Nby3Block}`: the block period and request
        /// timeout are the `--istanbul.blockperiod` / `--istanbul.requesttimeout` flags
        /// (v2.7.0@6005360c90b6 eth/backend.go CreateConsensusEngine copies only epoch, policy,
        /// ceil2Nby3Block from the genesis; istanbul.DefaultConfig is period 1 s, timeout 10000 ms).
        case istanbul
        /// `config.ibft {epochlength, blockperiodseconds, requesttimeoutseconds, policy, ceil2Nby3Block}`,
        /// read by eth/ethconfig/config.go setBFTConfig; from v22.7.6 `config.istanbul` logs "The
        /// attribute config.istanbul is deprecated … please use config.ibft" (v24.4.1@8585ac91f198
        /// eth/ethconfig/config.go:243) and `--istanbul.blockperiod` is [Deprecated] and warns
        /// (goquorum-flags-v22.7.6.txt).
        case ibft
    }

    /// Which HTTP server of geth serves its Prometheus metrics (`/debug/metrics/prometheus`).
    public enum MetricsServer: Equatable, Sendable {
        /// The pprof server, `--pprof --pprofaddr --pprofport`: geth 1.9 has no other (v2.7.0
        /// @6005360c90b6 internal/debug/flags.go `Setup` starts it and metrics/exp `Exp` hangs
        /// `/debug/metrics/prometheus` on it); it also serves `/debug/pprof`.
        case pprof
        /// The stand-alone metrics server, `--metrics.addr --metrics.port` (v21.4.2 @1d7926a19a1e
        /// cmd/utils/flags.go `SetupMetrics`: `exp.Setup(address)` once `--metrics.addr` is set),
        /// serving metrics only.
        case standalone

        /// The flags that turn metrics on and serve them on `0.0.0.0:port`.
        func flags(port: Int) -> [String] {
            switch self {
            case .pprof: ["--metrics", "--pprof", "--pprofaddr", "0.0.0.0", "--pprofport", String(port)]
            case .standalone: ["--metrics", "--metrics.addr", "0.0.0.0", "--metrics.port", String(port)]
            }
        }
    }

    /// The HTTP path both metrics servers serve Prometheus' text format at.
    public static let metricsPath = "/debug/metrics/prometheus"

    /// The release tag, e.g. 24.4.1.
    public var version: SemanticVersion
    var rpcFlags: RPCFlagSpelling
    /// Whether the genesis can carry a `config.qbft` section (22.4.0 and later).
    public var supportsQBFT: Bool
    var codeSizeLimitKey: CodeSizeLimitKey
    /// The section an IBFT (`istanbul`) genesis of this release gets.
    public var ibftSection: IBFTSection
    public var metricsServer: MetricsServer

    /// Every release qube renders for, oldest first.
    public static let supported: [GoQuorumRelease] = [
        // v2.7.0 @6005360c90b6: geth 1.9.7 flags (--rpc*, --ws*), genesis config.istanbul, maxCodeSizeConfig.
        // goquorum-flags-v2.7.0.txt, goquorum-genesis-keys-v2.7.0.txt
        GoQuorumRelease(version: SemanticVersion(2, 7, 0), rpcFlags: .rpc, supportsQBFT: false, codeSizeLimitKey: .maxCodeSizeConfig, ibftSection: .istanbul, metricsServer: .pprof),
        // v20.10.0 @af7525189f2c: same flags as 2.7.0 plus vm.calltimeout; adds privacyEnhancementsBlock.
        // goquorum-flags-v20.10.0.txt, goquorum-genesis-keys-v20.10.0.txt
        GoQuorumRelease(version: SemanticVersion(20, 10, 0), rpcFlags: .rpc, supportsQBFT: false, codeSizeLimitKey: .maxCodeSizeConfig, ibftSection: .istanbul, metricsServer: .pprof),
        // v21.4.2 @1d7926a19a1e: --http.*/--ws.* added (--rpc* deprecated), no QBFT section yet.
        // goquorum-flags-v21.4.2.txt, goquorum-genesis-keys-v21.4.2.txt
        GoQuorumRelease(version: SemanticVersion(21, 4, 2), rpcFlags: .http, supportsQBFT: false, codeSizeLimitKey: .maxCodeSizeConfig, ibftSection: .istanbul, metricsServer: .standalone),
        // v22.7.6 @28721bf9f2a6: --wsaddr etc. removed; config.ibft/config.qbft; maxCodeSizeConfig and config.istanbul deprecated.
        // goquorum-flags-v22.7.6.txt, goquorum-genesis-keys-v22.7.6.txt
        GoQuorumRelease(version: SemanticVersion(22, 7, 6), rpcFlags: .http, supportsQBFT: true, codeSizeLimitKey: .transitions, ibftSection: .ibft, metricsServer: .standalone),
        // v23.4.0 @d46eb889d0db: flags as 22.7.6; qbft gains maxRequestTimeoutSeconds.
        // goquorum-flags-v23.4.0.txt, goquorum-genesis-keys-v23.4.0.txt
        GoQuorumRelease(version: SemanticVersion(23, 4, 0), rpcFlags: .http, supportsQBFT: true, codeSizeLimitKey: .transitions, ibftSection: .ibft, metricsServer: .standalone),
        // v24.4.0 @b8c9d05256a6: flag set identical to v24.4.1 (goquorum-notes.md, goquorum-flags-matrix.tsv);
        // genesis keys as v23.4.0 and v24.4.1, which are identical.
        GoQuorumRelease(version: SemanticVersion(24, 4, 0), rpcFlags: .http, supportsQBFT: true, codeSizeLimitKey: .transitions, ibftSection: .ibft, metricsServer: .standalone),
        // v24.4.1 @8585ac91f198, the newest tag. goquorum-flags-v24.4.1.txt, goquorum-genesis-keys-v24.4.1.txt
        GoQuorumRelease(version: SemanticVersion(24, 4, 1), rpcFlags: .http, supportsQBFT: true, codeSizeLimitKey: .transitions, ibftSection: .ibft, metricsServer: .standalone),
    ]

    /// The supported release with exactly this version, or nil.
    public static func release(_ version: SemanticVersion) -> GoQuorumRelease? {
        supported.first { $0.version == version }
    }

    /// The supported releases as the user reads them: `2.7.0, 20.10.0, ...`.
    public static var supportedSummary: String {
        supported.map { "\($0.version)" }.joined(separator: ", ")
    }
}
