/// Pods another workload runs in, as a NetworkPolicy `from` peer selects them: by the labels of
/// their namespace, of the pods, or both (pods with those labels in namespaces with those).
///
/// An empty label map selects everything of its kind (`namespaceSelector = {}`: every
/// namespace); a missing one means the policy's own namespace for `namespaceLabels` and every pod
/// for `podLabels`, as Kubernetes reads a peer.
public struct PeerSelector: Equatable, Sendable {
    /// `matchLabels` of the peer's `namespaceSelector`, or nil for the policy's namespace only.
    public var namespaceLabels: [String: String]?
    /// `matchLabels` of the peer's `podSelector`, or nil for every pod of the namespaces.
    public var podLabels: [String: String]?

    public init(namespaceLabels: [String: String]? = nil, podLabels: [String: String]? = nil) {
        self.namespaceLabels = namespaceLabels
        self.podLabels = podLabels
    }

    /// Where a kube-prometheus Prometheus runs: pods labelled `app.kubernetes.io/name:
    /// prometheus` in any namespace; the default of `metricsFrom` with `monitoring = true`.
    public static let prometheus = PeerSelector(namespaceLabels: [:], podLabels: ["app.kubernetes.io/name": "prometheus"])

    /// Throws unless the peer names a selector and every label is one Kubernetes accepts.
    ///
    /// A peer without either selector would be read by Kubernetes as "every pod of every
    /// namespace": qube refuses it rather than open RPC to the cluster by a missing key.
    func check(field: String) throws(ValidationError) {
        guard namespaceLabels != nil || podLabels != nil else {
            throw ValidationError(
                field: field,
                "needs namespaceSelector, podSelector or both (label maps); to admit every namespace say so with namespaceSelector = {}")
        }
        for (selector, labels) in [("namespaceSelector", namespaceLabels), ("podSelector", podLabels)] {
            for (key, value) in (labels ?? [:]).sorted(by: { $0.key < $1.key }) {
                try KubernetesNames.checkQualifiedName(key, field: "\(field).\(selector)")
                try KubernetesNames.checkLabelValue(value, field: "\(field).\(selector)[\(Names.quoted(key))]")
            }
        }
    }
}
