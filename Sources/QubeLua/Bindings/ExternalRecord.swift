import LuaRuntime
import QubeCore

/// External node records as Lua sees them: tables with the `external_nodes` keys.
enum ExternalRecord {
    /// The record for `node`, with the `external_nodes` keys qctl writes.
    static func table(_ node: ExternalNode) -> LuaValue {
        var record = LuaTable()
        record["Node_UserIdent"] = .string(node.name)
        record["Enode_Url"] = .string(node.enode.description)
        if let url = node.tesseraURL { record["Tm_Url"] = .string(url) }
        if let address = node.address { record["Node_Acct_Addr"] = .string(address) }
        if let period = node.blockPeriod { record["Istanbul_Block_Period"] = .string(String(period)) }
        if node.isValidatorCandidate { record["Validator_Candidate"] = .string("true") }
        if let raftID = node.raftID { record["Raft_Id"] = .string(String(raftID)) }
        if node.isRaftLearner { record["Raft_Learner"] = .string("true") }
        if let fingerprint = node.tesseraTLSFingerprint { record["Tm_Tls_Fingerprint"] = .string(fingerprint) }
        return .table(record)
    }

    /// A list of records.
    static func list(_ nodes: [ExternalNode]) -> LuaValue {
        .table(LuaTable(array: nodes.map(table)))
    }

    /// The external nodes in `value`: one record, or a list of records.
    static func nodes(from value: LuaValue, for call: String) throws -> [ExternalNode] {
        guard case .table(let table) = value else {
            throw LuaHostError("\(call): expected an external node record or a list of them, got \(value.typeName)")
        }
        if let elements = table.arrayElements, !table.isEmpty {
            return try elements.enumerated().map { index, element in
                guard case .table(let record) = element else {
                    throw LuaHostError("\(call): [\(index + 1)]: expected an external node record, got \(element.typeName)")
                }
                return try node(from: record, for: "\(call): [\(index + 1)]")
            }
        }
        return [try node(from: table, for: call)]
    }

    /// Validates one record, given with either spelling of its keys.
    static func node(from record: LuaTable, for call: String) throws -> ExternalNode {
        let schema = LuaSurface.externalRecord
        let options = try OptionTable(record, schema, call: call)
        var fields: [String: String] = [:]
        for key in schema.accepted {
            guard let value = try options.string(key) else { continue }
            let canonical = schema.aliases[key] ?? key
            if fields[canonical] != nil { throw options.error(key, "given twice, as \(canonical) and \(key)") }
            fields[canonical] = value
        }
        guard let name = fields["Node_UserIdent"] else { throw options.error("Node_UserIdent", "is required") }
        guard let enode = fields["Enode_Url"] else { throw options.error("Enode_Url", "is required") }
        do {
            return try ExternalNode(
                validatingName: name, enode: enode, tesseraEndpoint: fields["Tm_Url"], address: fields["Node_Acct_Addr"],
                blockPeriod: fields["Istanbul_Block_Period"], validatorCandidate: fields["Validator_Candidate"],
                raftID: fields["Raft_Id"], raftLearner: fields["Raft_Learner"], tesseraTLSFingerprint: fields["Tm_Tls_Fingerprint"])
        } catch {
            throw options.error(error.field ?? "Node_UserIdent", error.message)
        }
    }
}
