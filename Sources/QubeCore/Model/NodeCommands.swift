/// What a node's containers run: argv lists (never shell strings built from input) and
/// environment. Chain configuration produces it per version; the manifests carry it.
public struct NodeCommands: Equatable, Sendable {
    /// The init container's argv: prepares the data directory and runs `geth init` only when
    /// it holds no chain yet. A fixed script; no user input reaches it.
    public var initContainer: [String]
    /// geth's argv, starting with `geth`.
    public var geth: [String]
    /// The quorum container's argv: ``geth`` itself, or, with Tessera, a fixed `sh` script that
    /// waits for Tessera and then `exec`s ``geth``, passed to it as positional parameters.
    public var quorumContainer: [String]
    /// The quorum container's environment (`PRIVATE_CONFIG`, ...), sorted by name.
    public var gethEnvironment: [(name: String, value: String)]
    /// The tessera container's argv, or nil when the network has no Tessera.
    public var tessera: [String]?
    /// The tessera container's environment (`JAVA_OPTS` for the distribution launcher).
    public var tesseraEnvironment: [(name: String, value: String)]
    /// Whether the node joins a running raft cluster and has no raft ID yet: it must not start
    /// (geth refuses to, and a raft node started on its own would found a cluster of its own).
    public var awaitsRaftID: Bool

    public init(
        initContainer: [String], geth: [String], quorumContainer: [String]? = nil, gethEnvironment: [(name: String, value: String)],
        tessera: [String]?, tesseraEnvironment: [(name: String, value: String)] = [], awaitsRaftID: Bool = false
    ) {
        self.awaitsRaftID = awaitsRaftID
        self.initContainer = initContainer
        self.geth = geth
        self.quorumContainer = quorumContainer ?? geth
        self.gethEnvironment = gethEnvironment
        self.tessera = tessera
        self.tesseraEnvironment = tesseraEnvironment
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.initContainer == b.initContainer && a.geth == b.geth && a.awaitsRaftID == b.awaitsRaftID && a.quorumContainer == b.quorumContainer && a.tessera == b.tessera
            && a.gethEnvironment.map(\.name) == b.gethEnvironment.map(\.name)
            && a.gethEnvironment.map(\.value) == b.gethEnvironment.map(\.value)
            && a.tesseraEnvironment.map(\.name) == b.tesseraEnvironment.map(\.name)
            && a.tesseraEnvironment.map(\.value) == b.tesseraEnvironment.map(\.value)
    }
}
