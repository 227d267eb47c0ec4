/// Where one validator change stands: the votes cast for it against the votes it needs.
///
/// A vote passes when more than half of the current set voted for it (GoQuorum 2.7.0
/// `consensus/istanbul/backend/snapshot.go`: `tally.Votes > ValSet.Size()/2`;
/// `consensus/clique/snapshot.go`: `tally.Votes > len(snap.Signers)/2`), so `needed` is
/// ⌊n/2⌋+1 of the current set's n.
public struct VoteTally: Equatable, Sendable {
    public var change: ValidatorChange
    /// Whether the set already is as the change wants it.
    public var isDone: Bool
    /// The size of the current set.
    public var setSize: Int
    /// Votes for the change cast by this network's validators: sealed, or proposed and waiting
    /// for a block their validator seals.
    public var local: Int
    /// Votes for the change sealed by other organisations' validators.
    public var others: Int
    /// This network's validators that are down and have not voted.
    public var downVoters: [String]

    /// The votes that pass the change.
    public var needed: Int { Self.needed(ofSetOf: setSize) }
    /// Every vote cast for the change.
    public var cast: Int { local + others }

    /// The votes that pass a change of a set of `size` validators.
    public static func needed(ofSetOf size: Int) -> Int { size / 2 + 1 }

    /// The tally in words, as a script's user reads it:
    /// `b-node1: 3 of 4 votes needed (3 from two-orgs-a cast; 1 more from another organisation)`,
    /// and once enough are cast, `b-node1: 4 votes cast, 3 needed (...; enough: ...)`.
    public func words(network: String) -> String {
        let candidate = change.authorize ? change.name : "removing \(change.name)"
        if isDone {
            return "\(change.name): " + (change.authorize ? "a validator" : "not a validator") + " (set of \(setSize))"
        }
        var parts = ["\(local) from \(network) cast"]
        if others > 0 { parts[0] += ", \(others) from " + (others == 1 ? "another organisation" : "other organisations") }
        let missing = needed - cast
        if missing <= 0 {
            parts.append("enough: the set changes once the votes are sealed")
        } else {
            parts.append("\(missing) more from " + (missing == 1 ? "another organisation" : "other organisations"))
        }
        if !downVoters.isEmpty { parts.append(downVoters.joined(separator: ", ") + (downVoters.count == 1 ? " is" : " are") + " down") }
        let count = missing <= 0 ? "\(cast) votes cast, \(needed) needed" : "\(cast) of \(needed) votes needed"
        return "\(candidate): \(count) (\(parts.joined(separator: "; ")))"
    }
}
