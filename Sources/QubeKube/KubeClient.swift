import Foundation
import QubeCore

/// Where a cluster call goes: a kube context, and the namespace for namespaced objects.
public struct KubeTarget: Equatable, Hashable, Sendable {
    /// The kubeconfig context, always passed explicitly so a changed current context never
    /// redirects qube to another cluster.
    public var context: String
    /// The namespace of namespaced objects.
    public var namespace: String

    public init(context: String, namespace: String) {
        self.context = context
        self.namespace = namespace
    }
}

/// Everything qube asks of a Kubernetes cluster. ``Kubectl`` implements it with the kubectl binary.
public protocol KubeClient: Sendable {
    /// The kubeconfig's current context.
    func currentContext() throws(KubeError) -> String
    /// The names of every context in the kubeconfig.
    func contexts() throws(KubeError) -> [String]
    /// Applies YAML manifests server-side with field manager `qube`; with `forceConflicts`,
    /// takes over fields another manager owns; with `dryRun`, the API server checks and answers
    /// the apply but stores nothing. Returns the objects as the API server answers them
    /// (`-o json`): the object for one, a `List` for several.
    func apply(_ manifests: Data, to target: KubeTarget, forceConflicts: Bool, dryRun: Bool) throws(KubeError) -> Data
    /// What a server-side apply of `manifests` would change, as a unified diff; nil when nothing would.
    func diff(_ manifests: Data, against target: KubeTarget) throws(KubeError) -> String?
    /// The JSON of the objects `query` names, exactly as the API server returns it: one object
    /// for one named object, a `List` otherwise; nil when `query` names objects and none exists.
    func getJSON(_ query: KubeQuery, in target: KubeTarget) throws(KubeError) -> Data?
    /// The JSON of the cluster's Node objects.
    func nodesJSON(context: String) throws(KubeError) -> Data
    /// Deletes the objects `query` names or selects, without waiting; missing ones are no error.
    /// With `dryRun` the API server checks the deletion and reports it, but deletes nothing.
    /// Returns kubectl's report, one line per deleted object.
    func delete(_ query: KubeQuery, in target: KubeTarget, dryRun: Bool) throws(KubeError) -> String
    /// Follows a StatefulSet's rollout until it is complete or `timeout` passes, handing each
    /// progress line kubectl prints to `progress`.
    func waitForRollout(
        ofStatefulSet name: String, in target: KubeTarget, timeout: Duration, progress: @escaping @Sendable (String) -> Void
    ) throws(KubeError)
    /// Runs `command` (an argv list, no shell) in `container` of `pod` and returns what it
    /// printed and its exit status; a pod or container that cannot be reached is an error.
    func exec(_ command: [String], inPod pod: String, container: String, in target: KubeTarget, timeout: Duration) throws(KubeError)
        -> ExecResult
}

/// What a command run in a container printed, and how it ended.
public struct ExecResult: Equatable, Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Which objects a get or delete addresses: named objects, or those of some resource types
/// matching a label selector.
public enum KubeQuery: Equatable, Sendable {
    /// Objects by `resource/name` (`service/quorum-node1-external`).
    case named([ObjectReference])
    /// Every object of `resources` (`services`, `statefulsets`) whose labels match `selector`.
    case selected(resources: [String], selector: String)
}

/// One object by kind and name, as kubectl addresses it (`statefulset/quorum-node1`).
public struct ObjectReference: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The object's kind as in its manifest (`StatefulSet`).
    public var kind: String
    public var name: String

    public init(kind: String, name: String) {
        self.kind = kind
        self.name = name
    }

    /// `kind/name` with the kind lowercased, as kubectl accepts it on the command line.
    public var description: String { "\(kind.lowercased())/\(name)" }

    public static func < (a: Self, b: Self) -> Bool { (a.kind, a.name) < (b.kind, b.name) }
}
