import Foundation

/// static-nodes.json and permissioned-nodes.json (docs/formats.md §9): the enode URLs of every node
/// of the network, identical in both files.
///
/// Order: local nodes in script order, then external nodes in the order they were added. The
/// order is stable as nodes are appended, which raft needs (a node's raft id is its 1-based
/// position in static-nodes.json).
public enum PeerList {
    /// The enode URL of a local node: its internal Service's DNS name, port 30303, and the raft
    /// port for a raft network; for a founder of a raft cluster (a raft network that does not
    /// `joinsRaftCluster`) whose external address the script declares
    /// (``declaredRaftAddress(of:in:)``), that address.
    ///
    /// A raft cluster's founders form it from these URLs on their first start, and every member,
    /// one that joins from another cluster too, dials a founder's raft transport (and devp2p) at
    /// the address its URL gave it, for the life of the chain: GoQuorum passes the address in
    /// each founder's ConfChangeAddNode and in its raft snapshots, never the one the founder is
    /// exported with. An in-cluster name would be unreachable from another cluster, so an
    /// exposed founder with a declared address is listed at it (pods reach a NodePort on a
    /// node's address, and a LoadBalancer's IP, from inside the cluster too). A joining node's
    /// raft address is the URL `raft.addPeer` was given, its export, so it keeps its name here.
    public static func enode(of node: NodeSpec, keys: NodeKeys, in spec: NetworkSpec, joinsRaftCluster: Bool = false) -> EnodeURL {
        if !joinsRaftCluster, let declared = declaredRaftAddress(of: node, in: spec) {
            return EnodeURL(nodeID: keys.nodeID, host: declared.host, port: declared.p2pPort, raftPort: declared.raftPort)
        }
        return EnodeURL(
            nodeID: keys.nodeID, host: ResourceNames.serviceDNSName(node.name, namespace: spec.namespace), port: Ports.p2p,
            raftPort: spec.consensus == .raft ? Ports.raft : nil)
    }

    /// Where other organisations reach a raft node's devp2p and raft ports when the script says
    /// it all before the cluster assigns anything: a NodePort with `expose.nodeIp` and the node's
    /// fixed `nodePort` and `raftNodePort`, or a LoadBalancer with `expose.loadBalancerIP` (at
    /// the Service's ports, 30303 and 50401). Nil for another consensus, a ClusterIP node, and
    /// a node whose ports or address the cluster assigns.
    public static func declaredRaftAddress(of node: NodeSpec, in spec: NetworkSpec) -> (host: String, p2pPort: Int, raftPort: Int)? {
        guard spec.consensus == .raft else { return nil }
        let exposure = spec.exposure(of: node)
        switch exposure.kind {
        case .clusterIP:
            return nil
        case .nodePort:
            guard let host = exposure.nodeIP, HostPort.isValidHost(host), let p2p = node.p2pNodePort, let raft = node.raftNodePort else { return nil }
            return (host, p2p, raft)
        case .loadBalancer:
            guard let host = exposure.loadBalancerIP, HostPort.isValidHost(host) else { return nil }
            return (host, Ports.p2p, Ports.raft)
        }
    }

    /// Every node's enode URL, in the documented order; `joinsRaftCluster` as in
    /// ``enode(of:keys:in:joinsRaftCluster:)``.
    ///
    /// Throws for a local node without keys. (A raft network's external nodes follow its own,
    /// so its founders keep their positions, their raft IDs.)
    public static func enodes(of network: Network, keys: [String: NodeKeys], joinsRaftCluster: Bool = false) throws(ValidationError) -> [EnodeURL] {
        var result: [EnodeURL] = []
        for node in network.nodes {
            result.append(enode(of: node, keys: try Genesis.localKeys(node, keys), in: network.spec, joinsRaftCluster: joinsRaftCluster))
        }
        return result + network.externalNodes.map(\.enode)
    }

    /// The file: a JSON array of URL strings, one per line, two-space indented, final newline.
    public static func file(_ enodes: [EnodeURL]) -> Data {
        ChainJSON.array(enodes.map { .string($0.description) }).data
    }
}
