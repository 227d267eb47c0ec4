import Foundation
import QubeCore
import QubeCrypto

/// How ``NetworkCluster/exportExternal(keys:options:)`` finds addresses.
public struct ExportOptions: Equatable, Sendable {
    /// The address other organisations dial for NodePort services; when nil, the network's
    /// `expose.nodeIp`, else the first cluster node's ExternalIP.
    public var nodeIP: String?
    /// Export nodes that are not exposed (ClusterIP) by their in-cluster DNS names, for a
    /// network in another namespace of the same cluster; without it they are refused.
    public var inCluster: Bool
    /// Poll a LoadBalancer that has no address yet instead of failing.
    public var wait: Bool
    /// How long to poll when waiting.
    public var timeout: Duration
    /// Refuse a node whose recorded Tessera address its config deployed in the cluster does not
    /// advertise yet. Off when the caller applies the current render after the export (a deploy
    /// pending at the end of the run), which brings the deployed config in line.
    public var checksDeployedConfig: Bool

    public init(nodeIP: String?, inCluster: Bool, wait: Bool, timeout: Duration, checksDeployedConfig: Bool = true) {
        self.nodeIP = nodeIP
        self.inCluster = inCluster
        self.wait = wait
        self.timeout = timeout
        self.checksDeployedConfig = checksDeployedConfig
    }
}

/// An exported node whose Tessera advertises another P2P address than the one it is exported at.
public struct TesseraAddressMismatch: Equatable, Sendable {
    public var node: String
    /// What the node's rendered config advertises (``Network/tesseraAddress(of:)``).
    public var advertised: TesseraAddress
    /// Where other organisations reach it: the `Tm_Url` export would write.
    public var reached: HostPort
    /// The P2P `serverAddress` of the config deployed in the cluster, when the render agrees
    /// with ``reached`` but the deployment does not.
    public var deployed: String?

    public init(node: String, advertised: TesseraAddress, reached: HostPort, deployed: String? = nil) {
        self.node = node
        self.advertised = advertised
        self.reached = reached
        self.deployed = deployed
    }
}

extension NetworkCluster {
    /// The network's nodes as other organisations see them, for the `external_nodes` file.
    ///
    /// A raft network's Enode_Url carries the raft port others reach the node at (the external
    /// Service's raft NodePort, or its port), and each record its raft ID (`Raft_Id`) from
    /// `raftIDs` (node name → ID) when it has one; `members` are the other organisations' nodes
    /// this network added to its raft cluster, exported after its own, with their IDs, so the
    /// organisation that runs them learns them. Other networks' Enode_Urls carry
    /// `raftport=50401`, as qctl's do. Only addresses meant to be reached from outside
    /// the cluster are exported: the script's `nodeIp` (or the export's), a cluster node's
    /// ExternalIP, a LoadBalancer's ingress; never a node's InternalIP, and a ClusterIP node by
    /// its in-cluster DNS name only with ``ExportOptions/inCluster``. Fixed NodePorts with a
    /// known `nodeIp` need no cluster; otherwise the ports come from the external Service.
    ///
    /// A node's Tm_Url must be the address its Tessera advertises, or peers would store its keys
    /// against an address they cannot reach: when they differ, nothing is exported and the error
    /// lists every such node (``KubeError/notAdvertised(context:mismatches:)``), for the caller
    /// to record the cluster-assigned addresses and render again. A recorded address is also
    /// checked against the Tessera config deployed in the cluster, so a render that was not
    /// deployed yet is refused too.
    ///
    /// A network that `foundsRaftCluster` exports each founder only at the address its
    /// static-nodes.json lists it at (``PeerList/enode(of:keys:in:)``): raft members dial a
    /// founder there whatever it is exported with (``checkFoundersDeclared(nodeIP:)``).
    public func exportExternal(
        keys: [String: NodeKeys], options: ExportOptions, raftIDs: [String: Int] = [:], members: [ExternalNode] = [],
        foundsRaftCluster: Bool = false
    ) throws(KubeError) -> [ExternalNode] {
        let spec = network.spec
        if foundsRaftCluster { try checkFoundersDeclared(nodeIP: options.nodeIP) }
        var session = ExportSession(cluster: self, options: options)
        var exported: [ExternalNode] = []
        var mismatches: [TesseraAddressMismatch] = []
        for node in network.nodes {
            guard let nodeKeys = keys[node.name] else {
                throw .notExported(context: nil, node: node.name, reason: "it has no keys yet; run genKeys first")
            }
            let (p2p, raft, tessera) = try session.endpoints(of: node)
            if foundsRaftCluster {
                let listed = PeerList.enode(of: node, keys: nodeKeys, in: spec)
                if listed.host != p2p.host || listed.port != p2p.port || listed.raftPort != raft {
                    throw .notExported(
                        context: session.context, node: node.name,
                        reason: "it founds the raft cluster of network '\(spec.name)' at \(listed.host):\(listed.raftPort ?? Ports.raft) "
                            + "(its static-nodes.json entry), which raft members dial for the life of the chain, but it would be exported "
                            + "at \(p2p.host):\(raft ?? Ports.raft); export it at the address the script declares")
                }
            }
            if let tessera {
                let advertised = network.tesseraAddress(of: node)
                if advertised.endpoint != tessera {
                    mismatches.append(TesseraAddressMismatch(node: node.name, advertised: advertised, reached: tessera))
                } else if advertised.source == .recorded, options.checksDeployedConfig {
                    let deployed = try session.deployedTesseraURL(of: node.name)
                    if deployed != advertised.url {
                        mismatches.append(TesseraAddressMismatch(node: node.name, advertised: advertised, reached: tessera, deployed: deployed))
                    }
                }
            }
            exported.append(
                ExternalNode(
                    name: node.name,
                    enode: EnodeURL(nodeID: nodeKeys.nodeID, host: p2p.host, port: p2p.port, raftPort: raft ?? Ports.raft),
                    tesseraEndpoint: tessera,
                    address: nodeKeys.sealingAddress(for: spec.consensus),
                    blockPeriod: spec.consensus == .istanbul ? spec.blockPeriod : nil,
                    raftID: raftIDs[node.name], isRaftLearner: node.isRaftLearner,
                    tesseraTLSFingerprint: tessera != nil && network.usesTesseraTLS ? nodeKeys.tesseraTLS?.fingerprint : nil))
        }
        guard mismatches.isEmpty else { throw .notAdvertised(context: session.context, mismatches: mismatches) }
        return exported + members
    }

    /// Refuses to export the founders of this raft network when an exposed one has no raft
    /// address the script declares (``PeerList/declaredRaftAddress(of:in:)``), or `nodeIP`
    /// overrides the declared one, before asking the cluster anything.
    ///
    /// Raft members (a node joining from another cluster too) dial a founder at the address it
    /// formed the cluster with, its static-nodes.json entry, never at the address it is exported
    /// with (GoQuorum's raft passes each founder's first address in its ConfChangeAddNode and its
    /// snapshots, and cannot update it): an address the cluster assigns later is never reachable
    /// through raft.
    public func checkFoundersDeclared(nodeIP: String?) throws(KubeError) {
        let spec = network.spec
        guard spec.consensus == .raft else { return }
        for node in network.nodes where spec.exposure(of: node).isExposed {
            let declared = PeerList.declaredRaftAddress(of: node, in: spec)
            if let declared, nodeIP == nil || nodeIP == declared.host { continue }
            let what =
                spec.exposure(of: node).kind == .loadBalancer
                ? "expose.loadBalancerIP" : "expose.nodeIp and the node's fixed nodePort and raftNodePort"
            throw .notExported(
                context: nil, node: node.name,
                reason: "it founds the raft cluster of network '\(spec.name)', whose members (another cluster's too) dial it for the "
                    + "life of the chain at the address its static-nodes.json gives it when the cluster first starts, "
                    + (declared.map { "\($0.host):\($0.raftPort), not the nodeIp \(nodeIP ?? "") this export names; drop the export's nodeIp" }
                        ?? "here its in-cluster name, as the cluster assigns its external address; declare \(what) so render lists it "
                        + "at its external address (a raft cluster that already runs keeps the addresses it started with)"))
        }
    }

    /// The nodes whose export reads their external Service, because the cluster assigns what
    /// others dial (a NodePort the script does not fix, a LoadBalancer's address).
    public func nodesWithAssignedAddresses(nodeIP: String?) -> [NodeSpec] {
        network.nodes.filter { Self.readsService(of: $0, in: network.spec, nodeIP: nodeIP) }
    }

    /// Whether exporting `node` needs its external Service: every LoadBalancer, and a NodePort
    /// unless `nodeIP` (else `expose.nodeIp`) and the node's fixed ports say it all.
    static func readsService(of node: NodeSpec, in spec: NetworkSpec, nodeIP: String?) -> Bool {
        let exposure = spec.exposure(of: node)
        switch exposure.kind {
        case .clusterIP: return false
        case .loadBalancer: return true
        case .nodePort:
            return (nodeIP ?? exposure.nodeIP) == nil || node.p2pNodePort == nil || (spec.hasTessera && node.tesseraNodePort == nil)
                || (spec.consensus == .raft && node.raftNodePort == nil)
        }
    }
}

/// The cluster facts one export gathers, each asked for at most once.
private struct ExportSession {
    let cluster: NetworkCluster
    let options: ExportOptions
    private var resolvedTarget: KubeTarget?
    private var clusterNodeIP: String?

    init(cluster: NetworkCluster, options: ExportOptions) {
        self.cluster = cluster
        self.options = options
    }

    private var spec: NetworkSpec { cluster.network.spec }

    /// The kube context, once the export has asked the cluster anything.
    var context: String? { resolvedTarget?.context }

    /// Where others dial the node's devp2p and Tessera P2P ports, and the port of its raft
    /// transport (raft networks only).
    mutating func endpoints(of node: NodeSpec) throws(KubeError) -> (p2p: HostPort, raft: Int?, tessera: HostPort?) {
        let exposure = cluster.network.spec.exposure(of: node)
        let raft = spec.consensus == .raft
        switch exposure.kind {
        case .clusterIP:
            guard options.inCluster else {
                throw .notExported(
                    context: nil, node: node.name,
                    reason: "it is reachable only inside its cluster (expose type ClusterIP); for another organisation set "
                        + "expose = { type = \"NodePort\", nodeIp = \"...\" } or { type = \"LoadBalancer\" }, "
                        + "or export with inCluster = true for a network in another namespace of the same cluster")
            }
            let host = ResourceNames.serviceDNSName(node.name, namespace: spec.namespace)
            return (
                HostPort(host: host, port: Ports.p2p), raft ? Ports.raft : nil, spec.hasTessera ? HostPort(host: host, port: Ports.tesseraP2P) : nil
            )
        case .nodePort:
            let given = try checked(options.nodeIP ?? exposure.nodeIP, node: node.name)
            if !NetworkCluster.readsService(of: node, in: spec, nodeIP: options.nodeIP), let host = given, let p2pPort = node.p2pNodePort {
                return (
                    HostPort(host: host, port: p2pPort),
                    node.raftNodePort,
                    spec.hasTessera ? node.tesseraNodePort.map { HostPort(host: host, port: $0) } : nil
                )
            }
            let service = try externalService(of: node.name)
            let host: String
            if let given { host = given } else { host = try nodeAddress(for: node.name) }
            return (
                HostPort(host: host, port: try nodePort(PortNames.p2p, of: service, node: node.name)),
                raft ? try nodePort(PortNames.raft, of: service, node: node.name) : nil,
                spec.hasTessera ? HostPort(host: host, port: try nodePort(PortNames.tesseraP2P, of: service, node: node.name)) : nil
            )
        case .loadBalancer:
            var service = try externalService(of: node.name)
            let clock = ContinuousClock()
            let deadline = clock.now + options.timeout
            while loadBalancerHost(of: service) == nil {
                guard options.wait, clock.now < deadline else {
                    throw .notExported(
                        context: resolvedTarget?.context, node: node.name,
                        reason: "the LoadBalancer of service/\(ResourceNames.externalService(node.name)) has no address yet"
                            + (options.wait ? " after \(options.timeout)" : "; export again once it has one, or export with wait = true"))
                }
                Thread.sleep(forTimeInterval: 5)
                service = try externalService(of: node.name)
            }
            let host = loadBalancerHost(of: service)!
            _ = try checked(host, node: node.name)
            return (
                HostPort(host: host, port: try servicePort(PortNames.p2p, of: service, node: node.name)),
                raft ? try servicePort(PortNames.raft, of: service, node: node.name) : nil,
                spec.hasTessera ? HostPort(host: host, port: try servicePort(PortNames.tesseraP2P, of: service, node: node.name)) : nil
            )
        }
    }

    /// The resolved context and namespace, checked once.
    private mutating func target() throws(KubeError) -> KubeTarget {
        if let resolvedTarget { return resolvedTarget }
        let target = try cluster.target()
        resolvedTarget = target
        return target
    }

    private mutating func externalService(of node: String) throws(KubeError) -> ServiceObject {
        let target = try target()
        let name = ResourceNames.externalService(node)
        guard let service = try cluster.client.items(ServiceObject.self, .named([ObjectReference(kind: "Service", name: name)]), in: target).first
        else {
            throw .notExported(
                context: target.context, node: node, reason: "service/\(name) does not exist in namespace '\(target.namespace)'; deploy first")
        }
        return service
    }

    /// The P2P `serverAddress` of `node`'s deployed Tessera config (its ConfigMap); an error
    /// when none is deployed.
    mutating func deployedTesseraURL(of node: String) throws(KubeError) -> String {
        let target = try target()
        let name = ResourceNames.tesseraConfigMap(node)
        let file = TesseraConfig.fileName(of: node)
        let maps = try cluster.client.items(ConfigMapObject.self, .named([ObjectReference(kind: "ConfigMap", name: name)]), in: target)
        guard let text = maps.first?.data?[file] else {
            throw .notExported(
                context: target.context, node: node, reason: "configmap/\(name) with \(file) does not exist in namespace '\(target.namespace)'; deploy first")
        }
        guard let config = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
            let servers = config["serverConfigs"] as? [[String: Any]],
            let url = servers.first(where: { $0["app"] as? String == "P2P" })?["serverAddress"] as? String
        else {
            throw .unreadableOutput(context: target.context, action: "get configmap/\(name)", detail: "\(file) has no P2P serverAddress")
        }
        return url
    }

    private func nodePort(_ name: String, of service: ServiceObject, node: String) throws(KubeError) -> Int {
        guard let port = service.port(named: name) else { throw missingPort(name, of: service, node: node) }
        guard let nodePort = port.nodePort else {
            throw .notExported(
                context: resolvedTarget?.context, node: node,
                reason: "port '\(name)' of service/\(service.metadata.name) has no nodePort (service type \(service.spec.type ?? "ClusterIP"))")
        }
        return nodePort
    }

    private func servicePort(_ name: String, of service: ServiceObject, node: String) throws(KubeError) -> Int {
        guard let port = service.port(named: name) else { throw missingPort(name, of: service, node: node) }
        return port.port
    }

    private func missingPort(_ name: String, of service: ServiceObject, node: String) -> KubeError {
        .notExported(context: resolvedTarget?.context, node: node, reason: "service/\(service.metadata.name) has no port named '\(name)'")
    }

    /// The first ingress address of a LoadBalancer Service: its IP, else its hostname.
    private func loadBalancerHost(of service: ServiceObject) -> String? {
        service.status?.loadBalancer?.ingress?.lazy.compactMap { $0.ip ?? $0.hostname }.first
    }

    /// The first cluster node's ExternalIP (IPv4 or DNS name only). An InternalIP is never
    /// used: it is an address inside the cluster's network, which other organisations cannot dial.
    private mutating func nodeAddress(for node: String) throws(KubeError) -> String {
        if let clusterNodeIP { return clusterNodeIP }
        let context = try target().context
        let addresses = try cluster.client.clusterNodes(context: context).first?.status?.addresses ?? []
        guard let address = addresses.first(where: { $0.type == "ExternalIP" && HostPort.isValidHost($0.address) })?.address else {
            throw .notExported(
                context: context, node: node,
                reason: "the cluster's first node has no IPv4 ExternalIP; set expose.nodeIp (or pass nodeIp to exportExternal) "
                    + "to the address other organisations reach the cluster's nodes at")
        }
        clusterNodeIP = address
        return address
    }

    /// `host` if it is a DNS name or IPv4 address; an exchange file carries nothing else.
    private func checked(_ host: String?, node: String) throws(KubeError) -> String? {
        guard let host else { return nil }
        guard HostPort.isValidHost(host) else {
            throw .notExported(context: resolvedTarget?.context, node: node, reason: "\(Names.quoted(host)) is not an IPv4 address or DNS name")
        }
        return host
    }
}
