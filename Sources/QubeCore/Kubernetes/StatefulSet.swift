/// An `apps/v1` StatefulSet running one pod (or none, while the node may not start yet) with a
/// persistent data volume.
public struct StatefulSet: Equatable, Sendable {
    /// Name, namespace, labels and annotations.
    public var metadata: ObjectMeta
    /// The Service that governs the pod's network identity.
    public var serviceName: String
    /// Stable labels that select the pod; they must never change once deployed.
    public var selector: [String: String]
    /// The pod it runs.
    public var template: PodTemplate
    /// The pod's persistent data volume.
    public var volumeClaim: VolumeClaimTemplate
    /// 1, or 0 for a node that must not start yet (a raft node still waiting for its raft ID).
    public var replicas: Int

    /// Creates a StatefulSet of `replicas` (one by default) pods.
    public init(
        metadata: ObjectMeta, serviceName: String, selector: [String: String], template: PodTemplate, volumeClaim: VolumeClaimTemplate,
        replicas: Int = 1
    ) {
        self.replicas = replicas
        self.metadata = metadata
        self.serviceName = serviceName
        self.selector = selector
        self.template = template
        self.volumeClaim = volumeClaim
    }

    /// The per-pod PersistentVolumeClaim: one `ReadWriteOnce` volume.
    public struct VolumeClaimTemplate: Equatable, Sendable {
        /// The claim's name, which is also the pod volume's name.
        public var name: String
        /// Labels of the claims made from the template.
        public var labels: [String: String]
        /// A Kubernetes quantity such as `5Gi`.
        public var storageSize: String
        /// The StorageClass, or nil for the cluster's default.
        public var storageClassName: String?

        /// Creates a claim template.
        public init(name: String, labels: [String: String], storageSize: String, storageClassName: String?) {
            self.name = name
            self.labels = labels
            self.storageSize = storageSize
            self.storageClassName = storageClassName
        }

        var yamlNode: YAMLNode {
            YAMLNode.mapping([
                "metadata": YAMLNode.mapping(["name": YAMLNode.string(name), "labels": YAMLNode.nonEmpty(labels)]),
                "spec": YAMLNode.mapping([
                    "accessModes": YAMLNode.strings(["ReadWriteOnce"]),
                    "storageClassName": storageClassName.map(YAMLNode.string),
                    "resources": YAMLNode.mapping(["requests": YAMLNode.mapping(["storage": YAMLNode.string(storageSize)])]),
                ]),
            ])
        }
    }

    var yamlNode: YAMLNode {
        YAMLNode.mapping([
            "apiVersion": YAMLNode.string("apps/v1"),
            "kind": YAMLNode.string("StatefulSet"),
            "metadata": metadata.yamlNode,
            "spec": YAMLNode.mapping([
                "replicas": YAMLNode.int(replicas),
                "serviceName": YAMLNode.string(serviceName),
                "selector": YAMLNode.mapping(["matchLabels": YAMLNode.sortedMapping(selector)]),
                "updateStrategy": YAMLNode.mapping(["type": YAMLNode.string("RollingUpdate")]),
                "template": template.yamlNode,
                "volumeClaimTemplates": YAMLNode.sequence([volumeClaim.yamlNode]),
            ]),
        ])
    }
}
