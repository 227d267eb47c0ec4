/// The pod a StatefulSet runs: labels, annotations and a pod spec that passes the
/// Pod Security `restricted` profile.
public struct PodTemplate: Equatable, Sendable {
    /// Labels and annotations of the pod; no name or namespace.
    public var metadata: ObjectMeta
    /// Containers that run to completion, in order, before `containers` start.
    public var initContainers: [Container]
    /// The containers that run for the pod's life.
    public var containers: [Container]
    /// The Secret and ConfigMap volumes (the data volume comes from the claim template).
    public var volumes: [Volume]
    /// The non-root user and group every container runs as; also owns the volumes (`fsGroup`).
    var userID: Int
    /// Seconds between SIGTERM and SIGKILL, for geth to flush its database.
    var terminationGracePeriodSeconds: Int

    /// Creates a pod template.
    public init(
        metadata: ObjectMeta, initContainers: [Container], containers: [Container], volumes: [Volume], userID: Int,
        terminationGracePeriodSeconds: Int
    ) {
        self.metadata = metadata
        self.initContainers = initContainers
        self.containers = containers
        self.volumes = volumes
        self.userID = userID
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
    }

    var yamlNode: YAMLNode {
        YAMLNode.mapping([
            "metadata": YAMLNode.mapping(["labels": YAMLNode.nonEmpty(metadata.labels), "annotations": YAMLNode.nonEmpty(metadata.annotations)]),
            "spec": YAMLNode.mapping([
                "automountServiceAccountToken": YAMLNode.bool(false),
                "enableServiceLinks": YAMLNode.bool(false),
                "terminationGracePeriodSeconds": YAMLNode.int(terminationGracePeriodSeconds),
                "securityContext": YAMLNode.mapping([
                    "runAsNonRoot": YAMLNode.bool(true),
                    "runAsUser": YAMLNode.int(userID),
                    "runAsGroup": YAMLNode.int(userID),
                    "fsGroup": YAMLNode.int(userID),
                    "fsGroupChangePolicy": YAMLNode.string("OnRootMismatch"),
                    "seccompProfile": YAMLNode.mapping(["type": YAMLNode.string("RuntimeDefault")]),
                ]),
                "initContainers": initContainers.isEmpty ? nil : YAMLNode.sequence(initContainers.map(\.yamlNode)),
                "containers": YAMLNode.sequence(containers.map(\.yamlNode)),
                "volumes": YAMLNode.sequence(volumes.map(\.yamlNode)),
            ]),
        ])
    }
}
