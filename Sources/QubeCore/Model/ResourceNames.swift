/// Names of the Kubernetes objects of a network. Render, deploy and export all derive names
/// here, so they always agree.
public enum ResourceNames {
    /// The StatefulSet of a node, which is also its internal Service's name.
    public static func statefulSet(_ node: String) -> String { node }
    /// The ClusterIP Service carrying every port of a node.
    public static func internalService(_ node: String) -> String { node }
    /// The NodePort or LoadBalancer Service carrying only devp2p (and raft) and Tessera P2P.
    public static func externalService(_ node: String) -> String { "\(node)-external" }
    /// The Secret holding a node's keys.
    public static func keysSecret(_ node: String) -> String { "\(node)-keys" }
    /// The ConfigMap holding genesis.json.
    public static func genesisConfigMap(_ network: String) -> String { "\(network)-genesis" }
    /// The ConfigMap holding static-nodes.json and permissioned-nodes.json.
    public static func peersConfigMap(_ network: String) -> String { "\(network)-peers" }
    /// The ConfigMap holding a node's Tessera config. One per node: together the configs of a
    /// large network pass the 1 MiB a single ConfigMap may hold.
    public static func tesseraConfigMap(_ node: String) -> String { "\(node)-tessera" }
    /// The ConfigMap holding the Tessera TLS known-hosts file every local node of a network
    /// reads (``TesseraTLS``). One per network: the file is the same for every node.
    public static func tesseraKnownPeersConfigMap(_ network: String) -> String { "\(network)-tessera-known-peers" }
    /// The NetworkPolicy admitting a node's ingress.
    public static func networkPolicy(_ node: String) -> String { "\(node)-ingress" }
    /// The network's Prometheus Operator ServiceMonitor of geth's metrics.
    public static func serviceMonitor(_ network: String) -> String { "\(network)-geth" }
    /// The network's Prometheus Operator ServiceMonitor of Tessera's metrics.
    public static func tesseraServiceMonitor(_ network: String) -> String { "\(network)-tessera" }
    /// The network's Grafana dashboard ConfigMap.
    public static func dashboardConfigMap(_ network: String) -> String { "\(network)-dashboard" }
    /// The PodDisruptionBudget over a network's validators.
    public static func validatorsDisruptionBudget(_ network: String) -> String { "\(network)-validators" }
    /// The ConfigMap in which deploy records what the network applied.
    public static func inventoryConfigMap(_ network: String) -> String { "\(network)-qube-inventory" }
    /// The one pod of a node's StatefulSet.
    public static func pod(_ node: String) -> String { "\(statefulSet(node))-0" }
    /// The container running geth in a node's pod.
    public static let quorumContainer = "quorum"
    /// The container running Tessera in a node's pod.
    public static let tesseraContainer = "tessera"
    /// The in-cluster DNS name of a node's internal Service.
    public static func serviceDNSName(_ node: String, namespace: String) -> String {
        "\(node).\(namespace).svc.cluster.local"
    }
}

/// Where a node's pod finds its files. Chain configuration refers to these paths (Tessera key
/// paths, the Q2T socket) and the manifests mount volumes at them.
public enum PodPaths {
    /// geth's data directory, on the node's volume.
    public static let quorumData = "/data/quorum"
    /// geth's IPC socket (its default place in the data directory), which serves every API.
    public static let gethIPC = "/data/quorum/geth.ipc"
    /// Tessera's working directory (H2 database, Q2T socket), on the node's volume.
    public static let tesseraData = "/data/tessera"
    /// The Q2T IPC socket geth reaches Tessera through (`PRIVATE_CONFIG`).
    public static let tesseraSocket = "/data/tessera/tm.ipc"
    /// The node's Secret: nodekey, acctkeyfile.json, password.txt, tm.key, tm.pub (+ tm.password,
    /// and tm-tls.key, tm-tls.crt with Tessera TLS).
    public static let keys = "/etc/quorum/keys"
    /// The genesis ConfigMap.
    public static let genesisDirectory = "/etc/quorum/genesis"
    /// The peers ConfigMap.
    public static let peersDirectory = "/etc/quorum/peers"
    /// The node's Tessera ConfigMap; its one key is named after the node.
    public static let tesseraConfigDirectory = "/etc/tessera"
    /// The network's Tessera TLS known-hosts ConfigMap; its one key is ``TesseraTLS/knownPeersFileName``.
    public static let tesseraKnownPeersDirectory = "/etc/tessera-known-peers"
}
