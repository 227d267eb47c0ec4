import Foundation
import Yams

/// A qctl / Qubernetes configuration (`qubernetes.yaml`, `qubes-*.yaml`) read as a qube network:
/// the consensus, versions and chain id of `genesis`, the `nodes` list with their key
/// directories and geth parameters, the `external_nodes`, and the `k8s` keys qube has a meaning
/// for.
///
/// The file is untrusted input, parsed through ``UntrustedYAML`` with strict types. A key qube
/// does not know is an error naming its path and line; a key Qubernetes knows but qube does not
/// honour (cakeshop, prometheus, Ingress, Docker_Repo, ...) is kept as a ``Warning`` with its path,
/// never dropped silently.
public struct QubernetesConfig: Equatable, Sendable {
    /// A key of the file that qube reads but does not honour, or honours differently.
    public struct Warning: Equatable, Sendable, CustomStringConvertible {
        /// The file as the user named it.
        public var path: String
        /// The 1-based line of the key.
        public var line: Int?
        /// The key's path in the file (`k8s.service.Ingress`).
        public var field: String
        /// What qube does instead.
        public var message: String

        public init(path: String, line: Int?, field: String, _ message: String) {
            self.path = path
            self.line = line
            self.field = field
            self.message = message
        }

        public var description: String { path + (line.map { ":\($0)" } ?? "") + ": \(field): \(message)" }
    }

    /// `genesis.consensus`, or the nodes' `quorum.quorum.consensus`.
    public var consensus: Consensus
    /// `genesis.Chain_Id`; Qubernetes' default 1101 when absent.
    public var chainID: Int
    /// The one GoQuorum version of the genesis and every node.
    public var quorumVersion: SemanticVersion
    /// The Tessera version when the nodes run a transaction manager, else nil.
    public var tesseraVersion: SemanticVersion?
    /// `k8s.namespace`.
    public var namespace: String?
    /// `k8s.service.type`.
    public var exposure: Exposure.Kind?
    /// `config.Key_Dir_Base` as written (relative to the configuration file when not absolute):
    /// the directory holding every node's `Key_Dir`.
    public var keyDirectoryBase: String?
    /// The local nodes, in file order.
    public var nodes: [NodeSpec]
    /// `external_nodes`, validated as strictly as an exchange file.
    public var externalNodes: [ExternalNode]
    /// The keys qube read but does not honour, in file order.
    public var warnings: [Warning]
    /// Where the network-wide settings were read, by qube option name (`quorum`, `tessera`,
    /// `consensus`, `chainId`), as `path:line: field`, for messages about their values.
    public var origins: [String: String]

    /// Qubernetes' chain id when `genesis.Chain_Id` is absent.
    public static let defaultChainID = 1101

    /// The network settings of the file, for a network named `name`.
    public func networkSpec(named name: String) -> NetworkSpec {
        var spec = NetworkSpec(
            name: name, consensus: consensus, chainID: chainID, quorumVersion: quorumVersion, tesseraVersion: tesseraVersion,
            namespace: namespace)
        if let exposure { spec.expose = Exposure(kind: exposure) }
        return spec
    }

    /// Reads and validates a configuration file; errors read `displayPath:LINE: field: problem`.
    public static func read(from url: URL, displayPath: String) throws(InputFileError) -> QubernetesConfig {
        try parse(UntrustedYAML.readFile(url, displayPath: displayPath), displayPath: displayPath)
    }

    /// Parses and validates the bytes of a configuration file.
    public static func parse(_ data: Data, displayPath: String) throws(InputFileError) -> QubernetesConfig {
        guard let root = try UntrustedYAML.parse(data, displayPath: displayPath, kind: "a Qubernetes configuration") else {
            throw InputFileError(path: displayPath, line: 1, "the file is empty; expected a qctl configuration with 'genesis:' and 'nodes:'")
        }
        var reader = QubernetesConfigReader(displayPath: displayPath)
        return try reader.config(from: root)
    }
}
