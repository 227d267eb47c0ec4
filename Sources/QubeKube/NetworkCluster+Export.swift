import Foundation
import QubeCore

/// How ``NetworkCluster/exportExternal(keys:options:)`` finds addresses.
public struct ExportOptions: Equatable, Sendable {
    /// The address other organisations dial for NodePort services; when nil, the network's
    /// `expose.nodeIp`, else the first cluster node's ExternalIP, else its InternalIP.
    public var nodeIP: String?
    /// Poll a LoadBalancer that has no address yet instead of failing.
    public var wait: Bool
    /// How long to poll when waiting.
    public var timeout: Duration

    public init(nodeIP: String? = nil, wait: Bool = false, timeout: Duration = .seconds(300)) {
        self.nodeIP = nodeIP
        self.wait = wait
        self.timeout = timeout
    }
}

extension NetworkCluster {
    /// The network's nodes as other organisations see them, for the `external_nodes` file.
    ///
    /// Every Enode_Url carries `raftport=50401`, as qctl's do. Fixed NodePorts from the script
    /// need no cluster; otherwise the ports come from the external Service (NodePorts the
    /// cluster assigned, or a LoadBalancer's address and service ports). A node that is not
    /// exposed is exported by its in-cluster DNS name, for networks in other namespaces.
    public func exportExternal(keys: [String: NodeKeys], options: ExportOptions = ExportOptions()) throws(KubeError) -> [ExternalNode] {
        guard network.spec.context?.isEmpty == false else { throw .noContext(network: network.spec.name) }
        var session = ExportSession(cluster: self, options: options)
        var exported: [ExternalNode] = []
        for node in network.nodes {
            guard let nodeKeys = keys[node.name] else {
                throw .notExported(context: nil, node: node.name, reason: "it has no keys yet; run genKeys first")
            }
            let (p2p, tessera) = try session.endpoints(of: node)
            exported.append(
                ExternalNode(
                    name: node.name,
                    enode: EnodeURL(nodeID: nodeKeys.nodeID, host: p2p.host, port: p2p.port, raftPort: Ports.raft),
                    tesseraEndpoint: tessera,
                    address: nodeKeys.validatorAddress))
        }
        return exported
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

    /// Where others dial the node's devp2p and Tessera P2P ports.
    mutating func endpoints(of node: NodeSpec) throws(KubeError) -> (p2p: HostPort, tessera: HostPort?) {
        let exposure = cluster.network.exposure(of: node)
        switch exposure.kind {
        case .clusterIP:
            let host = ResourceNames.serviceDNSName(node.name, namespace: spec.namespace)
            return (HostPort(host: host, port: Ports.p2p), spec.hasTessera ? HostPort(host: host, port: Ports.tesseraP2P) : nil)
        case .nodePort:
            let given = try checked(options.nodeIP ?? exposure.nodeIP, node: node.name)
            if let host = given, let p2pPort = node.p2pNodePort, node.tesseraNodePort != nil || !spec.hasTessera {
                return (
                    HostPort(host: host, port: p2pPort),
                    spec.hasTessera ? node.tesseraNodePort.map { HostPort(host: host, port: $0) } : nil
                )
            }
            let service = try externalService(of: node.name)
            let host: String
            if let given { host = given } else { host = try nodeAddress(for: node.name) }
            return (
                HostPort(host: host, port: try nodePort(PortNames.p2p, of: service, node: node.name)),
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

    /// The first cluster node's ExternalIP, else its InternalIP (IPv4 or DNS name only).
    private mutating func nodeAddress(for node: String) throws(KubeError) -> String {
        if let clusterNodeIP { return clusterNodeIP }
        let context = try target().context
        let addresses = try cluster.client.clusterNodes(context: context).first?.status?.addresses ?? []
        let usable = addresses.filter { HostPort.isValidHost($0.address) }
        guard let address = (usable.first { $0.type == "ExternalIP" } ?? usable.first { $0.type == "InternalIP" })?.address else {
            throw .notExported(
                context: context, node: node, reason: "no cluster node has an IPv4 ExternalIP or InternalIP; pass nodeIp to exportExternal")
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
