/// The consensus engine of a network.
public enum Consensus: String, CaseIterable, Sendable {
    /// IBFT 1.0 (GoQuorum's `istanbul`).
    case istanbul
    /// QBFT (GoQuorum 22.x and later).
    case qbft
    /// Raft, crash fault tolerant.
    case raft
    /// Clique proof of authority.
    case clique

    /// What a name users write for an engine means here, by that name: qctl and Qubernetes
    /// call IBFT `ibft` in their docs, while their files and GoQuorum's genesis say `istanbul`.
    public static let hints = ["ibft": "IBFT is spelled 'istanbul' here, as in qctl and GoQuorum's genesis"]

    /// Whether blocks are sealed by a validator set written into extraData.
    var hasValidators: Bool { self != .raft }

    /// Why a network of this consensus cannot share its chain with another organisation's
    /// nodes, or nil when it can.
    ///
    /// Raft membership is not carried across organisations yet: a second organisation would
    /// start its own raft cluster (no `--raftjoinexisting`, no `raft.addPeer` on the first), whose
    /// raft IDs, numbered from 1 in each static-nodes list, collide with the first's, and its
    /// raft port is not exposed outside the cluster.
    public var crossOrganisationRefusal: String? {
        guard self == .raft else { return nil }
        return "raft networks cannot span organisations yet: qube does not manage raft membership "
            + "(raft.addPeer, --raftjoinexisting), so each side would start its own raft cluster with colliding raft IDs; "
            + "share a chain with another organisation with consensus istanbul, qbft or clique"
    }
}
