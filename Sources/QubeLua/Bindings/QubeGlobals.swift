import Foundation
import LuaRuntime
import QubeCore

/// The globals a topology script sees: `network`, `readExternal`, `writeExternal`,
/// `readGenesis`, `loadQubernetes` and the `qube` table.
enum QubeGlobals {
    /// The names installed, for the stubs and the strict-globals suggestions.
    static let names = ["network", "readExternal", "writeExternal", "readGenesis", "loadQubernetes", "qube"]

    /// The largest exchange or genesis file read, so a hostile file cannot exhaust memory.
    static let maximumInputSize = 1 << 20

    /// Installs the globals into `vm`.
    static func install(into vm: LuaVM, context: ScriptContext, arguments: [String]) throws {
        let networks = NetworkRegistry(context: context)
        try vm.register("network") { arguments in
            [.object(try networks.declare(try arguments.table(at: 1)))]
        }
        try vm.register("readExternal") { arguments in
            let path = try arguments.string(at: 1)
            let (_, data) = try context.read(path, limit: maximumInputSize)
            return [ExternalRecord.list(try ExternalNodesFile.parse(data, displayPath: path))]
        }
        try vm.register("writeExternal") { arguments in
            let target = try context.fileForWriting(try arguments.string(at: 1))
            let nodes = try ExternalRecord.nodes(from: try arguments.value(at: 2), for: "writeExternal")
            try ExternalNodesFile.write(nodes, to: target)
            return []
        }
        try vm.register("readGenesis") { arguments in
            let path = try arguments.string(at: 1)
            let (_, data) = try context.read(path, limit: ImportedGenesis.maximumSize)
            return [.object(GenesisObject(try ImportedGenesis(data: data, path: path), context: context))]
        }
        try LoadQubernetes.register(in: vm, context: context, networks: networks)
        try vm.setGlobal("qube", to: QubeTable.value(in: vm, context: context, arguments: arguments))
        for method in NetworkObject.luaMethods.keys {
            vm.hintUnknownGlobal(method, with: "\(method) is a network method: net:\(method)\(methodArguments[method] ?? "()")")
        }
    }

    /// How a network method's call reads in a hint, for those whose arguments are not optional.
    private static let methodArguments = ["addNode": " { ... }", "addExternal": "(readExternal(\"...\"))"]
}

/// The networks a script declares, by name: a name is declared once per script.
final class NetworkRegistry {
    private let context: ScriptContext

    init(context: ScriptContext) {
        self.context = context
    }

    /// Declares the network a `network{...}` table describes.
    func declare(_ table: LuaTable) throws -> NetworkObject {
        let options = try OptionTable(table, LuaSurface.network)
        let (spec, genesis) = try self.spec(from: options, base: NetworkSpec(name: try options.requiredString("name")))
        return try declare(spec, joining: genesis, keysDirectory: try options.string("keysDir"), call: "network")
    }

    /// Declares the network of a qctl configuration read from `url`, with its nodes and external
    /// nodes; the keys of `table` (those of `network{...}`) override the file's settings.
    func declare(_ config: QubernetesConfig, at url: URL, options table: LuaTable) throws -> NetworkObject {
        let options = try OptionTable(table, LuaSurface.loadQubernetes)
        let name = try options.string("name") ?? config.namespace ?? url.deletingPathExtension().lastPathComponent
        let (spec, genesis) = try self.spec(from: options, base: config.networkSpec(named: name))
        do {
            try VersionMatrix.validate(spec)
        } catch {
            guard let field = error.field, let origin = config.origins[field], case .nil = options.value(field) else { throw error }
            throw LuaHostError("loadQubernetes: \(origin): \(error.message) (or pass \(field) = \"<version>\" to loadQubernetes)")
        }
        let keysDirectory = try options.string("keysDir")
            ?? config.keyDirectoryBase.map { $0.hasPrefix("/") ? $0 : url.deletingLastPathComponent().appendingPathComponent($0).path }
        let object = try declare(spec, joining: genesis, keysDirectory: keysDirectory, call: "loadQubernetes")
        for node in config.nodes {
            do { try object.add(node) } catch { throw LuaHostError("loadQubernetes: \(node.source.map(\.description) ?? url.lastPathComponent): \(error)") }
        }
        do {
            for node in config.externalNodes { try object.session.addExternal(node) }
        } catch {
            throw LuaHostError("loadQubernetes: \(url.lastPathComponent): \(error)")
        }
        return object
    }

    /// `base` with the settings `options` gives, and the genesis it joins.
    private func spec(from options: OptionTable, base: NetworkSpec) throws -> (NetworkSpec, ImportedGenesis?) {
        let genesis = try options.object("genesis", as: GenesisObject.self)?.genesis
        var spec = base
        spec.consensus = try options.choice("consensus", as: Consensus.self) ?? genesis?.consensus ?? spec.consensus
        spec.chainID = try options.integer("chainId") ?? genesis?.chainID ?? spec.chainID
        if let quorum = try options.string("quorum") { spec.quorumVersion = try version(quorum, options, "quorum") }
        switch options.value("tessera") {
        case .nil: break
        case .boolean(false): spec.tesseraVersion = nil
        case .string: spec.tesseraVersion = try version(try options.requiredString("tessera"), options, "tessera")
        case let other: throw options.error("tessera", "expected a version string or false, got \(other.typeName)")
        }
        spec.context = try options.string("context")
        spec.namespace = try options.string("namespace") ?? spec.namespace
        spec.createsNamespace = try options.resolved("createNamespace", options.boolean)
        if let expose = try options.table("expose") { spec.expose = try Exposure(options: expose, for: options.call) }
        spec.blockPeriod = try options.integer("blockPeriod") ?? genesis?.blockPeriod ?? spec.blockPeriod
        switch options.value("accountBalance") {
        case .nil: break
        case .integer(let wei) where wei >= 0: spec.accountBalance = String(wei)
        case .string: spec.accountBalance = try options.requiredString("accountBalance")
        case let other: throw options.error("accountBalance", "expected wei as a decimal string, got \(other.typeName)")
        }
        spec.networkPolicy = try options.resolved("networkPolicy", options.boolean)
        if let rpcFrom = try options.table("rpcFrom") { spec.rpcFrom = try PeerSelector(options: rpcFrom, for: "\(options.call): rpcFrom") }
        spec.monitoring = try options.resolved("monitoring", options.boolean)
        if let metricsFrom = try options.table("metricsFrom") {
            spec.metricsFrom = try PeerSelector(options: metricsFrom, for: "\(options.call): metricsFrom")
        }
        spec.tesseraTLS = try options.boolean("tesseraTls")
        return (spec, genesis)
    }

    private func declare(_ spec: NetworkSpec, joining genesis: ImportedGenesis?, keysDirectory: String?, call: String) throws -> NetworkObject {
        guard !context.networkNames.contains(spec.name) else {
            throw LuaHostError("\(call): name: a network named '\(spec.name)' is already declared in this script")
        }
        let session: NetworkSession
        do {
            let network = try Network(spec)
            session = try NetworkSession(
                network: network, joining: genesis,
                keysDirectory: try keysDirectory.map { try context.resolve($0, forWriting: true) }
                    ?? context.scriptDirectory.appendingPathComponent("keys/\(spec.name)"),
                outputDirectory: context.scriptDirectory.appendingPathComponent("out/\(spec.name)"),
                recordedAddresses: context.scriptDirectory.appendingPathComponent(RecordedTesseraAddresses.path(of: spec.name)),
                writeGuard: context.writeGuard)
        } catch {
            throw LuaHostError("\(call): \(error)")
        }
        context.networkNames.insert(spec.name)
        return NetworkObject(session: session, context: context)
    }

    private func version(_ text: String, _ options: OptionTable, _ key: String) throws -> SemanticVersion {
        guard let version = SemanticVersion(text) else {
            let supported = key == "tessera" ? TesseraRelease.supportedSummary : GoQuorumRelease.supportedSummary
            throw options.error(key, "\(Names.quoted(text)) is not a release version like \"2.7.0\"; supported versions: \(supported)")
        }
        return version
    }
}
