import Foundation
import QubeCrypto
import Yams

/// The Qubernetes `external_nodes` exchange file: one organisation's nodes, as another
/// organisation's network peers with them.
///
/// ```yaml
/// external_nodes:
/// - Node_UserIdent: "quorum-node1"
///   Enode_Url: "enode://<128 hex>@1.2.3.4:30303?discport=0&raftport=50401"
///   Tm_Url: "1.2.3.4:9001"
///   Node_Acct_Addr: "0x60eD1973D8bEB9118f664A688B2E79a344F66954"
/// ```
///
/// An IBFT network's records carry one key more, `Istanbul_Block_Period: "1"`
/// (``ExternalNode/blockPeriod``), a node awaiting votes `Validator_Candidate: "true"`
/// (``ExternalNode/isValidatorCandidate``), and a raft network's `Raft_Id: "4"` (``ExternalNode/raftID``)
/// and `Raft_Learner: "true"` (``ExternalNode/isRaftLearner``), a node serving Tessera P2P over TLS
/// `Tm_Tls_Fingerprint` (``ExternalNode/tesseraTLSFingerprint``) with an `https://` `Tm_Url`;
/// readers of qctl's four keys ignore them.
///
/// Written by ``YAMLNode`` with qctl's keys, key order and layout, every value double-quoted so
/// no YAML reader (qctl's Go structs, Qubernetes' Ruby templates, qube) can take a value for a
/// number or a boolean. Read from qube's files and from qctl's: the `external_nodes:` form or a bare list,
/// quoted or plain values. The file is untrusted: every field is validated strictly.
public enum ExternalNodesFile {
    /// The keys of one record, in the order qctl writes them.
    static let recordKeys = [
        "Node_UserIdent", "Enode_Url", "Tm_Url", "Tm_Tls_Fingerprint", "Node_Acct_Addr", "Istanbul_Block_Period", "Validator_Candidate", "Raft_Id",
        "Raft_Learner",
    ]
    /// The top-level key of the file.
    static let topLevelKey = "external_nodes"

    /// Reads and validates an exchange file; errors read `displayPath:LINE: field: problem`.
    public static func read(from url: URL, displayPath: String) throws(InputFileError) -> [ExternalNode] {
        try parse(UntrustedYAML.readFile(url, displayPath: displayPath), displayPath: displayPath)
    }

    /// Parses and validates the bytes of an exchange file.
    public static func parse(_ data: Data, displayPath: String) throws(InputFileError) -> [ExternalNode] {
        guard let root = try UntrustedYAML.parse(data, displayPath: displayPath) else {
            throw InputFileError(path: displayPath, line: 1, "the file is empty; expected an '\(topLevelKey):' list")
        }
        return try nodes(from: try recordList(in: root, displayPath: displayPath), displayPath: displayPath)
    }

    /// Validates a list of records (the value of an `external_nodes:` key), refusing two with one name.
    static func nodes(from records: [Node], displayPath: String) throws(InputFileError) -> [ExternalNode] {
        var nodes: [ExternalNode] = []
        var lineOfName: [String: Int] = [:]
        for (index, record) in records.enumerated() {
            let node = try externalNode(from: record, field: "\(topLevelKey)[\(index)]", displayPath: displayPath)
            let line = record.mark?.line ?? 0
            if let first = lineOfName[node.name] {
                throw InputFileError(
                    path: displayPath, line: line, field: "\(topLevelKey)[\(index)].Node_UserIdent",
                    "is the name of the node at line \(first) too")
            }
            lineOfName[node.name] = line
            nodes.append(node)
        }
        return nodes
    }

    /// The file's bytes for `nodes`, in the given order; the same nodes give the same bytes.
    public static func render(_ nodes: [ExternalNode]) -> Data {
        let records = nodes.map { node in
            // Values in recordKeys' order; a record leaves out what the node lacks.
            let values = [
                node.name, node.enode.description, node.tesseraURL, node.tesseraTLSFingerprint, node.address, node.blockPeriod.map(String.init),
                node.isValidatorCandidate ? "true" : nil, node.raftID.map(String.init), node.isRaftLearner ? "true" : nil,
            ]
            return YAMLNode.mapping(zip(recordKeys, values).map { ($0, $1.map(YAMLNode.quoted)) })
        }
        return Data(YAMLNode.document(YAMLNode.mapping([(topLevelKey, YAMLNode.sequence(records))])).utf8)
    }

    /// Writes `nodes` to `target` atomically.
    public static func write(_ nodes: [ExternalNode], to target: WriteGuard.Target) throws(AtomicFile.WriteError) {
        try AtomicFile.write(render(nodes), to: target)
    }

    /// The records of the file: the list under `external_nodes:` or a bare list.
    private static func recordList(in root: Node, displayPath: String) throws(InputFileError) -> [Node] {
        switch root {
        case .sequence(let sequence):
            return Array(sequence)
        case .mapping(let mapping):
            var list: [Node]?
            for (key, value) in mapping {
                let name = key.scalar?.string ?? ""
                guard name == topLevelKey else {
                    throw InputFileError(
                        path: displayPath, line: key.mark?.line,
                        "unknown top-level key; expected '\(topLevelKey)'"
                            + Suggestion.hint(for: name, in: [topLevelKey]))
                }
                guard case .sequence(let sequence) = value else {
                    throw InputFileError(
                        path: displayPath, line: value.mark?.line, field: topLevelKey, "must be a list of nodes, not \(UntrustedYAML.describe(value))")
                }
                list = Array(sequence)
            }
            guard let list else {
                throw InputFileError(path: displayPath, line: root.mark?.line, "expected an '\(topLevelKey):' list")
            }
            return list
        case .scalar, .alias:
            throw InputFileError(
                path: displayPath, line: root.mark?.line, "expected an '\(topLevelKey):' list, not \(UntrustedYAML.describe(root))")
        }
    }

    /// Validates one record.
    private static func externalNode(from record: Node, field: String, displayPath: String) throws(InputFileError) -> ExternalNode {
        guard case .mapping(let mapping) = record else {
            throw InputFileError(
                path: displayPath, line: record.mark?.line, field: field,
                "must be a mapping with \(recordKeys.joined(separator: ", ")), not \(UntrustedYAML.describe(record))")
        }
        var values: [String: (text: String, line: Int?)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let keyScalar) = key, recordKeys.contains(keyScalar.string) else {
                let name = key.scalar?.string ?? ""
                throw InputFileError(
                    path: displayPath, line: key.mark?.line, field: field,
                    "unknown key; expected \(recordKeys.joined(separator: ", "))"
                        + Suggestion.hint(for: name, in: recordKeys))
            }
            guard case .scalar(let scalar) = value else {
                throw InputFileError(
                    path: displayPath, line: value.mark?.line, field: "\(field).\(keyScalar.string)",
                    "must be a string, not \(UntrustedYAML.describe(value))")
            }
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { continue }
            values[keyScalar.string] = (scalar.string, value.mark?.line)
        }
        func problem(_ key: String, _ message: String) -> InputFileError {
            InputFileError(path: displayPath, line: values[key]?.line ?? record.mark?.line, field: "\(field).\(key)", message)
        }
        guard let name = values["Node_UserIdent"]?.text else { throw problem("Node_UserIdent", "is required") }
        guard let enode = values["Enode_Url"]?.text else { throw problem("Enode_Url", "is required") }
        do {
            return try ExternalNode(
                validatingName: name, enode: enode, tesseraEndpoint: values["Tm_Url"]?.text, address: values["Node_Acct_Addr"]?.text,
                blockPeriod: values["Istanbul_Block_Period"]?.text, validatorCandidate: values["Validator_Candidate"]?.text,
                raftID: values["Raft_Id"]?.text, raftLearner: values["Raft_Learner"]?.text,
                tesseraTLSFingerprint: values["Tm_Tls_Fingerprint"]?.text)
        } catch {
            throw problem(error.field ?? "Node_UserIdent", error.message)
        }
    }
}
