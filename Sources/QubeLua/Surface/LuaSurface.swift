import QubeCore

/// Every option table of qube's Lua surface, declared once.
///
/// The bindings read their options through these schemas (``OptionTable``), so a key's type,
/// default and "did you mean" live here only; `qube stubs` and the option tables of
/// `docs/lua-api.md` are generated from them (``LuaSurfaceDocuments``). Adding an option is one
/// entry here plus the binding's use of it.
enum LuaSurface {
    /// `expose = { ... }` of `network{}` and `addNode`.
    static let expose = OptionSchema(
        call: "expose", luaClass: "qube.ExposeOptions",
        summary: "How a network's or a node's devp2p and Tessera P2P ports are reached from outside the cluster.",
        [
            .optional(
                "type", .choice(Choices(Exposure.Kind.self, alias: "qube.ServiceType")), default: .string(Exposure.Kind.nodePort.rawValue),
                "the external Service's type once `expose` is given"),
            .optional("nodeIp", .string, "the address other organisations dial for NodePort services (IPv4 or DNS name)"),
            .optional("loadBalancerIP", .string, "a fixed LoadBalancer IP, where the provider supports one"),
            .optional("annotations", .stringMap, "annotations of the external Service"),
        ])

    /// `rpcFrom = { ... }` and `metricsFrom = { ... }` of `network{}`: a NetworkPolicy `from` peer.
    static let peer = OptionSchema(
        call: "peer", luaClass: "qube.PeerSelector",
        summary: "Pods outside the network admitted to some of its ports, as a NetworkPolicy peer selects them (at least one selector).",
        [
            .optional(
                "namespaceSelector", .stringMap, defaultText: "the network's namespace",
                "labels of the namespaces the pods run in; `{}` means every namespace"),
            .optional("podSelector", .stringMap, defaultText: "every pod of those namespaces", "labels of the pods"),
        ])

    /// The settings of a network whose script gives only a name: the model's defaults, which
    /// the docs of `network{}` state.
    private static let model = NetworkSpec(name: "name")

    /// `network{ ... }`.
    static let network = OptionSchema(
        call: "network", luaClass: "qube.NetworkOptions", summary: "The settings of `network{...}`.",
        [
            .required("name", .string, "DNS-1123 label: default namespace, `app.kubernetes.io/part-of` label, `keys/<name>/` and `out/<name>/`"),
            .optional(
                "consensus",
                .choice(
                    Choices(
                        Consensus.self, alias: "qube.Consensus",
                        hints: Consensus.hints)),
                defaultText: "`\"\(model.consensus.rawValue)\"`, or the joined genesis'", "the consensus engine"),
            .optional("chainId", .integer, defaultText: "`\(model.chainID)`, or the joined genesis'", "the chain id, also geth's `--networkid`"),
            .optional("quorum", .string, defaultText: "`\"\(model.quorumVersion)\"`", "GoQuorum release ([versions](versions.md))"),
            .optional(
                "tessera", .custom(luaCATS: "string|false", docs: "string or `false`"), defaultText: model.tesseraVersion.map { "`\"\($0)\"`" } ?? "`false`",
                "Tessera release, or `false` for no privacy manager"),
            .optional(
                "context", .string,
                "the kube context this network may touch; `\"current\"` means kubectl's current one. Without it, deploy, destroy and exportExternal refuse to run"),
            .optional("namespace", .string, defaultText: "`name`", "the Kubernetes namespace"),
            .optional("createNamespace", .boolean, default: .boolean(true), "whether render emits the Namespace"),
            .optional(
                "expose", .table(expose), defaultText: "ClusterIP",
                "how nodes' devp2p and Tessera P2P ports are reached from outside the cluster (RPC never is)"),
            .optional(
                "genesis", .object(luaClass: "qube.Genesis", name: "genesis"),
                "join the chain this genesis starts (`readGenesis(path)` or `other:genesis()`); its bytes are rendered unchanged"),
            .optional(
                "blockPeriod", .integer, defaultText: "`\(model.blockPeriod)`, or the joined genesis' period",
                "seconds between blocks (IBFT, QBFT, clique). A genesis that fixes the period (`config.ibft`/`config.qbft` `blockperiodseconds`, clique `period`) is the chain's: another value is refused"),
            .optional(
                "accountBalance", .custom(luaCATS: "string|integer", docs: "string or integer"), defaultText: "10^27",
                "wei funded to each local node's account in a new genesis"),
            .optional("keysDir", .string, defaultText: "`keys/<name>`", "the key store; a Qubernetes `Key_Dir_Base` works as is"),
            .optional(
                "networkPolicy", .boolean, default: .boolean(true),
                "render a NetworkPolicy per node: devp2p, raft and Tessera P2P open as exposed, RPC, WebSocket, Tessera third-party and metrics only from the network's pods and the peers below ([security](security.md))"),
            .optional(
                "rpcFrom", .table(peer), defaultText: "none",
                "pods outside the network that may reach RPC, WebSocket and Tessera third-party (your dapps, your gateway)"),
            .optional(
                "monitoring", .boolean, default: .boolean(false),
                "render Prometheus Operator ServiceMonitors (geth's metrics; Tessera's `/metrics` on its third-party port, which `metricsFrom` then reaches) and a Grafana dashboard ConfigMap; the cluster needs the Operator's CRDs"),
            .optional(
                "metricsFrom", .table(peer), defaultText: "pods labelled `app.kubernetes.io/name: prometheus`, any namespace",
                "pods that may scrape the metrics port"),
            .optional(
                "tesseraTls", .boolean, defaultText: "`true` when the network runs Tessera and exposes a node, else `false`",
                "serve Tessera P2P over TLS (`tls: STRICT`), each side trusting only the certificates the other's records name (`Tm_Tls_Fingerprint`) ([security](security.md))"),
        ])

    /// The options of `loadQubernetes(path, options)`: those of `network{}`, overriding the file.
    static let loadQubernetes = OptionSchema(
        call: "loadQubernetes", luaClass: "qube.LoadQubernetesOptions",
        summary: "The overrides `loadQubernetes` accepts: the keys of `network{...}`, over the file's settings.",
        network.keys.map { key in
            switch key.name {
            case "name": .optional("name", .string, defaultText: "the file's `k8s.namespace`, else its base name", key.doc)
            case "keysDir": .optional("keysDir", .string, defaultText: "the file's `config.Key_Dir_Base`, else `keys/<name>`", key.doc)
            default: key
            }
        })

    /// `net:addNode { ... }`.
    static let addNode = OptionSchema(
        call: "addNode", luaClass: "qube.NodeOptions",
        [
            .required("name", .string, "DNS-1123 label, unique in the network; names the StatefulSet, Services and Secret"),
            .optional(
                "validator", .boolean, default: .boolean(true),
                "in the genesis validator set (ignored for raft). A node joining a running chain is a member; make it a validator by vote (see [two-orgs](two-orgs.md))"),
            .optional("gethParams", .string, default: .string(""), "extra geth parameters, split like a POSIX shell, after qube's own (so they win)"),
            .optional("keyDir", .string, defaultText: "`name`", "the node's directory under the key store (`key1` for a Qubernetes key directory)"),
            .optional("nodePort", .integer, defaultText: "cluster-assigned", "fixed NodePort for devp2p"),
            .optional("tmNodePort", .integer, defaultText: "cluster-assigned", "fixed NodePort for Tessera P2P"),
            .optional("raftNodePort", .integer, defaultText: "cluster-assigned", "fixed NodePort for the raft transport (raft networks)"),
            .optional(
                "raftLearner", .boolean, default: .boolean(false),
                "join the raft cluster as a learner (`raft.addLearner`), not as a voting peer; set it back to false to promote the node "
                    + "(`raft.promoteToPeer`). Only for a raft network that joins another's chain"),
            .optional("expose", .table(expose), defaultText: "the network's", "this node's exposure instead of the network's"),
            .optional("storage", .string, default: .string(NodeSpec.defaultStorageSize), "data volume size"),
            .optional("storageClass", .string, defaultText: "the cluster default", "StorageClass of the data volume"),
            .optional(
                "rpcApis", .stringList, default: .stringList(NodeSpec.defaultRPCAPIs), "geth RPC APIs; admin, personal and debug only when asked"),
            .optional(
                "unlockAccount", .boolean, defaultText: "`true` for clique (it seals with the account), else `false`",
                "unlock the node's account in geth. RISK: whoever reaches the node's RPC (its pods, and the `rpcFrom` peers) can then send transactions signed by it; clique refuses `false`"),
        ])

    /// `net:genKeys { ... }`.
    static let genKeys = OptionSchema(
        call: "genKeys", luaClass: "qube.GenKeysOptions",
        [
            .optional("kdf", .choice(Choices(KeystoreKDFChoice.self)), default: .string(KeystoreKDFChoice.standard.rawValue), "keystore scrypt strength: geth's standard, or light"),
            .optional("tesseraPassword", .boolean, default: .boolean(false), "lock tm.key with a random password (argon2)"),
            .optional("accountPassword", .choice(Choices(AccountPasswordChoice.self)), default: .string(AccountPasswordChoice.random.rawValue), "the account keystore's password"),
            .optional("verify", .boolean, default: .boolean(false), "decrypt every keystore after writing it"),
        ])

    /// `net:render { ... }`.
    static let render = OptionSchema(
        call: "render", luaClass: "qube.RenderOptions",
        [.optional("dir", .string, defaultText: "`out/<network>`", "the directory to render into")])

    /// The longest wait `deploy` and `exportExternal` accept: a week, far beyond any rollout,
    /// and far from the end of `Duration`'s and the clock's range.
    static let longestTimeoutSeconds = 7 * 24 * 3600

    /// How long `deploy` and `exportExternal` wait unless told.
    private static let timeout = OptionValue.seconds(300)

    /// `net:deploy { ... }`.
    static let deploy = OptionSchema(
        call: "deploy", luaClass: "qube.DeployOptions",
        [
            .optional("wait", .boolean, default: .boolean(false), "wait until every node is ready and in consensus (connected to a peer, not syncing, its chain advancing)"),
            .optional("timeout", .duration, default: timeout, "how long waiting may take"),
            .optional("force", .boolean, default: .boolean(false), "take over fields another field manager owns"),
            .optional(
                "now", .boolean, default: .boolean(false),
                "apply at this line as well as at the end of the run. Costs a roll: a change to the network later in the run is applied again at the end, restarting the nodes it touches"),
        ])

    /// `net:destroy { ... }`.
    static let destroy = OptionSchema(
        call: "destroy", luaClass: "qube.DestroyOptions",
        [.optional("volumes", .boolean, default: .boolean(false), "also delete the nodes' volumes, and with them the chain data")])

    /// `net:exportExternal { ... }`.
    static let exportExternal = OptionSchema(
        call: "exportExternal", luaClass: "qube.ExportOptions",
        [
            .optional(
                "nodeIp", .string, defaultText: "`expose.nodeIp`, else a cluster node's ExternalIP", "the address to export for NodePort services"),
            .optional(
                "inCluster", .boolean, default: .boolean(false),
                "export ClusterIP nodes by their in-cluster DNS names, for another namespace of the same cluster (else they are refused)"),
            .optional("wait", .boolean, default: .boolean(false), "wait for LoadBalancer addresses"),
            .optional("timeout", .duration, default: timeout, "how long to wait"),
        ])

    /// A candidate of `net:vote`: a node, an external node record, or a list of them.
    private static let voteCandidates = OptionType.custom(
        luaCATS: "qube.Node|qube.ExternalRecord|(qube.Node|qube.ExternalRecord)[]", docs: "node, record, or a list of them")

    /// `net:vote { ... }`.
    static let vote = OptionSchema(
        call: "vote", luaClass: "qube.VoteOptions",
        [
            .optional(
                "add", voteCandidates, defaultText: "with neither `add` nor `remove`: the nodes declared `validator = true`",
                "candidates to vote into the validator set (a record needs `Node_Acct_Addr`)"),
            .optional(
                "remove", voteCandidates, defaultText: "with neither: the nodes declared `validator = false`",
                "validators to vote out; refused when the rest could not seal blocks"),
            .optional("wait", .boolean, default: .boolean(false), "wait until the set has changed"),
            .optional("timeout", .duration, default: timeout, "how long waiting may take; then the vote fails with its tally"),
        ])

    /// An external node record: the `external_nodes` keys qctl exchanges, and their camelCase
    /// spellings.
    static let externalRecord = OptionSchema(
        call: "external record", luaClass: "qube.ExternalRecord",
        summary: "A node of another organisation, in the `external_nodes` format qctl users exchange.",
        aliases: [
            "name": "Node_UserIdent", "enode": "Enode_Url", "tmUrl": "Tm_Url", "address": "Node_Acct_Addr", "blockPeriod": "Istanbul_Block_Period",
            "validatorCandidate": "Validator_Candidate", "raftId": "Raft_Id", "raftLearner": "Raft_Learner",
            "tmTlsFingerprint": "Tm_Tls_Fingerprint",
        ],
        [
            .required("Node_UserIdent", .string, "the node's name"),
            .required("Enode_Url", .string, "enode://<node id>@<host>:<port>?discport=0&raftport=50401"),
            .optional("Tm_Url", .string, "Tessera P2P host:port (qctl's form), or https://host:port for a Tessera serving P2P over TLS"),
            .optional(
                "Node_Acct_Addr", .string, "the address that seals the node's blocks (EIP-55): the nodekey's for IBFT/QBFT, the account's for clique"),
            .optional(
                "Istanbul_Block_Period", .string, "an IBFT chain's block period in seconds, a string like the others (qube's key; qctl's readers ignore it)"),
            .optional(
                "Validator_Candidate", .string,
                "`\"true\"` for a node declared a validator that the chain's genesis lacks: it awaits votes, `net:vote { add = records }` (qube's key; qctl's readers ignore it)"),
            .optional(
                "Raft_Id", .string,
                "a raft chain's raft ID of the node, as the member that added it (`raft.addPeer`) assigned it (qube's key; qctl's readers ignore it)"),
            .optional("Raft_Learner", .string, "`\"true\"` for a node that joins a raft cluster as a learner (qube's key)"),
            .optional(
                "Tm_Tls_Fingerprint", .string,
                "the SHA-1 of the certificate the node's Tessera serves P2P TLS with, 40 lowercase hex digits; its Tm_Url is https:// (qube's key; qctl's readers ignore it)"),
        ])

    /// Every option table, in the order the stubs declare their classes.
    static let all = [expose, peer, network, loadQubernetes, addNode, genKeys, render, deploy, destroy, exportExternal, vote, externalRecord]
}
