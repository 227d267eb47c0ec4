import LuaRuntime
import QubeCore

/// A local node as Lua holds it: `net:addNode{...}` returns one and `net:nodes()` lists them.
/// Its fields are read-only; key facts appear once `net:genKeys()` has run.
final class NodeObject: LuaHostObject {
    static let luaTypeName = "node"

    let network: NetworkObject
    /// The node's name, unique in its network.
    let name: String

    init(name: String, network: NetworkObject) {
        self.name = name
        self.network = network
    }

    private var spec: NodeSpec? { network.session.network.nodes.first { $0.name == name } }
    private var keys: NodeKeys? { network.session.keys[name] }

    /// The address the node seals with, once its keys are loaded.
    var sealingAddress: String? { keys?.sealingAddress(for: network.session.network.spec.consensus) }

    let luaFieldNames = ["name", "network", "validator", "keyDir", "enode", "nodeId", "address", "accountAddress", "tmPub"]

    func luaField(_ field: String) throws -> LuaValue? {
        guard let spec else { return nil }
        switch field {
        case "name": return .string(name)
        case "network": return .object(network)
        case "validator": return .boolean(spec.isValidator)
        case "keyDir": return .string(spec.keyDirectory)
        case "enode":
            guard let keys else { return .nil }
            let session = network.session
            return .string(PeerList.enode(of: spec, keys: keys, in: session.network.spec, joinsRaftCluster: session.joinsRaftCluster).description)
        case "nodeId": return keys.map { .string($0.nodeID) } ?? .nil
        case "address": return sealingAddress.map { .string($0) } ?? .nil
        case "accountAddress": return keys.map { .string($0.accountAddress) } ?? .nil
        case "tmPub": return keys?.tesseraPublicKey.map { .string($0) } ?? .nil
        default: return nil
        }
    }

    var luaDescription: String {
        "node(\(network.session.network.spec.name)/\(name)\(keys.map { ", \($0.sealingAddress(for: network.session.network.spec.consensus))" } ?? ""))"
    }
}
