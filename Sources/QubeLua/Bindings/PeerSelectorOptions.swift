import LuaRuntime
import QubeCore

extension PeerSelector {
    /// The peer a `{ namespaceSelector = {...}, podSelector = {...} }` option describes;
    /// `call` names the option in errors (`network: rpcFrom`).
    init(options table: LuaTable, for call: String) throws {
        let options = try OptionTable(table, LuaSurface.peer, call: call)
        self.init(namespaceLabels: try options.stringMap("namespaceSelector"), podLabels: try options.stringMap("podSelector"))
    }
}
