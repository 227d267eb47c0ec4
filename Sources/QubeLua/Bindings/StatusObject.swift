import LuaRuntime
import QubeKube

/// What `net:status()` returns: the network's nodes and chain as their consoles report them;
/// `print(status)` and `status:report()` give one line per node and one for the chain.
final class StatusObject: LuaHostObject {
    static let luaTypeName = "status"

    let status: NetworkStatus

    init(_ status: NetworkStatus) {
        self.status = status
    }

    static var luaMethods: [String: LuaMethod<StatusObject>] {
        ["report": { status, _ in [.string(LuaString(status.luaDescription))] }]
    }

    let luaFieldNames = ["network", "nodes", "chain"]

    func luaField(_ name: String) throws -> LuaValue? {
        switch name {
        case "network": .string(LuaString(status.network))
        case "nodes": .table(LuaTable(array: status.nodes.map(Self.table)))
        case "chain": status.chain.map(Self.table) ?? .nil
        default: nil
        }
    }

    var luaDescription: String { status.report.joined(separator: "\n") }

    /// `{ name, ready, blockNumber, peers, validator, syncing, down }`: a node that is down
    /// has `ready = false`, its reason in `down`, and no other facts.
    private static func table(_ node: NetworkStatus.Node) -> LuaValue {
        var table = LuaTable()
        table["name"] = .string(LuaString(node.name))
        table["ready"] = .boolean(node.ready)
        if let reason = node.downReason { table["down"] = .string(LuaString(reason)) }
        if let number = node.blockNumber { table["blockNumber"] = .integer(number) }
        if let peers = node.peers { table["peers"] = .integer(peers) }
        if let validator = node.validator { table["validator"] = .boolean(validator) }
        if let syncing = node.syncing { table["syncing"] = .boolean(syncing) }
        return .table(table)
    }

    /// `{ validators, live, down, remote, majorityNeeded, sealingQuorum }`, addresses EIP-55.
    private static func table(_ chain: NetworkStatus.Chain) -> LuaValue {
        func list(_ addresses: [some CustomStringConvertible]) -> LuaValue {
            .table(LuaTable(array: addresses.map { .string(LuaString($0.description)) }))
        }
        var table = LuaTable()
        table["validators"] = list(chain.validators)
        table["live"] = list(chain.live)
        table["down"] = list(chain.down)
        table["remote"] = list(chain.remote)
        table["majorityNeeded"] = .integer(chain.majorityNeeded)
        table["sealingQuorum"] = .integer(chain.sealingQuorum)
        return .table(table)
    }
}
