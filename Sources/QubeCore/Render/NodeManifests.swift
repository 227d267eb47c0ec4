import Foundation

/// The objects of one node: its Services and its StatefulSet, and (built apart, since they are
/// filed apart) its Tessera config ConfigMap when the network runs Tessera and its Secret.
///
/// The pod runs an init container and a `quorum` container from the GoQuorum image and, when the
/// network has Tessera, a `tessera` container. Volumes: `data` (the claim) at `/data`, the keys
/// Secret at ``PodPaths/keys`` (mode 0400), the genesis and peers ConfigMaps at
/// ``PodPaths/genesisDirectory`` and ``PodPaths/peersDirectory``, the node's Tessera
/// ConfigMap at ``PodPaths/tesseraConfigDirectory`` and, with Tessera TLS, the network's
/// known-hosts ConfigMap at ``PodPaths/tesseraKnownPeersDirectory``. Every container runs as a
/// non-root user with no capabilities.
struct NodeManifests {
    var name: String
    /// The internal Service, then the external one when the node is exposed.
    var services: [Service]
    var statefulSet: StatefulSet

    /// The uid and gid the containers run as; also the volumes' group.
    static let userID = 1000
    /// Secret files are readable by their owner only (`0400`); fsGroup adds group read.
    static let keyFileMode = 0o400

    /// Pod annotation carrying ``ConfigHash`` of everything the pod reads only at start.
    static let configHashAnnotation = "qube.dev/config-hash"
    /// StatefulSet annotation naming the script line that declared the node. Not on the pod
    /// template: an edit above the line moves it, and must not restart the node.
    static let sourceAnnotation = "qube.dev/source"
    /// The StatefulSet annotation that says why a node runs no pod yet (``NodeCommands/awaitsRaftID``).
    static let awaitingAnnotation = "qube.dev/awaiting"

    /// Builds a node's Services and StatefulSet from validated input; `sharedConfigDigest` hashes
    /// the files every node reads and needs a restart to re-read (the genesis), computed once per network.
    init(_ record: RenderNode, input: RenderInput, sharedConfigDigest: Data) {
        let spec = input.spec
        let node = record.spec
        let labels = StandardLabels.node(node.name, network: spec.name)
        let selector = StandardLabels.selector(node.name, network: spec.name)
        let commands = record.commands
        let files = record.secretFiles
        let tesseraConfig = input.tesseraConfig(of: record)
        func metadata(_ name: String, annotations: [String: String] = [:]) -> ObjectMeta {
            Self.metadata(name, of: record, input: input, annotations: annotations)
        }

        name = node.name

        let raft = spec.consensus == .raft
        var internalPorts = [Service.Port(name: PortNames.p2p, port: Ports.p2p)]
        if raft { internalPorts.append(Service.Port(name: PortNames.raft, port: Ports.raft)) }
        internalPorts += [
            Service.Port(name: "rpc", port: Ports.rpc), Service.Port(name: "ws", port: Ports.ws), Service.Port(name: PortNames.metrics, port: Ports.metrics),
        ]
        if spec.hasTessera {
            internalPorts += [Service.Port(name: PortNames.tesseraP2P, port: Ports.tesseraP2P), Service.Port(name: PortNames.tesseraThirdParty, port: Ports.tesseraThirdParty)]
        }
        services = [
            Service(
                metadata: metadata(ResourceNames.internalService(node.name)),
                spec: Service.Spec(type: .clusterIP, selector: selector, ports: internalPorts, publishNotReadyAddresses: true))
        ]
        let exposure = spec.exposure(of: node)
        if exposure.isExposed {
            var externalPorts = [Service.Port(name: PortNames.p2p, port: Ports.p2p, nodePort: node.p2pNodePort)]
            if raft { externalPorts.append(Service.Port(name: PortNames.raft, port: Ports.raft, nodePort: node.raftNodePort)) }
            if spec.hasTessera { externalPorts.append(Service.Port(name: PortNames.tesseraP2P, port: Ports.tesseraP2P, nodePort: node.tesseraNodePort)) }
            let isLoadBalancer = exposure.kind == .loadBalancer
            services.append(
                Service(
                    metadata: metadata(ResourceNames.externalService(node.name), annotations: exposure.annotations),
                    spec: Service.Spec(
                        type: exposure.kind, selector: selector, ports: externalPorts, publishNotReadyAddresses: true,
                        externalTrafficPolicy: isLoadBalancer ? "Local" : nil, loadBalancerIP: isLoadBalancer ? exposure.loadBalancerIP : nil)))
        }

        var hash = ConfigHash()
        hash.add("shared", sharedConfigDigest)
        hash.add("tessera-config", tesseraConfig.map(Self.withoutPeers) ?? Data())
        for (file, data) in files.sorted(by: { $0.key < $1.key }) { hash.add("secret/\(file)", data) }
        hash.add("init", commands.initContainer)
        hash.add("geth", commands.geth)
        hash.add("quorum-container", commands.quorumContainer)
        hash.add("tessera-environment", commands.tesseraEnvironment.flatMap { [$0.name, $0.value] })
        hash.add("geth-environment", commands.gethEnvironment.flatMap { [$0.name, $0.value] })
        hash.add("tessera", commands.tessera ?? [])
        let podAnnotations = [Self.configHashAnnotation: hash.hex]

        let keys = record.keys
        var publicFacts = [
            NodeAnnotations.nodeID: keys.nodeID,
            NodeAnnotations.validatorAddress: keys.sealingAddress(for: spec.consensus),
            "qube.dev/account-address": keys.accountAddress,
        ]
        publicFacts["qube.dev/tessera-public-key"] = keys.tesseraPublicKey
        publicFacts[Self.sourceAnnotation] = node.source?.description
        if commands.awaitsRaftID {
            publicFacts[Self.awaitingAnnotation] =
                "a raft ID: a member of the raft cluster adds this node (raft.addPeer) and sends its Raft_Id back; until then it runs no pod"
        }

        statefulSet = StatefulSet(
            metadata: metadata(ResourceNames.statefulSet(node.name), annotations: publicFacts),
            serviceName: ResourceNames.internalService(node.name),
            selector: selector,
            template: Self.podTemplate(
                node: node.name, network: spec, labels: labels, annotations: podAnnotations, commands: commands, images: input.images,
                tesseraKnownPeers: input.tesseraKnownPeersFile != nil),
            volumeClaim: StatefulSet.VolumeClaimTemplate(
                name: Self.dataVolume, labels: labels, storageSize: node.storageSize, storageClassName: node.storageClassName),
            replicas: commands.awaitsRaftID ? 0 : 1)
    }

    /// The Tessera config ConfigMap of `record`; nil when the network runs without Tessera.
    static func tesseraConfigMap(of record: RenderNode, input: RenderInput) -> ConfigMap? {
        guard let config = input.tesseraConfig(of: record) else { return nil }
        let node = record.spec.name
        return ConfigMap(
            metadata: metadata(ResourceNames.tesseraConfigMap(node), of: record, input: input),
            data: [TesseraConfig.fileName(of: node): String(decoding: config, as: UTF8.self)])
    }

    /// The keys Secret of `record`.
    static func secret(of record: RenderNode, input: RenderInput) -> Secret {
        Secret(metadata: metadata(ResourceNames.keysSecret(record.spec.name), of: record, input: input), data: record.secretFiles)
    }

    /// Metadata of an object of the node `record`, in the network's namespace, with its labels.
    private static func metadata(_ name: String, of record: RenderNode, input: RenderInput, annotations: [String: String] = [:]) -> ObjectMeta {
        ObjectMeta(
            name: name, namespace: input.spec.namespace, labels: StandardLabels.node(record.spec.name, network: input.spec.name),
            annotations: annotations)
    }

    /// A Tessera config without its `peer` list, for the config hash: the list only seeds
    /// Tessera's peer discovery (on by default, `disablePeerDiscovery` unset), through which a
    /// running Tessera learns the nodes that join later, so a peer change restarts no pod.
    private static func withoutPeers(_ config: Data) -> Data {
        guard case .object(var members) = ChainJSON(reading: config) else {
            return config
        }
        members["peer"] = nil
        return ChainJSON.object(members).foundationSortedData
    }

    /// How long geth may take to open its devp2p port once it runs.
    private static let gethStartupSeconds = 300
    /// Probe period of the quorum container's startup probe.
    private static let startupProbePeriod = 10

    /// Startup probe failures the quorum container is allowed: geth's own start, plus the
    /// Tessera wait when the container runs it, so the kubelet never kills a container that is
    /// still waiting for Tessera.
    private static func quorumStartupFailureThreshold(_ commands: NodeCommands) -> Int {
        let waits = commands.quorumContainer != commands.geth
        return (gethStartupSeconds + (waits ? TesseraWait.seconds : 0)) / startupProbePeriod
    }

    private static let dataVolume = "data"
    private static let keysVolume = "keys"
    private static let genesisVolume = "genesis"
    private static let peersVolume = "peers"
    private static let tesseraVolume = "tessera-config"
    private static let knownPeersVolume = "tessera-known-peers"

    private static func podTemplate(
        node: String, network: NetworkSpec, labels: [String: String], annotations: [String: String], commands: NodeCommands,
        images: ContainerImages, tesseraKnownPeers: Bool
    ) -> PodTemplate {
        func mount(_ volume: String, at path: String) -> Container.VolumeMount {
            Container.VolumeMount(name: volume, mountPath: path, readOnly: volume != dataVolume)
        }
        let data = mount(dataVolume, at: "/data")
        let keys = mount(keysVolume, at: PodPaths.keys)
        let genesis = mount(genesisVolume, at: PodPaths.genesisDirectory)
        let peers = mount(peersVolume, at: PodPaths.peersDirectory)

        let initContainer = Container(
            name: "init", image: images.quorum, command: commands.initContainer, volumeMounts: [data, keys, genesis, peers],
            resources: PodResources.initContainer)

        var quorumPorts = [Container.Port(name: PortNames.p2p, containerPort: Ports.p2p)]
        if network.consensus == .raft { quorumPorts.append(Container.Port(name: PortNames.raft, containerPort: Ports.raft)) }
        quorumPorts += [
            Container.Port(name: "rpc", containerPort: Ports.rpc), Container.Port(name: "ws", containerPort: Ports.ws),
            Container.Port(name: PortNames.metrics, containerPort: Ports.metrics),
        ]
        let quorum = Container(
            name: ResourceNames.quorumContainer, image: images.quorum, command: commands.quorumContainer,
            environment: commands.gethEnvironment.map { Container.EnvironmentVariable(name: $0.name, value: $0.value) },
            ports: quorumPorts, volumeMounts: [data, keys, genesis, peers],
            resources: PodResources.quorum,
            startupProbe: Probe(
                .tcpSocket(port: Ports.p2p), periodSeconds: startupProbePeriod, failureThreshold: quorumStartupFailureThreshold(commands)),
            readinessProbe: Probe(.tcpSocket(port: Ports.rpc), periodSeconds: 10),
            livenessProbe: Probe(.tcpSocket(port: Ports.p2p), periodSeconds: 20, failureThreshold: 6))

        var containers = [quorum]
        var volumes = [
            Volume(name: keysVolume, source: .secret(name: ResourceNames.keysSecret(node), defaultMode: keyFileMode)),
            Volume(name: genesisVolume, source: .configMap(name: ResourceNames.genesisConfigMap(network.name), keys: [])),
            Volume(name: peersVolume, source: .configMap(name: ResourceNames.peersConfigMap(network.name), keys: [])),
        ]
        if let tesseraCommand = commands.tessera, let tesseraImage = images.tessera {
            let upcheck = Probe.Action.httpGet(path: "/upcheck", port: Ports.tesseraThirdParty)
            containers.append(
                Container(
                    name: ResourceNames.tesseraContainer, image: tesseraImage, command: tesseraCommand,
                    environment: commands.tesseraEnvironment.map { Container.EnvironmentVariable(name: $0.name, value: $0.value) },
                    ports: [
                        Container.Port(name: PortNames.tesseraP2P, containerPort: Ports.tesseraP2P),
                        Container.Port(name: PortNames.tesseraThirdParty, containerPort: Ports.tesseraThirdParty),
                    ],
                    volumeMounts: [data, keys, mount(tesseraVolume, at: PodPaths.tesseraConfigDirectory)]
                        + (tesseraKnownPeers ? [mount(knownPeersVolume, at: PodPaths.tesseraKnownPeersDirectory)] : []),
                    resources: PodResources.tessera,
                    startupProbe: Probe(upcheck, periodSeconds: 10, failureThreshold: 30),
                    readinessProbe: Probe(upcheck, periodSeconds: 10),
                    livenessProbe: Probe(upcheck, periodSeconds: 20, failureThreshold: 6)))
            volumes.append(
                Volume(name: tesseraVolume, source: .configMap(name: ResourceNames.tesseraConfigMap(node), keys: [TesseraConfig.fileName(of: node)])))
            if tesseraKnownPeers {
                volumes.append(
                    Volume(
                        name: knownPeersVolume,
                        source: .configMap(name: ResourceNames.tesseraKnownPeersConfigMap(network.name), keys: [TesseraTLS.knownPeersFileName])))
            }
        }

        return PodTemplate(
            metadata: ObjectMeta(name: node, labels: labels, annotations: annotations),
            initContainers: [initContainer], containers: containers, volumes: volumes,
            userID: userID, terminationGracePeriodSeconds: 60)
    }
}
