/// How a raft node becomes a member of its raft cluster.
public enum RaftJoin: Equatable, Sendable {
    /// It founds the cluster: its raft ID is its 1-based position in static-nodes.json.
    case founder
    /// It joins a running cluster with the ID a member's `raft.addPeer` gave it, or nil while
    /// it has none yet.
    case joining(raftID: Int?)
}
