import Foundation

/// static-nodes.json and permissioned-nodes.json (docs/formats.md §9): the enode URLs of every node
/// of the network, identical in both files.
///
/// Order: local nodes in script order, then external nodes in the order they were added. The
/// order is stable as nodes are appended, which raft needs (a node's raft id is its 1-based
/// position in static-nodes.json).
public enum PeerList {
    /// The enode URL of a local node: its internal Service's DNS name, port 30303, and the raft
    /// port for a raft network.
    public static func enode(of node: NodeSpec, keys: NodeKeys, in spec: NetworkSpec) -> EnodeURL {
        EnodeURL(
            nodeID: keys.nodeID, host: ResourceNames.serviceDNSName(node.name, namespace: spec.namespace), port: Ports.p2p,
            raftPort: spec.consensus == .raft ? Ports.raft : nil)
    }

    /// Every node's enode URL, in the documented order.
    ///
    /// Throws for a local node without keys. (A raft network has no external nodes:
    /// ``Network/addExternal(_:)`` refuses them.)
    public static func enodes(of network: Network, keys: [String: NodeKeys]) throws(ValidationError) -> [EnodeURL] {
        var result: [EnodeURL] = []
        for node in network.nodes {
            result.append(enode(of: node, keys: try Genesis.localKeys(node, keys), in: network.spec))
        }
        return result + network.externalNodes.map(\.enode)
    }

    /// The file: a JSON array of URL strings, one per line, two-space indented, final newline.
    public static func file(_ enodes: [EnodeURL]) -> Data {
        ChainJSON.array(enodes.map { .string($0.description) }).data
    }
}
