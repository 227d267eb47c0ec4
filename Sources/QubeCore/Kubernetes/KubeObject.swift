import Foundation

/// One Kubernetes object qube renders: the subset of kinds a GoQuorum network needs.
public enum KubeObject: Equatable, Sendable {
    case namespace(Namespace)
    case configMap(ConfigMap)
    case secret(Secret)
    case service(Service)
    case statefulSet(StatefulSet)
    case networkPolicy(NetworkPolicy)
    case serviceMonitor(ServiceMonitor)
    case podDisruptionBudget(PodDisruptionBudget)

    /// The object's `kind`, as Kubernetes spells it.
    public var kind: String {
        switch self {
        case .namespace: "Namespace"
        case .configMap: "ConfigMap"
        case .secret: "Secret"
        case .service: "Service"
        case .statefulSet: "StatefulSet"
        case .networkPolicy: "NetworkPolicy"
        case .serviceMonitor: "ServiceMonitor"
        case .podDisruptionBudget: "PodDisruptionBudget"
        }
    }

    /// The object's metadata.
    public var metadata: ObjectMeta {
        switch self {
        case .namespace(let object): object.metadata
        case .configMap(let object): object.metadata
        case .secret(let object): object.metadata
        case .service(let object): object.metadata
        case .statefulSet(let object): object.metadata
        case .networkPolicy(let object): object.metadata
        case .serviceMonitor(let object): object.metadata
        case .podDisruptionBudget(let object): object.metadata
        }
    }

    var yamlNode: YAMLNode {
        switch self {
        case .namespace(let object): object.yamlNode
        case .configMap(let object): object.yamlNode
        case .secret(let object): object.yamlNode
        case .service(let object): object.yamlNode
        case .statefulSet(let object): object.yamlNode
        case .networkPolicy(let object): object.yamlNode
        case .serviceMonitor(let object): object.yamlNode
        case .podDisruptionBudget(let object): object.yamlNode
        }
    }

    /// The objects as a multi-document YAML stream, each document opened by `---`.
    /// Same objects, same bytes.
    public static func yaml(_ objects: [KubeObject]) -> String {
        YAMLNode.documents(objects.map(\.yamlNode))
    }
}
