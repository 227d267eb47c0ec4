import LuaRuntime
import QubeCore
import QubeCrypto
import QubeKube

/// The validator changes `net:vote{...}` asks for: the nodes and records of `add` and
/// `remove`, or, with neither, the network's own `validator` flags.
enum VoteCandidates {
    /// The changes `options` name for `net`.
    static func changes(_ options: OptionTable, of net: NetworkObject) throws -> [ValidatorChange] {
        let add = options.value("add"), remove = options.value("remove")
        if add.isNil, remove.isNil { return try declared(by: net) }
        return try candidates(add, key: "add", authorize: true) + candidates(remove, key: "remove", authorize: false)
    }

    /// The script's `validator` flags as the desired set: each local node with keys is added
    /// when declared a validator and removed when declared not one.
    static func declared(by net: NetworkObject) throws -> [ValidatorChange] {
        let network = net.session.network
        return try network.nodes.map { node in
            guard let keys = net.session.keys[node.name] else {
                throw LuaHostError("vote: node '\(node.name)' has no keys loaded yet; call net:genKeys() first")
            }
            return ValidatorChange(
                name: node.name, address: try address(keys.sealingAddress(for: network.spec.consensus), of: node.name, key: "vote"),
                authorize: node.isValidator)
        }
    }

    /// The candidates in `value`: a node, a record, or a list of them (an empty list: none, so a
    /// script can pass the list it collected whatever its length).
    private static func candidates(_ value: LuaValue, key: String, authorize: Bool) throws -> [ValidatorChange] {
        switch value {
        case .nil: return []
        case .object(let node as NodeObject): return [try change(node, key: key, authorize: authorize)]
        case .table(let table):
            guard let elements = table.arrayElements else { return [try change(table, key: key, authorize: authorize)] }
            return try elements.enumerated().map { index, element in
                let place = "\(key)[\(index + 1)]"
                switch element {
                case .object(let node as NodeObject): return try change(node, key: place, authorize: authorize)
                case .table(let record): return try change(record, key: place, authorize: authorize)
                default: throw LuaHostError("vote: \(place): expected a node or an external node record, got \(element.typeName)")
                }
            }
        default: throw LuaHostError("vote: \(key): expected a node, an external node record or a list of them, got \(value.typeName)")
        }
    }

    private static func change(_ node: NodeObject, key: String, authorize: Bool) throws -> ValidatorChange {
        guard let sealing = node.sealingAddress else {
            throw LuaHostError("vote: \(key): node '\(node.name)' has no keys yet; call genKeys on its network first")
        }
        return ValidatorChange(name: node.name, address: try address(sealing, of: node.name, key: key), authorize: authorize)
    }

    private static func change(_ table: LuaTable, key: String, authorize: Bool) throws -> ValidatorChange {
        let record = try ExternalRecord.node(from: table, for: "vote: \(key)")
        guard let sealing = record.address else {
            throw LuaHostError("vote: \(key): record '\(record.name)' has no Node_Acct_Addr, the address a vote names")
        }
        return ValidatorChange(name: record.name, address: try address(sealing, of: record.name, key: key), authorize: authorize)
    }

    private static func address(_ text: String, of name: String, key: String) throws -> EthereumAddress {
        do { return try EthereumAddress(validating: text) } catch { throw LuaHostError("vote: \(key): '\(name)': \(error)") }
    }
}
