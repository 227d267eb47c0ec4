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
                        hints: ["ibft": "IBFT is spelled 'istanbul' here, as in qctl and GoQuorum's genesis"])),
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
            .optional("expose", .table(expose), defaultText: "the network's", "this node's exposure instead of the network's"),
            .optional("storage", .string, default: .string(NodeSpec.defaultStorageSize), "data volume size"),
            .optional("storageClass", .string, defaultText: "the cluster default", "StorageClass of the data volume"),
            .optional(
                "rpcApis", .stringList, default: .stringList(NodeSpec.defaultRPCAPIs), "geth RPC APIs; admin, personal and debug only when asked"),
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

    /// An external node record: the `external_nodes` keys qctl exchanges, and their camelCase
    /// spellings.
    static let externalRecord = OptionSchema(
        call: "external record", luaClass: "qube.ExternalRecord",
        summary: "A node of another organisation, in the `external_nodes` format qctl users exchange.",
        aliases: ["name": "Node_UserIdent", "enode": "Enode_Url", "tmUrl": "Tm_Url", "address": "Node_Acct_Addr", "blockPeriod": "Istanbul_Block_Period"],
        [
            .required("Node_UserIdent", .string, "the node's name"),
            .required("Enode_Url", .string, "enode://<node id>@<host>:<port>?discport=0&raftport=50401"),
            .optional("Tm_Url", .string, "Tessera P2P host:port"),
            .optional(
                "Node_Acct_Addr", .string, "the address that seals the node's blocks (EIP-55): the nodekey's for IBFT/QBFT, the account's for clique"),
            .optional(
                "Istanbul_Block_Period", .string, "an IBFT chain's block period in seconds, a string like the others (qube's key; qctl's readers ignore it)"),
        ])

    /// Every option table, in the order the stubs declare their classes.
    static let all = [expose, network, loadQubernetes, addNode, genKeys, render, deploy, destroy, exportExternal, externalRecord]
}
