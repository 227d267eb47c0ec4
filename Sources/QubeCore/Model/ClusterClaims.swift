/// The Kubernetes names and NodePorts the networks of one script take, so two networks never
/// render objects that overwrite each other when both are applied to one cluster.
///
/// Objects are named per namespace (``ResourceNames``): two networks sharing a namespace must
/// not share a node name. NodePorts are cluster-wide: no two nodes of any network may take the
/// same one. Check with ``check(_:in:)`` before a node joins its network and ``record(_:in:)``
/// after, so a refused node leaves no claim behind.
public struct ClusterClaims: Sendable {
    /// Who holds a claim, for messages: `node 'n1' of network 'a' (topology.lua:5)`.
    private struct Holder: Sendable {
        var node: String
        var network: String
        var source: SourceLocation?

        var description: String {
            "node '\(node)' of network '\(network)'" + (source.map { " (\($0))" } ?? "")
        }
    }

    /// Holders by namespace and object name (`namespace/name`): one entry per node stands for
    /// all of its objects, which ``ResourceNames`` derives from the node name alone.
    private var nodeNames: [String: Holder] = [:]
    private var nodePorts: [Int: Holder] = [:]

    public init() {}

    /// Throws if `node` would reuse, in `network`'s namespace, the name of another network's
    /// node, or a NodePort a node of another network takes (``Network`` refuses one taken in
    /// the same network).
    public func check(_ node: NodeSpec, in network: NetworkSpec) throws(ValidationError) {
        if let holder = nodeNames[Self.key(node.name, in: network)], holder.network != network.name {
            throw ValidationError(
                field: "name",
                "'\(node.name)' in namespace '\(network.namespace)' is already \(holder.description); its objects would replace each other")
        }
        for (field, port) in node.fixedNodePorts {
            if let port, let holder = nodePorts[port], holder.network != network.name {
                throw ValidationError(field: field, "NodePort \(port) is already taken by \(holder.description); NodePorts are cluster-wide")
            }
        }
    }

    /// Records the name and NodePorts of `node`, which joined `network`.
    public mutating func record(_ node: NodeSpec, in network: NetworkSpec) {
        let holder = Holder(node: node.name, network: network.name, source: node.source)
        nodeNames[Self.key(node.name, in: network)] = holder
        for port in node.fixedNodePorts.compactMap(\.port) { nodePorts[port] = holder }
    }

    private static func key(_ node: String, in network: NetworkSpec) -> String { "\(network.namespace)/\(node)" }
}
