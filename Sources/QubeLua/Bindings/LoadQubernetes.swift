import Foundation
import LuaRuntime
import QubeCore

/// `loadQubernetes(path [, options])`: a network from a qctl / Qubernetes configuration file.
///
/// The file gives consensus, versions, chain id, namespace, exposure type, storage, the nodes
/// (name, key directory, geth parameters) and the external nodes; `options` takes the keys of
/// `network{...}` (a `name` and `context` at least, as the file has neither) and overrides the
/// file. Keys of the file qube does not honour are logged as warnings with their path.
enum LoadQubernetes {
    /// Registers the global; networks it declares share `networks` with `network{...}`.
    static func register(in vm: LuaVM, context: ScriptContext, networks: NetworkRegistry) throws {
        try vm.register("loadQubernetes") { arguments in
            let path = try arguments.string(at: 1)
            let options = arguments.isNil(at: 2) ? LuaTable() : try arguments.table(at: 2)
            let (url, data) = try context.read(path, limit: UntrustedYAML.maximumSize)
            let config = try QubernetesConfig.parse(data, displayPath: path)
            for warning in config.warnings { context.warn("\(warning)") }
            return [.object(try networks.declare(config, at: url, options: options))]
        }
    }
}
