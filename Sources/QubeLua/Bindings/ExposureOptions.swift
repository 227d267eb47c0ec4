import LuaRuntime
import QubeCore

extension Exposure {
    /// The exposure an `expose = { type = ..., nodeIp = ..., loadBalancerIP = ..., annotations = {...} }`
    /// option describes.
    init(options table: LuaTable, for call: String) throws {
        let options = try OptionTable(table, LuaSurface.expose, call: "\(call): expose")
        self.init(
            kind: try options.resolved("type") { try options.choice($0, as: Exposure.Kind.self) },
            nodeIP: try options.string("nodeIp"),
            loadBalancerIP: try options.string("loadBalancerIP"),
            annotations: try options.stringMap("annotations") ?? [:])
        for (field, address) in [("nodeIp", nodeIP), ("loadBalancerIP", loadBalancerIP)] {
            if let address, !HostPort.isValidHost(address) {
                throw options.error(field, "\(Names.quoted(address)) is not an IPv4 address or DNS name")
            }
        }
    }
}
