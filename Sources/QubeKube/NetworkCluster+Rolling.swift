import Foundation
import QubeCore
import QubeCrypto

/// The members a roll is bounded by: the chain's validators, or a raft cluster's voting
/// members, and how many of them may be down at once.
struct ChainBound {
    /// The chain's validators (or clique signers), other organisations' included; empty for raft.
    var validators: [EthereumAddress]
    /// How many take part in consensus: the validators, or the raft cluster's voting members
    /// (every organisation's; learners do not vote).
    var size: Int
    /// How many of them may be down at once (``Consensus/faultTolerance(validators:)``).
    var tolerance: Int
    /// Where the set was read: a running node, or the genesis before the chain runs.
    var source: String
    /// What the members are, in a message.
    var noun: String { validators.isEmpty ? "raft members" : "validators" }
}

extension NetworkCluster {
    /// Whether a node takes part in consensus: a validator (every raft node is a voting member).
    func isVoting(_ node: NodeSpec) -> Bool { network.spec.consensus == .raft || node.isValidator }

    /// Applies the StatefulSets named in `restarting`, whose pods restart: the members together,
    /// then the validators one at a time, each applied only when no more than the chain tolerates
    /// would be down with it, and each ready and back in consensus, its chain past the height it
    /// had before, before the next. The nodes named in `starting` ran no pod (a raft joiner that
    /// awaited its raft ID): they start for the first time, and are said to. The whole roll is
    /// one phase (``phase(_:announcement:)``); each node's step is detail. Returns the API
    /// server's answers to the applies.
    func roll(
        _ restarting: [RenderedManifests.Object], of manifests: RenderedManifests, bound: ChainBound?, starting: Set<String>,
        in target: KubeTarget, options: DeployOptions, deadline: ContinuousClock.Instant
    ) throws(KubeError) -> [ObjectVersion] {
        guard !restarting.isEmpty else { return [] }
        let voting = Set(localNodes.filter(isVoting).map { ResourceNames.statefulSet($0.name) })
        let members = restarting.filter { !voting.contains($0.reference.name) }
        let validators = restarting.filter { voting.contains($0.reference.name) }
        let (progress, summary) = rollPhase(restarts: restarting.count - starting.count, starts: starting.count)
        var done = 0
        var answers: [ObjectVersion] = []
        if !members.isEmpty {
            let names = members.map(\.reference.name)
            let restarted = names.filter { !starting.contains($0) }, started = names.filter { starting.contains($0) }
            if !restarted.isEmpty { detail("restarting non-validator nodes together: \(restarted.joined(separator: ", "))") }
            if !started.isEmpty { detail("starting nodes for the first time, together: \(started.joined(separator: ", "))") }
            answers += try client.applied(RenderedManifests.stream(of: members), to: target, forceConflicts: options.force)
            for member in members {
                try waitForNode(member.reference.name, in: target, deadline: deadline, above: nil)
                done += 1
                progress?.update(done: done, of: restarting.count)
            }
        }
        for validator in validators {
            let node = validator.reference.name
            let height: Int?
            if starting.contains(node) {
                height = nil
                detail("starting node '\(node)' for the first time" + (network.spec.consensus == .raft ? ", now that it has its raft ID" : ""))
            } else {
                if let bound { try awaitRoomToRestart(node, of: manifests, bound: bound, in: target, deadline: deadline) }
                height = try? GethConsole(client: client, target: target, node: node).blockNumber()
                detail("restarting \(network.spec.consensus == .raft ? "raft member" : "validator") '\(node)'" + (height.map { " at block \($0)" } ?? ""))
            }
            answers += try client.applied(RenderedManifests.stream(of: [validator]), to: target, forceConflicts: options.force)
            try waitForNode(node, in: target, deadline: deadline, above: height)
            done += 1
            progress?.update(done: done, of: restarting.count)
        }
        progress?.finish(summary + " (\(PhaseProgress.duration(progress?.elapsed ?? 0)))")
        return answers
    }

    /// The roll's phase and its summary line: `deploy org-a: restarting 4 nodes whose spec
    /// changed` ... `deploy org-a: 4 nodes restarted, ready and in consensus`; a node that ran
    /// no pod is started, not restarted.
    private func rollPhase(restarts: Int, starts: Int) -> (PhaseProgress?, String) {
        let name = network.spec.name
        var doing: [String] = [], done: [String] = []
        if restarts > 0 {
            doing.append("restarting \(counted(restarts, "node")) whose spec changed")
            done.append("\(counted(restarts, "node")) restarted")
        }
        if starts > 0 {
            let why = network.spec.consensus == .raft ? ", now that \(starts == 1 ? "it has its" : "they have their") raft ID" : ""
            doing.append("starting \(counted(starts, "node")) for the first time\(why)")
            done.append("\(counted(starts, "node")) started")
        }
        let progress = phase("deploy \(name): \(restarts > 0 ? "restarting" : "starting")", announcement: "deploy \(name): " + doing.joined(separator: ", "))
        return (progress, "deploy \(name): " + done.joined(separator: ", ") + ", ready and in consensus")
    }

    /// The chain's validator set as a running local validator reports it; for raft, the voting
    /// members `raft.cluster` lists on a running local member. Nil while no local node answers
    /// (the chain does not run yet, or its local nodes are down).
    func liveChainBound(in target: KubeTarget) -> ChainBound? {
        let consensus = network.spec.consensus
        guard consensus.hasValidators else {
            for node in localNodes where !node.isRaftLearner {
                guard let members = try? GethConsole(client: client, target: target, node: node.name).raftCluster(), !members.isEmpty else { continue }
                let voting = members.filter { $0.role != "learner" }.count
                return ChainBound(validators: [], size: voting, tolerance: consensus.faultTolerance(validators: voting), source: "node '\(node.name)'")
            }
            return nil
        }
        for node in localNodes where node.isValidator {
            if let set = try? GethConsole(client: client, target: target, node: node.name).validators(consensus), !set.isEmpty {
                return ChainBound(
                    validators: set, size: set.count, tolerance: consensus.faultTolerance(validators: set.count), source: "node '\(node.name)'")
            }
        }
        return nil
    }

    /// The genesis extraData's validator set in `tree/genesis.json`, the bound before the chain
    /// runs; nil for raft, whose genesis names no members.
    func genesisChainBound(tree: URL) throws(KubeError) -> ChainBound? {
        let consensus = network.spec.consensus
        guard consensus.hasValidators else { return nil }
        let path = tree.appendingPathComponent(ChainFileNames.genesis).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .renderedTree(path: path, problem: "cannot be read for the chain's validator set; run render first")
        }
        let set: [EthereumAddress]
        do {
            set = try ImportedGenesis(data: data, path: path).validators
        } catch {
            throw .renderedTree(path: path, problem: "its validator set cannot be read: \(error.message)")
        }
        return ChainBound(validators: set, size: set.count, tolerance: consensus.faultTolerance(validators: set.count), source: "the genesis")
    }

    /// Waits until restarting `node` leaves no more validators down than `bound` tolerates (one,
    /// when it tolerates none: the chain pauses then, as deploy said before it began).
    private func awaitRoomToRestart(
        _ node: String, of manifests: RenderedManifests, bound: ChainBound, in target: KubeTarget, deadline: ContinuousClock.Instant
    ) throws(KubeError) {
        while true {
            let down =
                bound.validators.isEmpty
                ? downRaftMembers(except: node, of: manifests, in: target)
                : downValidators(bound, of: manifests, in: target).filter { $0 != sealingAddress(of: node, in: manifests) }.map(\.description)
            if down.count + 1 <= max(bound.tolerance, 1) { return }
            guard ContinuousClock.now < deadline else {
                throw .tooManyValidatorsDown(
                    context: target.context, node: node,
                    tally: "\(down.count) of the chain's \(bound.size) \(bound.noun) already down "
                        + "(\(down.joined(separator: ", "))), and the chain tolerates \(bound.tolerance) down at once")
            }
            pause()
        }
    }

    /// The raft cluster's voting members that are not active, as a running local member's
    /// `raft.cluster` lists them (`node`, still up, may be the one asked), `node` aside: each as
    /// `raft ID <id> (<hostname>)`. When no local member answers, every other local voting node
    /// counts as down.
    private func downRaftMembers(except node: String, of manifests: RenderedManifests, in target: KubeTarget) -> [String] {
        let own = manifests.object(ObjectReference(kind: "StatefulSet", name: node))?.annotation(NodeAnnotations.nodeID)
        for member in localNodes where !member.isRaftLearner {
            guard let listed = try? GethConsole(client: client, target: target, node: member.name).raftCluster() else { continue }
            return listed.filter { $0.role != "learner" && !$0.isActive && $0.nodeID != own }.map { "raft ID \($0.raftID) (\($0.hostname))" }
        }
        return localNodes.filter { !$0.isRaftLearner && $0.name != node }.map(\.name)
    }

    /// The chain's validators not seen live: a local validator is live when its console answers;
    /// another organisation's IBFT or QBFT validator when a local node is connected to it (its
    /// address is its node key's). Clique signers sign with their account, which a peer
    /// connection does not show, so other organisations' signers count as live.
    private func downValidators(_ bound: ChainBound, of manifests: RenderedManifests, in target: KubeTarget) -> [EthereumAddress] {
        var live: Set<EthereumAddress> = []
        var localValidators: Set<EthereumAddress> = []
        for node in localNodes {
            let address = sealingAddress(of: ResourceNames.statefulSet(node.name), in: manifests)
            if node.isValidator, let address { localValidators.insert(address) }
            guard let peers = try? GethConsole(client: client, target: target, node: node.name).peerIDs() else { continue }
            if let address { live.insert(address) }
            for peer in peers {
                guard let key = try? Hex.decode(peer), key.count == 64 else { continue }
                live.insert(EthereumAddress(publicKey: key))
            }
        }
        let observable = network.spec.consensus != .clique
        return bound.validators.filter { !live.contains($0) && (observable || localValidators.contains($0)) }
    }

    /// The address a node seals with, from its rendered StatefulSet's annotation.
    private func sealingAddress(of statefulSet: String, in manifests: RenderedManifests) -> EthereumAddress? {
        manifests.object(ObjectReference(kind: "StatefulSet", name: statefulSet))?.annotation(NodeAnnotations.validatorAddress)
            .flatMap { try? EthereumAddress(validating: $0) }
    }
}
