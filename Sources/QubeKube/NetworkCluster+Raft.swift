import QubeCore

extension NetworkCluster {
    /// Makes the raft cluster hold the other organisations' nodes this network peers with and
    /// `joining`, its own nodes declared after it founded the cluster, and returns the membership
    /// with every change made: each step of
    /// ``RaftMembership/plan(for:)`` runs on the console of the first of the network's own nodes
    /// that answers (a learner cannot add members, so learners are skipped), and `record` is
    /// called after each one, so a run cut short never loses an ID geth handed out.
    ///
    /// `raft.addPeer(url)` (or `raft.addLearner(url)`) returns the node's new raft ID, which the
    /// node then starts with (`--raftjoinexisting <id>`); `raft.promoteToPeer(id)` promotes a
    /// learner; `raft.removePeer(id)` removes a member whose ID stays recorded as removed. An add
    /// that geth refuses because the node is a member already (a run cut short after the add)
    /// takes the ID `raft.cluster` lists for it. With `dryRun` it only logs the steps.
    ///
    /// Call it once the network's nodes run and before the joining nodes start: a deferred
    /// deploy calls it before it applies the joining network's StatefulSets.
    public func syncRaftMembers(
        _ membership: RaftMembership, joining: [ExternalNode] = [], dryRun: Bool, record: (RaftMembership) throws -> Void
    ) throws -> RaftMembership {
        let steps = membership.plan(for: network.externalNodes + joining)
        guard !steps.isEmpty else { return membership }
        let name = network.spec.name
        if dryRun {
            for step in steps { log("dry run: raft cluster of network '\(name)' would \(Self.describe(step))") }
            return membership
        }
        let console = try memberConsole()
        try checkLiveMajority(removing: steps.compactMap { if case .remove(let member) = $0 { member } else { nil } }, on: console)
        var membership = membership
        for step in steps {
            let done: String
            switch step {
            case .add(let node):
                let raftID = try Self.add(node, on: console)
                try membership.record(
                    RaftMembership.Member(name: node.name, nodeID: node.enode.nodeID, raftID: raftID, isLearner: node.isRaftLearner))
                done = " as raft ID \(raftID)"
            case .promote(var member):
                try console.raftPromote(member.raftID)
                member.isLearner = false
                try membership.record(member)
                done = ""
            case .remove(var member):
                try console.raftRemove(member.raftID)
                member.isRemoved = true
                try membership.record(member)
                done = ""
            }
            log("raft: \(Self.describe(step, done: true))\(done), on node '\(console.node)' of network '\(name)'")
            try record(membership)
        }
        return membership
    }

    /// Refuses to remove `members` when the voting members left (learners do not vote) would
    /// have fewer active than the majority raft needs to elect a leader and commit, as
    /// `raft.cluster` on `console` shows them. Members added but never started count towards
    /// the majority and are not active (`Tests/Fixtures/geth/2.7.0/raft-cluster-final.txt`).
    private func checkLiveMajority(removing members: [RaftMembership.Member], on console: GethConsole) throws {
        guard !members.isEmpty else { return }
        let removed = Set(members.map(\.raftID))
        let voting = try console.raftCluster().filter { $0.role != "learner" && !removed.contains($0.raftID) }
        let active = voting.filter(\.isActive).count
        let majority = Consensus.raft.sealingQuorum(validators: voting.count)
        guard active < majority else { return }
        throw ValidationError(
            "raft cluster of network '\(network.spec.name)': removing "
                + members.map { "node '\($0.name)' (raft ID \($0.raftID))" }.joined(separator: ", ")
                + " would leave \(voting.count) voting members with \(active) active, short of the \(majority) the cluster needs "
                + "to elect a leader and commit; start the inactive members, or remove them first")
    }

    /// Adds `node` and returns its new raft ID; when geth refuses because the node is a member
    /// already, the ID `raft.cluster` lists for it.
    private static func add(_ node: ExternalNode, on console: GethConsole) throws(KubeError) -> Int {
        do {
            return try console.raftAdd(node.enode, asLearner: node.isRaftLearner)
        } catch {
            guard case .consoleRefused = error, let listed = try console.raftCluster().first(where: { $0.nodeID == node.enode.nodeID }) else {
                throw error
            }
            return listed.raftID
        }
    }

    /// The console of the first voting node of this network that answers.
    private func memberConsole() throws -> GethConsole {
        let target = try target()
        var unreachable: KubeError?
        // A node that does not answer may be down or restarting; another member can add.
        for node in network.nodes where !node.isRaftLearner {
            let console = GethConsole(client: client, target: target, node: node.name)
            do {
                _ = try console.raftRole()
                return console
            } catch .consoleUnreachable(let context, let member, let detail) {
                unreachable = .consoleUnreachable(context: context, node: member, detail: detail)
            }
        }
        if let unreachable { throw unreachable }
        throw ValidationError("network '\(network.spec.name)' has no voting raft node to add members with (a learner cannot)")
    }

    /// A step in words: "add b-node1 (enode://...) as a peer".
    private static func describe(_ step: RaftStep, done: Bool = false) -> String {
        switch step {
        case .add(let node):
            let how = node.isRaftLearner ? "raft.addLearner" : "raft.addPeer"
            return (done ? "added" : "add") + " node '\(node.name)' (\(how)(\"\(node.enode)\"))"
        case .promote(let member):
            return (done ? "promoted" : "promote") + " learner '\(member.name)', raft ID \(member.raftID) (raft.promoteToPeer)"
        case .remove(let member):
            return (done ? "removed" : "remove") + " node '\(member.name)', raft ID \(member.raftID) (raft.removePeer)"
        }
    }
}
