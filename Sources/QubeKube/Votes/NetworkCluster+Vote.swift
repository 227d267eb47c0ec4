import Foundation
import QubeCore
import QubeCrypto

/// How `net:vote` runs.
public struct VoteOptions: Sendable {
    /// Wait until every change is in the set.
    public var wait: Bool
    /// How long waiting may take.
    public var timeout: Duration
    /// Say what would be cast and discarded; cast nothing.
    public var dryRun: Bool

    public init(wait: Bool, timeout: Duration, dryRun: Bool) {
        self.wait = wait
        self.timeout = timeout
        self.dryRun = dryRun
    }
}

/// A vote qube refuses to cast, or a wait that ran out.
public struct VoteError: Error, Equatable, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension NetworkCluster {
    /// Casts this network's validators' votes for `changes` through their own consoles.
    ///
    /// Reads the current set and the sealed votes (every organisation's) from the first local
    /// node that answers, and each live node's own proposals. A local validator casts its vote
    /// (`istanbul.propose` for IBFT and QBFT, `clique.propose` for clique) only where the change
    /// is not in effect and its vote is neither sealed nor proposed already, so a re-run casts
    /// nothing twice. A removal that would leave fewer live validators than the chain needs to
    /// seal blocks is refused before anything is cast. With `wait`, reads the set every
    /// ``consensusPollInterval`` until every change is in it. Once a change is in effect, the local nodes' proposals on it are
    /// discarded: geth keeps proposing them until they are (`Tests/Fixtures/geth/2.7.0/README.md`).
    /// Each change's tally is logged in words. No change asks nothing of the cluster.
    @discardableResult
    public func vote(_ changes: [ValidatorChange], options: VoteOptions) throws -> [VoteTally] {
        let consensus = network.spec.consensus
        guard GethConsole.votingAPI(consensus) != nil else {
            throw VoteError(
                "network '\(network.spec.name)' runs raft, which has no validator votes: its members join and leave the raft cluster "
                    + "(raft.addPeer / raft.removePeer), not the validator set")
        }
        guard !changes.isEmpty else { return [] }
        var seen: [EthereumAddress: ValidatorChange] = [:]
        for change in changes {
            if let other = seen.updateValue(change, forKey: change.address), other.authorize != change.authorize {
                throw VoteError("\(change.name) (\(change.address)) is both added and removed")
            }
        }
        let target = try target()
        var survey = try ChainSurvey.take(of: network, addresses: sealingAddresses, client: client, target: target, timeout: consoleTimeout)
        guard survey.nodes.contains(where: \.isLive) else {
            throw VoteError(
                "no node of network '\(network.spec.name)' answers on its console, so none can vote: "
                    + survey.nodes.map { "\($0.name): \($0.downReason ?? "")" }.joined(separator: "; "))
        }
        try checkLiveMajority(after: changes, survey)
        var proposals: [String: [EthereumAddress: Bool]] = [:]
        for node in survey.nodes where node.isLive { proposals[node.name] = try node.console.proposals(consensus) }

        let verb = options.dryRun ? "would cast" : "cast"
        for change in changes where !change.isDone(in: survey.validators) {
            let sealedBy = Set(survey.sealedVotes.filter { $0.candidate == change.address && $0.authorize == change.authorize }.map(\.validator))
            for voter in survey.localValidators where voter.isLive {
                guard let address = voter.address, !sealedBy.contains(address), proposals[voter.name]?[change.address] != change.authorize
                else { continue }
                if !options.dryRun { try voter.console.propose(change.address, authorize: change.authorize, consensus) }
                proposals[voter.name, default: [:]][change.address] = change.authorize
                step("  \(voter.name): \(verb) its vote to \(change.authorize ? "add" : "remove") \(change.name) (\(change.address))", dryRun: options.dryRun)
            }
        }
        var tallies = changes.map { tally($0, survey, proposals) }
        for tally in tallies { log(tally.words(network: network.spec.name)) }

        if options.wait, !options.dryRun, tallies.contains(where: { !$0.isDone }) {
            let deadline = ContinuousClock.now + options.timeout
            let name = network.spec.name
            let waiting = tallies.filter { !$0.isDone }.count
            let progress = phase(
                "vote \(name): waiting",
                announcement: "vote \(name): waiting for \(counted(waiting, "change")) to take effect in the validator set")
            while tallies.contains(where: { !$0.isDone }) {
                guard ContinuousClock.now < deadline else {
                    throw VoteError(
                        "the validator set did not change within \(options.timeout.components.seconds)s: "
                            + tallies.filter { !$0.isDone }.map { $0.words(network: network.spec.name) }.joined(separator: "; "))
                }
                pause()
                try survey.refreshSet()
                let was = tallies
                tallies = changes.map { tally($0, survey, proposals) }
                for (before, now) in zip(was, tallies) where now != before { detail(now.words(network: network.spec.name)) }
                progress?.update(done: waiting - tallies.filter { !$0.isDone }.count, of: waiting)
            }
            progress?.finish(
                "vote \(name): \(counted(waiting, "change")) in effect, the validator set now has \(tallies.first?.setSize ?? 0) "
                    + "(\(PhaseProgress.duration(progress?.elapsed ?? 0)))")
        }

        let discardVerb = options.dryRun ? "would discard" : "discarded"
        for change in changes where change.isDone(in: survey.validators) {
            for node in survey.nodes where node.isLive && proposals[node.name]?[change.address] != nil {
                if !options.dryRun { try node.console.discard(change.address, consensus) }
                proposals[node.name]?[change.address] = nil
                step("  \(node.name): \(discardVerb) its proposal on \(change.name), now pointless", dryRun: options.dryRun)
            }
        }
        return tallies
    }

    /// One node's vote or discard: the plan of a dry run, shown unless quiet; a done step,
    /// detail shown when verbose.
    private func step(_ line: String, dryRun: Bool) {
        if dryRun { log(line) } else { detail(line) }
    }

    /// How long one console call of a vote or a status may take.
    var consoleTimeout: Duration { .seconds(30) }

    /// The tally of `change` from the sealed votes and the local nodes' proposals.
    private func tally(_ change: ValidatorChange, _ survey: ChainSurvey, _ proposals: [String: [EthereumAddress: Bool]]) -> VoteTally {
        let set = Set(survey.validators)
        var voters = Set(
            survey.sealedVotes.filter { $0.candidate == change.address && $0.authorize == change.authorize && set.contains($0.validator) }
                .map(\.validator))
        var down: [String] = []
        for voter in survey.localValidators {
            guard let address = voter.address else { continue }
            if proposals[voter.name]?[change.address] == change.authorize { voters.insert(address) }
            if !voter.isLive, !voters.contains(address) { down.append(voter.name) }
        }
        let local = Set(survey.nodes.compactMap(\.address))
        return VoteTally(
            change: change, isDone: change.isDone(in: survey.validators), setSize: survey.validators.count,
            local: voters.intersection(local).count, others: voters.subtracting(local).count, downVoters: down)
    }

    /// Refuses removals that would leave the set with fewer live validators than it needs to
    /// seal blocks. A local validator is live when its console answers; other organisations'
    /// validators, whose consoles qube cannot reach, count as live.
    private func checkLiveMajority(after changes: [ValidatorChange], _ survey: ChainSurvey) throws {
        let removed = Set(changes.filter { !$0.authorize && !$0.isDone(in: survey.validators) }.map(\.address))
        guard !removed.isEmpty else { return }
        let remaining = survey.validators.filter { !removed.contains($0) }
        let downInSet = survey.localValidators.filter { !$0.isLive && $0.address.map { !removed.contains($0) } ?? false }
        let live = remaining.count - downInSet.count
        let names = changes.filter { removed.contains($0.address) }.map(\.name).joined(separator: ", ")
        guard !remaining.isEmpty else {
            throw VoteError("removing \(names) would leave the chain without validators")
        }
        let sealing = network.spec.consensus.sealingQuorum(validators: remaining.count)
        guard live >= sealing else {
            throw VoteError(
                "removing \(names) would leave \(remaining.count) validators, \(live) of them live, fewer than the \(sealing) "
                    + "the chain needs to seal blocks"
                    + (downInSet.isEmpty ? "" : " (down: \(downInSet.map(\.name).joined(separator: ", ")))")
                    + "; bring the down validators back first")
        }
    }
}
