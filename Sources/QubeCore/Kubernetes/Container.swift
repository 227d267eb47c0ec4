/// A container of a pod: an image run with a literal argv.
///
/// `command` and environment values are literal: Kubernetes expands `$(NAME)` in both and
/// reads `$$` as `$`, so the YAML doubles every `$` and no input can reach another variable.
public struct Container: Equatable, Sendable {
    /// The container's name, unique in the pod.
    public var name: String
    /// A pinned image reference.
    public var image: String
    /// The full argv, replacing the image's entrypoint.
    public var command: [String]
    /// Literal environment variables.
    public var environment: [EnvironmentVariable]
    /// The ports it listens on.
    public var ports: [Port]
    /// The pod volumes it sees.
    public var volumeMounts: [VolumeMount]
    /// The CPU and memory the scheduler reserves for it and the most it may use.
    public var resources: Resources
    /// Holds off the other probes until the process is up.
    var startupProbe: Probe?
    /// Decides whether the pod receives Service traffic.
    public var readinessProbe: Probe?
    /// Restarts the container when it stops answering.
    public var livenessProbe: Probe?

    /// Creates a container running `command`.
    public init(
        name: String, image: String, command: [String], environment: [EnvironmentVariable] = [], ports: [Port] = [],
        volumeMounts: [VolumeMount] = [], resources: Resources, startupProbe: Probe? = nil,
        readinessProbe: Probe? = nil, livenessProbe: Probe? = nil
    ) {
        self.name = name
        self.image = image
        self.command = command
        self.environment = environment
        self.ports = ports
        self.volumeMounts = volumeMounts
        self.resources = resources
        self.startupProbe = startupProbe
        self.readinessProbe = readinessProbe
        self.livenessProbe = livenessProbe
    }

    /// An environment variable with a literal value.
    public struct EnvironmentVariable: Equatable, Sendable {
        /// The variable's name.
        public var name: String
        /// Its value, exactly as the process sees it.
        public var value: String

        /// Creates a variable.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A TCP port the container listens on.
    public struct Port: Equatable, Sendable {
        /// An IANA service name (at most 15 characters) that Services and probes may refer to.
        public var name: String
        /// The port number.
        var containerPort: Int

        /// Creates a port.
        public init(name: String, containerPort: Int) {
            self.name = name
            self.containerPort = containerPort
        }
    }

    /// Where a pod volume appears in the container.
    public struct VolumeMount: Equatable, Sendable {
        /// The pod volume's name.
        public var name: String
        /// The directory it appears at.
        public var mountPath: String
        /// Whether the container may only read it.
        var readOnly: Bool

        /// Creates a mount.
        public init(name: String, mountPath: String, readOnly: Bool) {
            self.name = name
            self.mountPath = mountPath
            self.readOnly = readOnly
        }
    }

    /// CPU and memory amounts as Kubernetes quantities (`"100m"`, `"512Mi"`).
    public struct ResourceList: Equatable, Sendable {
        /// CPU, e.g. `250m` (a quarter core).
        public var cpu: String
        /// Memory, e.g. `1Gi`.
        public var memory: String

        /// Creates a resource list.
        public init(cpu: String, memory: String) {
            self.cpu = cpu
            self.memory = memory
        }

        var yamlNode: YAMLNode { YAMLNode.mapping(["cpu": YAMLNode.string(cpu), "memory": YAMLNode.string(memory)]) }
    }

    /// What a container reserves and what it may use at most.
    public struct Resources: Equatable, Sendable {
        /// What the scheduler reserves on the node.
        public var requests: ResourceList
        /// The most it may use: more CPU is throttled, more memory gets it OOM-killed.
        public var limits: ResourceList

        /// Creates a pair of requests and limits.
        public init(requests: ResourceList, limits: ResourceList) {
            self.requests = requests
            self.limits = limits
        }
    }

    /// Escapes `$` so Kubernetes variable expansion gives back `text` unchanged.
    static func literal(_ text: String) -> String {
        text.utf8.contains(UInt8(ascii: "$")) ? text.split(separator: "$", omittingEmptySubsequences: false).joined(separator: "$$") : text
    }

    var yamlNode: YAMLNode {
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
            "resources": YAMLNode.mapping(["requests": resources.requests.yamlNode, "limits": resources.limits.yamlNode]),
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
