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
                return [NetworkObject.table(of: try net.session.render(to: directory))]
            },
            "deploy": { net, arguments in
                let options = try OptionTable(try optionalTable(arguments), LuaSurface.deploy)
                let deploy = DeployOptions(
                    wait: try options.resolved("wait", options.boolean), timeout: try options.resolved("timeout", options.duration),
                    force: try options.resolved("force", options.boolean), dryRun: net.context.isDryRun)
                if !net.session.isRendered { _ = try net.session.render() }
                try net.cluster().deploy(renderedTree: net.session.outputDirectory, options: deploy)
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
        let progress = context.isQuiet ? nil : KeyProgress(network: spec.name, log: context.log).report
        let isNewChain = !FileManager.default.fileExists(atPath: session.keyStore.directory.path)
        try session.generateKeys(options: generation, progress: progress)
        if isNewChain, FileManager.default.fileExists(atPath: session.keyStore.directory.path), let script = context.scriptName {
            try session.keyStore.recordScript(script)
            announceNewChain(of: script)
        }
        let exposed = session.keyStore.filesReadableByOthers(of: session.network.nodes)
        if !exposed.isEmpty {
            context.warn(
                "\(exposed.count) key files of network '\(spec.name)' are readable by other users: "
                    + exposed.map { "\(context.displayPath($0.path)) (\(String($0.mode, radix: 8)))" }.joined(separator: ", ")
                    + "; make them private with chmod 600")
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

    /// The exported nodes; when the cluster assigned Tessera addresses the nodes do not
    /// advertise yet, records them for the next render and fails, saying so.
    private func exportExternal(_ options: ExportOptions) throws -> [ExternalNode] {
        do {
            return try cluster().exportExternal(keys: session.keys, options: options, raftIDs: raftIDs(), members: raftMembers())
        } catch KubeError.notAdvertised(let context, let mismatches) {
            let assigned = mismatches.filter { $0.advertised.source != .script && $0.deployed == nil }
            guard let file = session.recordedAddresses, !assigned.isEmpty else { throw KubeError.notAdvertised(context: context, mismatches: mismatches) }
            _ = try self.context.resolve(file.path, forWriting: true)
            try session.recordTesseraAddresses(Dictionary(uniqueKeysWithValues: assigned.map { ($0.node, $0.reached) }))
            throw LuaHostError(
                "\(KubeError.notAdvertised(context: context, mismatches: mismatches)) "
                    + "(recorded in \(RecordedTesseraAddresses.path(of: spec.name)), which render reads)")
        }
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
    /// (``NetworkCluster/syncRaftMembers(_:dryRun:record:)``), recording each ID in
    /// `keys/<network>/raft-ids.json`; returns every recorded member.
    private func syncRaft() throws -> [RaftMembership.Member] {
        guard spec.consensus == .raft else {
            throw LuaHostError("syncRaft: network '\(spec.name)' runs \(spec.consensus.rawValue), not raft")
        }
        if !context.isDryRun { _ = try context.resolve(session.keyStore.directory.path, forWriting: true) }
        let membership = try cluster().syncRaftMembers(session.raftMembership, dryRun: context.isDryRun) { try session.recordRaftMembership($0) }
        return membership.members
    }

    private func cluster() throws -> NetworkCluster {
        var cluster = NetworkCluster(network: session.network, client: try context.cluster(), log: context.log)
        cluster.reportsDetail = !context.isQuiet
        return cluster
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
