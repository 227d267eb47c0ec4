import Yams

/// A container of a pod: an image run with a literal argv.
///
/// `command` and environment values are literal: Kubernetes expands `$(NAME)` in both and
/// reads `$$` as `$`, so the YAML doubles every `$` and no input can reach another variable.
public struct Container: Equatable, Sendable {
    public var name: String
    public var image: String
    /// The full argv, replacing the image's entrypoint.
    public var command: [String]
    public var environment: [EnvironmentVariable]
    public var ports: [Port]
    public var volumeMounts: [VolumeMount]
    public var resourceRequests: ResourceList
    public var startupProbe: Probe?
    public var readinessProbe: Probe?
    public var livenessProbe: Probe?

    public init(
        name: String, image: String, command: [String], environment: [EnvironmentVariable] = [], ports: [Port] = [],
        volumeMounts: [VolumeMount] = [], resourceRequests: ResourceList, startupProbe: Probe? = nil,
        readinessProbe: Probe? = nil, livenessProbe: Probe? = nil
    ) {
        self.name = name
        self.image = image
        self.command = command
        self.environment = environment
        self.ports = ports
        self.volumeMounts = volumeMounts
        self.resourceRequests = resourceRequests
        self.startupProbe = startupProbe
        self.readinessProbe = readinessProbe
        self.livenessProbe = livenessProbe
    }

    /// An environment variable with a literal value.
    public struct EnvironmentVariable: Equatable, Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A TCP port the container listens on.
    public struct Port: Equatable, Sendable {
        /// An IANA service name (at most 15 characters) that Services and probes may refer to.
        public var name: String
        public var containerPort: Int

        public init(name: String, containerPort: Int) {
            self.name = name
            self.containerPort = containerPort
        }
    }

    /// Where a pod volume appears in the container.
    public struct VolumeMount: Equatable, Sendable {
        public var name: String
        public var mountPath: String
        public var readOnly: Bool

        public init(name: String, mountPath: String, readOnly: Bool) {
            self.name = name
            self.mountPath = mountPath
            self.readOnly = readOnly
        }
    }

    /// CPU and memory amounts as Kubernetes quantities (`"100m"`, `"512Mi"`).
    public struct ResourceList: Equatable, Sendable {
        public var cpu: String
        public var memory: String

        public init(cpu: String, memory: String) {
            self.cpu = cpu
            self.memory = memory
        }
    }

    /// Escapes `$` so Kubernetes variable expansion gives back `text` unchanged.
    static func literal(_ text: String) -> String {
        text.replacingOccurrences(of: "$", with: "$$")
    }

    var yamlNode: Node {
        YAMLNode.mapping([
            "name": YAMLNode.string(name),
            "image": YAMLNode.string(image),
            "imagePullPolicy": YAMLNode.string("IfNotPresent"),
            "command": YAMLNode.strings(command.map(Container.literal)),
            "env": environment.isEmpty
                ? nil
                : YAMLNode.sequence(
                    environment.map {
                        YAMLNode.mapping(["name": YAMLNode.string($0.name), "value": YAMLNode.string(Container.literal($0.value))])
                    }),
            "ports": ports.isEmpty
                ? nil
                : YAMLNode.sequence(
                    ports.map {
                        YAMLNode.mapping([
                            "name": YAMLNode.string($0.name),
                            "containerPort": YAMLNode.int($0.containerPort),
                            "protocol": YAMLNode.string("TCP"),
                        ])
                    }),
            "volumeMounts": YAMLNode.sequence(
                volumeMounts.map {
                    YAMLNode.mapping([
                        "name": YAMLNode.string($0.name),
                        "mountPath": YAMLNode.string($0.mountPath),
                        "readOnly": $0.readOnly ? YAMLNode.bool(true) : nil,
                    ])
                }),
            "resources": YAMLNode.mapping([
                "requests": YAMLNode.mapping(["cpu": YAMLNode.string(resourceRequests.cpu), "memory": YAMLNode.string(resourceRequests.memory)])
            ]),
            "startupProbe": startupProbe?.yamlNode,
            "readinessProbe": readinessProbe?.yamlNode,
            "livenessProbe": livenessProbe?.yamlNode,
            "securityContext": YAMLNode.mapping([
                "allowPrivilegeEscalation": YAMLNode.bool(false),
                "capabilities": YAMLNode.mapping(["drop": YAMLNode.strings(["ALL"])]),
            ]),
        ])
    }
}
