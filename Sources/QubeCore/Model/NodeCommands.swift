/// What a node's containers run: argv lists (never shell strings built from input) and
/// environment. Chain configuration produces it per version; the manifests carry it.
public struct NodeCommands: Equatable, Sendable {
    /// The init container's argv: prepares the data directory and runs `geth init` only when
    /// it holds no chain yet. A fixed script; no user input reaches it.
    public var initContainer: [String]
    /// The quorum container's argv, starting with `geth`.
    public var geth: [String]
    /// The quorum container's environment (`PRIVATE_CONFIG`, ...), sorted by name.
    public var gethEnvironment: [(name: String, value: String)]
    /// The tessera container's argv, or nil when the network has no Tessera.
    public var tessera: [String]?

    public init(initContainer: [String], geth: [String], gethEnvironment: [(name: String, value: String)], tessera: [String]?) {
        self.initContainer = initContainer
        self.geth = geth
        self.gethEnvironment = gethEnvironment
        self.tessera = tessera
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.initContainer == b.initContainer && a.geth == b.geth && a.tessera == b.tessera
            && a.gethEnvironment.map(\.name) == b.gethEnvironment.map(\.name)
            && a.gethEnvironment.map(\.value) == b.gethEnvironment.map(\.value)
    }
}
