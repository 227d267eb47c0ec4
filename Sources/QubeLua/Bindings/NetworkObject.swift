import QubeCrypto
import Foundation
import LuaRuntime
import QubeCore
import QubeKube

/// A network as Lua holds it: `network{...}` returns one; its methods build, key, render and
/// deploy it.
final class NetworkObject: LuaHostObject {
    static let luaTypeName = "network"

    /// The domain state behind the object.
    let session: NetworkSession
    let context: ScriptContext
    /// Node objects Lua still holds, by name, so `net:nodes()` and `addNode` give the same Lua
    /// values. Held weakly: a node object holds its network, so a strong cache would be a cycle.
    private var nodeObjects: [String: WeakNode] = [:]
    /// How many times the network was rendered into ``NetworkSession/outputDirectory``.
    private var renders = 0
    /// The value of ``renders`` when the network was last applied in this run, if it was.
    private var appliedRender: Int?

    init(session: NetworkSession, context: ScriptContext) {
        self.session = session
        self.context = context
    }

    private var spec: NetworkSpec { session.network.spec }

    static var luaMethods: [String: LuaMethod<NetworkObject>] {
        [
            "addNode": { net, arguments in [.object(try net.addNode(try arguments.table(at: 1), at: arguments.callerLocation))] },
            "addExternal": { net, arguments in
                for node in try ExternalRecord.nodes(from: try arguments.value(at: 1), for: "addExternal") {
                    do { try net.session.addExternal(node) } catch { throw LuaHostError("addExternal: \(error)") }
                }
                return []
            },
            "genKeys": { net, arguments in
                try net.generateKeys(try OptionTable(try optionalTable(arguments), LuaSurface.genKeys))
                return []
            },
            "genesis": { net, _ in
                let data = try net.session.genesis()
                return [.object(GenesisObject(try ImportedGenesis(data: data, path: "genesis of '\(net.spec.name)'"), context: net.context))]
            },
            "render": { net, arguments in
                let options = try OptionTable(try optionalTable(arguments), LuaSurface.render)
                let directory = try options.string("dir").map { try net.context.resolve($0, forWriting: true) }
                if directory == nil { _ = try net.context.resolve(net.session.outputDirectory.path, forWriting: true) }
                return [NetworkObject.table(of: try net.render(to: directory))]
            },
            "deploy": { net, arguments in
                let options = try OptionTable(try optionalTable(arguments), LuaSurface.deploy)
                let deploy = DeployOptions(
                    wait: try options.resolved("wait", options.boolean), timeout: try options.resolved("timeout", options.duration),
                    force: try options.resolved("force", options.boolean), dryRun: net.context.isDryRun)
                // The kube context is checked here, so a wrong one fails at this line; a dry run
                // must stay checkable on a machine that does not know the cluster.
                if !net.context.isDryRun { _ = try net.cluster().target() }
                if try options.resolved("now", options.boolean) { try net.apply(deploy, atEndOfRun: false) }
                net.context.deploys.request(net, options: deploy, at: arguments.callerLocation)
                return []
            },
            "destroy": { net, arguments in
                let options = try OptionTable(try optionalTable(arguments), LuaSurface.destroy)
                try net.cluster().destroy(volumes: try options.resolved("volumes", options.boolean), dryRun: net.context.isDryRun)
                return []
            },
            "exportExternal": { net, arguments in
                let options = try OptionTable(try optionalTable(arguments), LuaSurface.exportExternal)
                let export = ExportOptions(
                    nodeIP: try options.string("nodeIp"), inCluster: try options.resolved("inCluster", options.boolean),
                    wait: try options.resolved("wait", options.boolean), timeout: try options.resolved("timeout", options.duration))
                return [ExternalRecord.list(try net.exportExternal(export))]
            },
            "vote": { net, arguments in
                let options = try OptionTable(try optionalTable(arguments), LuaSurface.vote)
                let vote = VoteOptions(
                    wait: try options.resolved("wait", options.boolean), timeout: try options.resolved("timeout", options.duration),
                    dryRun: net.context.isDryRun)
                let changes = try VoteCandidates.changes(options, of: net)
                let tallies: [VoteTally]
                do { tallies = try net.cluster().vote(changes, options: vote) } catch let error as VoteError { throw LuaHostError("vote: \(error)") }
                return [.table(LuaTable(array: tallies.map(NetworkObject.table)))]
            },
            "status": { net, _ in [.object(StatusObject(try net.cluster().status()))] },
            "syncRaft": { net, _ in [NetworkObject.table(of: try net.syncRaft())] },
            "nodes": { net, _ in
                [.table(LuaTable(array: net.session.network.nodes.map { .object(net.nodeObject($0.name)) }))]
            },
            "externalNodes": { net, _ in [ExternalRecord.list(net.session.network.externalNodes)] },
        ]
    }

    let luaFieldNames = ["name", "namespace", "context", "consensus", "chainId", "quorum", "tessera"]

    func luaField(_ name: String) throws -> LuaValue? {
        switch name {
        case "name": .string(spec.name)
        case "namespace": .string(spec.namespace)
        case "context": spec.context.map { .string($0) } ?? .nil
        case "consensus": .string(spec.consensus.rawValue)
        case "chainId": .integer(spec.chainID)
        case "quorum": .string(spec.quorumVersion.description)
        case "tessera": spec.tesseraVersion.map { .string($0.description) } ?? .boolean(false)
        default: nil
        }
    }

    var luaDescription: String {
        "network(\(spec.name), \(spec.consensus.rawValue), chainId \(spec.chainID), \(session.network.nodes.count) nodes)"
    }

    private func nodeObject(_ name: String) -> NodeObject {
        if let object = nodeObjects[name]?.object { return object }
        let object = NodeObject(name: name, network: self)
        nodeObjects[name] = WeakNode(object: object)
        return object
    }

    private func addNode(_ table: LuaTable, at location: (file: String, line: Int)?) throws -> NodeObject {
        let options = try OptionTable(table, LuaSurface.addNode)
        let name = try options.requiredString("name")
        let node = NodeSpec(
            name: name,
            isValidator: try options.resolved("validator", options.boolean),
            gethParams: try options.resolved("gethParams", options.string),
            keyDirectory: try options.string("keyDir"),
            p2pNodePort: try options.integer("nodePort"),
            tesseraNodePort: try options.integer("tmNodePort"),
            raftNodePort: try options.integer("raftNodePort"),
            isRaftLearner: try options.resolved("raftLearner", options.boolean),
            expose: try options.table("expose").map { try Exposure(options: $0, for: "addNode") },
            storageSize: try options.resolved("storage", options.string),
            storageClassName: try options.string("storageClass"),
            rpcAPIs: try options.resolved("rpcApis", options.stringList),
            unlockAccount: try options.boolean("unlockAccount"),
            source: location.map { SourceLocation(file: $0.file, line: $0.line) })
        do {
            try add(node)
        } catch {
            throw LuaHostError("addNode: \(error)")
        }
        return nodeObject(name)
    }

    /// Adds `node` to the network, unless its name or NodePorts collide with another
    /// network's of this script (``ClusterClaims``).
    func add(_ node: NodeSpec) throws(ValidationError) {
        try context.claims.check(node, in: spec)
        try session.addNode(node)
        context.claims.record(node, in: spec)
    }

    private func generateKeys(_ options: OptionTable) throws {
        let kdf = try options.resolved("kdf") { try options.choice($0, as: KeystoreKDFChoice.self) }
        let tesseraPassword = try options.resolved("tesseraPassword", options.boolean)
        let password = try options.resolved("accountPassword") { try options.choice($0, as: AccountPasswordChoice.self) }
        let generation = KeyGenerationOptions(
            kdf: kdf.kdf, tesseraPassword: tesseraPassword, accountPassword: password == .empty ? .empty : .random,
            verify: try options.resolved("verify", options.boolean))
        let nodes = session.network.nodes
        let missing = session.keyStore.countNodesWithoutKeys(nodes, withTessera: spec.hasTessera)
        let progress =
            context.isQuiet || missing == 0
            ? nil
            : PhaseProgress(
                title: "genKeys \(spec.name)", unit: "nodes", announcement: "genKeys \(spec.name): making keys for \(missing) of \(counted(nodes.count, "node"))",
                isTerminal: context.isTerminal, log: context.log)
        let isNewChain = !FileManager.default.fileExists(atPath: session.keyStore.directory.path)
        var report: (@Sendable (Int, Int) -> Void)?
        if let progress { report = { done, total in progress.update(done: done, of: total) } }
        try session.generateKeys(options: generation, progress: report)
        if !context.isQuiet {
            let summary = "genKeys \(spec.name): \(counted(nodes.count, "node")), \(missing) made, \(nodes.count - missing) kept"
            if let progress { progress.finish(summary) } else { context.log(summary) }
        }
        if isNewChain, FileManager.default.fileExists(atPath: session.keyStore.directory.path), let script = context.scriptName {
            try session.keyStore.recordScript(script)
            announceNewChain(of: script)
        }
        try warnAboutPinnedValidatorFlags()
        let exposed = session.keyStore.filesReadableByOthers(of: session.network.nodes)
        if !exposed.isEmpty {
            context.warn(
                "\(exposed.count) key files of network '\(spec.name)' are readable by other users: "
                    + exposed.map { "\(context.displayPath($0.path)) (\(String($0.mode, radix: 8)))" }.joined(separator: ", ")
                    + "; make them private with chmod 600")
        }
    }

    /// The genesis the chain runs once it is pinned (stored in the key store, or joined), and
    /// the local nodes whose `validator` flag it contradicts: a genesis is never rewritten, so
    /// such a flag takes effect only by vote. Nil before the network's first genesis, and for raft.
    private func pinnedFlagChanges() throws -> (genesis: ImportedGenesis, nodes: [NodeSpec])? {
        guard spec.consensus != .raft,
            let genesis = try GenesisStore(keyStore: session.keyStore).storedGenesis() ?? session.joinedGenesis
        else { return nil }
        let set = Set(genesis.validators)
        let changed = session.network.nodes.filter { node in
            guard let keys = session.keys[node.name],
                let address = try? EthereumAddress(validating: keys.sealingAddress(for: spec.consensus))
            else { return false }
            return set.contains(address) != node.isValidator
        }
        return (genesis, changed)
    }

    /// Warns, at each node's `addNode` line, where the script's `validator` flag and the pinned
    /// genesis disagree: the change is a vote (`net:vote()`), not a new genesis.
    private func warnAboutPinnedValidatorFlags() throws {
        guard let (genesis, nodes) = try pinnedFlagChanges() else { return }
        for node in nodes {
            let place = node.source.map { "\($0): " } ?? ""
            let pinned = "the genesis of network '\(spec.name)' (\(context.displayPath(genesis.path))) is pinned"
            context.warn(
                place
                    + (node.isValidator
                        ? "node '\(node.name)' is declared validator = true, but \(pinned) without it: it becomes a validator by vote (net:vote())"
                        : "node '\(node.name)' is declared validator = false, but \(pinned) with it: it leaves the set by vote (net:vote())"))
        }
    }

    /// Says that this network starts a new chain while `keys/` and `out/` hold the chain that
    /// `script` started for a network it no longer declares: most likely this one, renamed.
    private func announceNewChain(of script: String) {
        let keys = context.scriptDirectory.appendingPathComponent("keys")
        guard session.keyStore.directory.deletingLastPathComponent().standardizedFileURL == keys.standardizedFileURL,
            let stores = try? FileManager.default.contentsOfDirectory(atPath: keys.path)
        else { return }
        let others = stores.sorted().filter { name in
            !context.networkNames.contains(name) && KeyStore.recordedScript(in: keys.appendingPathComponent(name)) == script
                && FileManager.default.fileExists(atPath: context.scriptDirectory.appendingPathComponent("out/\(name)").path)
        }
        guard !others.isEmpty else { return }
        context.warn(
            "network '\(spec.name)' has no keys yet, so a new chain starts in keys/\(spec.name)/; "
                + others.map { "keys/\($0)/ and out/\($0)/ hold the chain of network '\($0)'" }.joined(separator: ", ")
                + ", which this script no longer declares (give the network that name to keep its chain)")
    }

    /// Renders the network into `directory` (by default its `out/` tree) and says in one line
    /// how the tree changed.
    /// Renders, with a live line of the files written on a terminal; elsewhere render is one
    /// summary line, as it takes a second or two even at a thousand nodes.
    private func render(to directory: URL? = nil) throws -> RenderReport {
        let progress =
            context.isQuiet || !context.isTerminal
            ? nil
            : PhaseProgress(
                title: "render \(spec.name)", unit: "files", announcement: "render \(spec.name): writing the tree",
                isTerminal: true, log: context.log)
        let report = try session.render(to: directory, progress: progress.map { progress in { progress.update(done: $0, of: $1) } })
        renders += 1
        if !context.isQuiet {
            let summary = report.summary(network: spec.name)
            if let progress { progress.finish(summary) } else { context.log(summary) }
        }
        return report
    }

    /// Deploys the network's current model: renders it when it changed since its last render,
    /// then applies the tree. At the end of the run, a network applied earlier in the run
    /// (`deploy { now = true }`) and not rendered since is not applied again.
    func apply(_ options: DeployOptions, atEndOfRun: Bool) throws {
        if !session.isRendered { _ = try render() }
        if atEndOfRun, appliedRender == renders { return }
        try cluster().deploy(renderedTree: session.outputDirectory, options: options)
        appliedRender = renders
        if !context.isDryRun { try session.recordRaftFounders() }
    }

    /// The exported nodes.
    ///
    /// With a deploy pending (and not a dry run), the cluster is asked only what it assigns:
    /// the Namespace and the external Services of the nodes whose addresses it assigns are
    /// applied first, their addresses read and recorded, and the deploy at the end of the run
    /// renders and applies nodes that advertise them. Without one, a Tessera address the
    /// cluster assigned that the nodes do not advertise yet is recorded for the next render,
    /// and the export fails, saying so.
    private func exportExternal(_ options: ExportOptions) throws -> [ExternalNode] {
        var options = options
        let deploy = context.isDryRun ? nil : context.deploys.options(of: self)
        options.checksDeployedConfig = deploy == nil
        let founds = spec.consensus == .raft && !session.joinsRaftCluster
        if founds { try cluster().checkFoundersDeclared(nodeIP: options.nodeIP) }
        if let deploy { try applyAssignedServices(nodeIP: options.nodeIP, force: deploy.force) }
        let candidates = Set(try pinnedFlagChanges()?.nodes.filter(\.isValidator).map(\.name) ?? [])
        let export = { (options: ExportOptions) throws -> [ExternalNode] in
            try self.cluster().exportExternal(
                keys: self.session.keys, options: options, raftIDs: self.raftIDs(), members: self.raftMembers(), foundsRaftCluster: founds
            ).map { node in
                var record = node
                record.isValidatorCandidate = candidates.contains(node.name)
                return record
            }
        }
        do {
            return try export(options)
        } catch KubeError.notAdvertised(let context, let mismatches) {
            let assigned = mismatches.filter { $0.advertised.source != .script && $0.deployed == nil }
            guard let file = session.recordedAddresses, !assigned.isEmpty else { throw KubeError.notAdvertised(context: context, mismatches: mismatches) }
            _ = try self.context.resolve(file.path, forWriting: true)
            try session.recordTesseraAddresses(Dictionary(uniqueKeysWithValues: assigned.map { ($0.node, $0.reached) }))
            // The pending deploy renders the recorded addresses: the nodes it applies advertise them.
            if deploy != nil, assigned.count == mismatches.count { return try export(options) }
            throw LuaHostError(
                "\(KubeError.notAdvertised(context: context, mismatches: mismatches)) "
                    + "(recorded in \(RecordedTesseraAddresses.path(of: spec.name)), which render reads)")
        }
    }

    /// Applies the Namespace and the external Services of the nodes whose addresses the cluster
    /// assigns, from the current render, and nothing else: no node runs a state the deploy at
    /// the end of the run replaces.
    private func applyAssignedServices(nodeIP: String?, force: Bool) throws {
        let cluster = try cluster()
        let nodes = cluster.nodesWithAssignedAddresses(nodeIP: nodeIP)
        guard !nodes.isEmpty else { return }
        if !session.isRendered { _ = try render() }
        var wanted = Set(nodes.map { ObjectReference(kind: "Service", name: ResourceNames.externalService($0.name)) })
        wanted.insert(ObjectReference(kind: "Namespace", name: spec.namespace))
        try cluster.apply(only: wanted, renderedTree: session.outputDirectory, force: force)
    }

    /// The raft ID of each local node that has one: its static-nodes position in a network that
    /// founds its raft cluster, the recorded one in a network that joins.
    private func raftIDs() -> [String: Int] {
        guard spec.consensus == .raft else { return [:] }
        var ids: [String: Int] = [:]
        for (index, node) in session.network.nodes.enumerated() {
            guard let keys = session.keys[node.name] else { continue }
            switch session.raftJoin(of: node, keys: keys) {
            case .founder: ids[node.name] = index + 1
            case .joining(let raftID): ids[node.name] = raftID
            }
        }
        return ids
    }

    /// The other organisations' nodes this network added to its raft cluster, with their IDs.
    private func raftMembers() -> [ExternalNode] {
        session.network.externalNodes.compactMap { node in
            guard let member = session.raftMembership.active(nodeID: node.enode.nodeID) else { return nil }
            var exported = node
            exported.raftID = member.raftID
            exported.isRaftLearner = member.isLearner
            return exported
        }
    }

    /// Adds, promotes and removes the other organisations' nodes in this network's raft cluster
    /// (``NetworkCluster/syncRaftMembers(_:joining:dryRun:record:)``), recording each ID in
    /// `keys/<network>/raft-ids.json`; returns every recorded member.
    private func syncRaft() throws -> [RaftMembership.Member] {
        guard spec.consensus == .raft else {
            throw LuaHostError("syncRaft: network '\(spec.name)' runs \(spec.consensus.rawValue), not raft")
        }
        if !context.isDryRun { _ = try context.resolve(session.keyStore.directory.path, forWriting: true) }
        let membership = try cluster().syncRaftMembers(session.raftMembership, joining: try session.localRaftJoiners(), dryRun: context.isDryRun) {
            try session.recordRaftMembership($0)
        }
        return membership.members
    }

    private func cluster() throws -> NetworkCluster {
        var cluster = NetworkCluster(network: session.network, client: try context.cluster(), log: context.log)
        cluster.verbosity = context.verbosity
        cluster.isTerminal = context.isTerminal
        cluster.sealingAddresses = session.keys.compactMapValues { try? EthereumAddress(validating: $0.sealingAddress(for: spec.consensus)) }
        return cluster
    }

    /// What `vote` returns to Lua for one change:
    /// `{ name, address, add, done, votes, needed, words }`.
    private static func table(of tally: VoteTally) -> LuaValue {
        var entry = LuaTable()
        entry["name"] = .string(tally.change.name)
        entry["address"] = .string(tally.change.address.checksummed)
        entry["add"] = .boolean(tally.change.authorize)
        entry["done"] = .boolean(tally.isDone)
        entry["votes"] = .integer(tally.cast)
        entry["needed"] = .integer(tally.needed)
        return .table(entry)
    }

    /// Raft members as `syncRaft` returns them: `{ name, nodeId, raftId, learner, removed }`.
    private static func table(of members: [RaftMembership.Member]) -> LuaValue {
        .table(
            LuaTable(
                array: members.map { member in
                    var entry = LuaTable()
                    entry["name"] = .string(member.name)
                    entry["nodeId"] = .string(member.nodeID)
                    entry["raftId"] = .integer(member.raftID)
                    entry["learner"] = .boolean(member.isLearner)
                    entry["removed"] = .boolean(member.isRemoved)
                    return .table(entry)
                }))
    }

    /// What `render` returns to Lua: `{ dir = ..., files = {...}, objects = {{kind=, name=, namespace=, file=}...} }`.
    private static func table(of report: RenderReport) -> LuaValue {
        var table = LuaTable()
        table["dir"] = .string(report.directory.path)
        table["files"] = .table(LuaTable(array: report.files.map { .string($0) }))
        table["objects"] = .table(
            LuaTable(
                array: report.objects.map { object in
                    var entry = LuaTable()
                    entry["kind"] = .string(object.kind)
                    entry["name"] = .string(object.name)
                    if let namespace = object.namespace { entry["namespace"] = .string(namespace) }
                    entry["file"] = .string(object.file)
                    return .table(entry)
                }))
        return .table(table)
    }
}

/// A node object the cache does not keep alive.
private struct WeakNode {
    weak var object: NodeObject?
}

/// The optional options table of a method: `net:render()` or `net:render{...}`.
func optionalTable(_ arguments: LuaArguments) throws -> LuaTable {
    arguments.isNil(at: 1) ? LuaTable() : try arguments.table(at: 1)
}

/// The `kdf` values of `genKeys`.
enum KeystoreKDFChoice: String, CaseIterable {
    case standard, light
    var kdf: KeystoreKDF { self == .standard ? .standard : .light }
}

/// The `accountPassword` values of `genKeys`.
enum AccountPasswordChoice: String, CaseIterable {
    case random, empty
}
