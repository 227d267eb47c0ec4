/// A node this network runs, as the script declared it.
public struct NodeSpec: Equatable, Sendable {
    /// DNS-1123 label, unique in the network; names the StatefulSet, Services and Secret.
    public var name: String
    /// Whether the node is in the genesis validator set (ignored for raft).
    public var isValidator: Bool
    /// Extra geth command-line parameters, split like a POSIX shell would.
    public var gethParams: String
    /// The directory under `keys/<network>/` that holds this node's keys.
    public var keyDirectory: String
    /// A fixed NodePort for devp2p, when exposed as NodePort.
    public var p2pNodePort: Int?
    /// A fixed NodePort for Tessera P2P, when exposed as NodePort.
    public var tesseraNodePort: Int?
    /// A fixed NodePort for the raft transport, when a raft network is exposed as NodePort.
    public var raftNodePort: Int?
    /// Whether the node joins a raft cluster as a learner (`raft.addLearner`) rather than as a
    /// voting peer; turning it off promotes it (`raft.promoteToPeer`).
    public var isRaftLearner: Bool
    /// Per-node exposure overriding the network's, or nil to inherit it.
    public var expose: Exposure?
    /// Size of the data volume, as a Kubernetes quantity (`"5Gi"`, ``defaultStorageSize``).
    public var storageSize: String
    /// StorageClass of the data volume, or nil for the cluster default.
    public var storageClassName: String?
    /// geth RPC APIs to enable; admin, personal and debug only when the script asks.
    public var rpcAPIs: [String]
    /// Whether geth unlocks the node's account, so that anyone who reaches its RPC can send
    /// transactions signed by it; nil for the consensus' default (``unlocksAccount(in:)``).
    public var unlockAccount: Bool?
    /// Where the script declared this node, for annotations and error messages.
    public var source: SourceLocation?

    /// ` (file:line)` of the script line that added the node, for a message naming it; empty
    /// for a node no script line added.
    public var origin: String { source.map { " (\($0))" } ?? "" }

    /// The node's fixed NodePorts by option name (`nodePort`, `tmNodePort`, `raftNodePort`), nil
    /// where the cluster assigns one.
    public var fixedNodePorts: [(field: String, port: Int?)] {
        [("nodePort", p2pNodePort), ("tmNodePort", tesseraNodePort), ("raftNodePort", raftNodePort)]
    }

    /// The data volume's size unless the script or a qctl file says otherwise.
    public static let defaultStorageSize = "5Gi"

    /// The RPC APIs a node serves unless the script says otherwise: none that manages accounts
    /// (`personal`), peers (`admin`) or the process (`debug`). qube's own peer and vote calls go
    /// over the IPC socket inside the pod, which serves every API.
    public static let defaultRPCAPIs = ["eth", "net", "web3", "quorum"]

    /// Whether geth runs with the node's account unlocked in `consensus`.
    ///
    /// A clique signer seals with the account: v2.7.0 eth/backend.go `StartMining` hands
    /// `wallet.SignData` of the etherbase to `clique.Authorize`, and the keystore wallet signs
    /// only an unlocked account (accounts/keystore `SignHash` returns `ErrLocked`), so clique
    /// nodes always unlock (any node may be voted in as a signer) and refuse
    /// `unlockAccount = false`. IBFT, QBFT and raft seal with the nodekey: the account stays
    /// locked unless the script sets `unlockAccount = true`.
    public func unlocksAccount(in consensus: Consensus) -> Bool {
        consensus == .clique || unlockAccount == true
    }

    public init(
        name: String, isValidator: Bool = true, gethParams: String = "", keyDirectory: String? = nil,
        p2pNodePort: Int? = nil, tesseraNodePort: Int? = nil, raftNodePort: Int? = nil, isRaftLearner: Bool = false, expose: Exposure? = nil,
        storageSize: String = NodeSpec.defaultStorageSize, storageClassName: String? = nil,
        rpcAPIs: [String] = NodeSpec.defaultRPCAPIs, unlockAccount: Bool? = nil, source: SourceLocation? = nil
    ) {
        self.name = name
        self.isValidator = isValidator
        self.gethParams = gethParams
        self.keyDirectory = keyDirectory ?? name
        self.p2pNodePort = p2pNodePort
        self.tesseraNodePort = tesseraNodePort
        self.raftNodePort = raftNodePort
        self.isRaftLearner = isRaftLearner
        self.expose = expose
        self.storageSize = storageSize
        self.storageClassName = storageClassName
        self.rpcAPIs = rpcAPIs
        self.unlockAccount = unlockAccount
        self.source = source
    }
}

/// A place in a script: `file` as the user named it and a 1-based line.
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}
