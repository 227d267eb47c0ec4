import Foundation

/// The raft IDs a raft network knows beyond its founders' static-nodes positions, kept at
/// `keys/<network>/raft-ids.json`, so a re-run neither re-adds nor renumbers a node.
///
/// ```json
/// {
///   "members": [
///     {
///       "learner": false,
///       "name": "b-node1",
///       "nodeId": "<128 hex>",
///       "raftId": 4,
///       "removed": false
///     }
///   ],
///   "founders": ["<128 hex>", ...]
/// }
/// ```
///
/// A network that founds its raft cluster records its founders (their node IDs, in their
/// static-nodes.json order) when it first deploys them: a node it declares later joins the
/// running cluster like another organisation's, added by one of its running members. The key is
/// absent until then (and in a joining network's record).
///
/// A member network records the nodes it added (`raft.addPeer` / `raft.addLearner` on one of its
/// running nodes returns the ID) and those it removed (`raft.removePeer`): a removed ID stays
/// recorded as removed, and a node added again gets the new ID geth gives it (GoQuorum never
/// reuses a raft ID, `Tests/Fixtures/geth/2.7.0/raft-addPeer-removed-node.txt`). A joining
/// network records the IDs its own nodes were given, as the member's exchange records carry them
/// (`Raft_Id`), and refuses another ID for a node that has one. Members are identified by their
/// node ID (the enode's public key), which is what raft knows them by. The file is public and read
/// as untrusted input.
public struct RaftMembership: Equatable, Sendable {
    /// One node with a raft ID.
    public struct Member: Equatable, Sendable {
        /// The node's name, as its owner declared it (for messages).
        public var name: String
        /// The enode's 128 hex digits.
        public var nodeID: String
        public var raftID: Int
        /// Added with `raft.addLearner` and not promoted since.
        public var isLearner: Bool
        /// Removed with `raft.removePeer`; its ID is never given again.
        public var isRemoved: Bool

        public init(name: String, nodeID: String, raftID: Int, isLearner: Bool = false, isRemoved: Bool = false) {
            self.name = name
            self.nodeID = nodeID
            self.raftID = raftID
            self.isLearner = isLearner
            self.isRemoved = isRemoved
        }
    }

    /// Every member recorded, removed ones included, by raft ID.
    public private(set) var members: [Member] = []
    /// The node IDs of the nodes that founded the raft cluster, in static-nodes.json order (their
    /// raft IDs are their positions); empty until the founding network first deploys.
    public var founders: [String] = []

    public init(members: [Member] = [], founders: [String] = []) {
        self.members = members.sorted { $0.raftID < $1.raftID }
        self.founders = founders
    }

    /// The file's name in the network's key directory.
    public static let fileName = "raft-ids.json"
    /// The largest file read: ample for thousands of members.
    static let maximumSize = 4 << 20

    /// The member with `nodeID` that is not removed.
    public func active(nodeID: String) -> Member? {
        members.first { $0.nodeID == nodeID && !$0.isRemoved }
    }

    /// Records `member`: a new ID, or a change of an active member's learner or removed state.
    /// Throws when `member`'s raft ID was recorded for another node, or another active ID for the
    /// same node: raft IDs are never reused and a running node keeps its ID.
    public mutating func record(_ member: Member) throws(ValidationError) {
        if let index = members.firstIndex(where: { $0.raftID == member.raftID }) {
            guard members[index].nodeID == member.nodeID else {
                throw ValidationError(
                    "raft ID \(member.raftID) was given to node '\(members[index].name)' before, not to '\(member.name)'; "
                        + "raft IDs are never reused")
            }
            members[index] = member
            return
        }
        if let held = active(nodeID: member.nodeID), !member.isRemoved {
            throw ValidationError(
                "node '\(member.name)' already has raft ID \(held.raftID), not \(member.raftID); a node's raft ID never changes while "
                    + "its chain data lives (to take a new one, delete the node's volume and its entry in the raft ID record)")
        }
        members.append(member)
        members.sort { $0.raftID < $1.raftID }
    }

    /// What a member network does to make the raft cluster hold the nodes the script declares:
    /// `nodes` are the other organisations' nodes the network now peers with.
    ///
    /// A node that is not an active member and whose record carries no `Raft_Id` (or the ID this
    /// network removed it with) is added (as a learner when its record says so); a node with
    /// another `Raft_Id` was added by another member already and is left alone. A recorded learner whose record no longer asks for a learner is
    /// promoted. An active member the network no longer peers with is removed.
    public func plan(for nodes: [ExternalNode]) -> [RaftStep] {
        var steps: [RaftStep] = []
        let declared = Set(nodes.map(\.enode.nodeID))
        for node in nodes {
            if let member = active(nodeID: node.enode.nodeID) {
                if member.isLearner, !node.isRaftLearner { steps.append(.promote(member)) }
            } else if node.raftID == nil || hasRemoved(node.enode.nodeID, raftID: node.raftID) {
                steps.append(.add(node))
            }
        }
        for member in members where !member.isRemoved && !declared.contains(member.nodeID) { steps.append(.remove(member)) }
        return steps
    }

    /// Whether the node with `nodeID` was removed with `raftID`: a record still carrying that ID
    /// is stale (its owner has not heard yet), and the node is added again with a new one.
    func hasRemoved(_ nodeID: String, raftID: Int?) -> Bool {
        members.contains { $0.nodeID == nodeID && $0.isRemoved && $0.raftID == raftID }
    }

    /// Reads the record, or an empty one when the file does not exist.
    public static func read(from url: URL, displayPath: String) throws(InputFileError) -> RaftMembership {
        let data: Data
        switch OwnFile.read(url.path, limit: maximumSize) {
        case .absent: return RaftMembership()
        case .bytes(let bytes): data = bytes
        case .refused(let why): throw InputFileError(path: displayPath, why)
        }
        try UntrustedJSON.check(data, displayPath: displayPath)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], let list = object["members"] as? [Any],
            Set(object.keys).isSubset(of: ["members", "founders"])
        else {
            throw InputFileError(
                path: displayPath, "must be a JSON object with the key \"members\", a list of raft members, and optionally \"founders\"")
        }
        var membership = RaftMembership()
        if let founders = object["founders"] {
            guard let ids = founders as? [String], !ids.isEmpty, ids.allSatisfy({ $0.utf8.count == 128 && $0.utf8.allSatisfy(HostPort.isHexDigit) }),
                Set(ids).count == ids.count
            else {
                throw InputFileError(path: displayPath, field: "founders", "must be a non-empty list of distinct node IDs of 128 hex digits")
            }
            membership.founders = ids.map { $0.lowercased() }
        }
        for (index, element) in list.enumerated() {
            let field = "members[\(index)]"
            guard let entry = element as? [String: Any], Set(entry.keys) == ["name", "nodeId", "raftId", "learner", "removed"],
                let name = entry["name"] as? String, let nodeID = entry["nodeId"] as? String,
                let raftID = (entry["raftId"] as? NSNumber).flatMap({ UntrustedJSON.isBoolean($0) ? nil : $0.intValue }),
                let learner = (entry["learner"] as? NSNumber).flatMap({ UntrustedJSON.isBoolean($0) ? $0.boolValue : nil }),
                let removed = (entry["removed"] as? NSNumber).flatMap({ UntrustedJSON.isBoolean($0) ? $0.boolValue : nil })
            else {
                throw InputFileError(path: displayPath, field: field, "must be an object of name, nodeId, raftId, learner and removed")
            }
            guard ExternalNode.raftIDs.contains(raftID) else {
                throw InputFileError(path: displayPath, field: "\(field).raftId", "must be from 1 to 65535, got \(raftID)")
            }
            guard nodeID.utf8.count == 128, nodeID.utf8.allSatisfy(HostPort.isHexDigit) else {
                throw InputFileError(path: displayPath, field: "\(field).nodeId", "must be 128 hex digits")
            }
            do {
                try Names.checkDNSLabel(name, field: "name")
                try membership.record(Member(name: name, nodeID: nodeID.lowercased(), raftID: raftID, isLearner: learner, isRemoved: removed))
            } catch {
                throw InputFileError(path: displayPath, field: field, error.message)
            }
        }
        return membership
    }

    /// The file's bytes; the same members give the same bytes.
    public func render() -> Data {
        var object: [String: ChainJSON] = [:]
        if !founders.isEmpty { object["founders"] = .array(founders.map { .string($0) }) }
        object["members"] = .array(
                members.map { member in
                    .object([
                        "name": .string(member.name), "nodeId": .string(member.nodeID), "raftId": .integer(member.raftID),
                        "learner": .bool(member.isLearner), "removed": .bool(member.isRemoved),
                    ])
                })
        return ChainJSON.object(object).data
    }
}

/// One change a member network makes to its raft cluster.
public enum RaftStep: Equatable, Sendable {
    /// `raft.addPeer(url)`, or `raft.addLearner(url)` for a node whose record asks for a learner.
    case add(ExternalNode)
    /// `raft.promoteToPeer(id)`.
    case promote(RaftMembership.Member)
    /// `raft.removePeer(id)`.
    case remove(RaftMembership.Member)
}
