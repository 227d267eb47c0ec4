import QubeCore

/// What one deploy changed, as the cluster tells it: "N objects: C changed, U unchanged, P
/// pruned", and the changed (created counted among them) and pruned objects by kind/name.
struct DeploySummary {
    /// How many objects the rendered tree holds (the inventory ConfigMap, qube's own record, is
    /// not counted).
    var total: Int
    /// The objects the apply created, in tree order.
    var created: [ObjectReference]
    /// The existing objects the apply changed, in tree order.
    var changed: [ObjectReference]
    /// The objects deleted because the script no longer declares them.
    var pruned: [ObjectReference]

    /// The summary of an apply: an object changed when the API server answered it with another
    /// `resourceVersion` than it had before (the last of its answers counts).
    init(objects: [ObjectReference], before: [ObjectReference: ObjectVersion], after answers: [ObjectVersion], pruned: [ObjectReference]) {
        let after = Dictionary(answers.map { ($0.reference, $0.metadata.resourceVersion) }) { _, last in last }
        total = objects.count
        created = objects.filter { before[$0] == nil && after[$0] != nil }
        changed = objects.filter { reference in
            guard let old = before[reference], let new = after[reference] else { return false }
            return old.metadata.resourceVersion != new
        }
        self.pruned = pruned
    }

    /// The summary of a dry run, from `kubectl diff`'s output: an object changes when the diff
    /// has a file for it (`<group.version>.<Kind>.<namespace>.<name>`, cluster-scoped objects
    /// without the namespace), and is created when that file's live side is empty.
    init(objects: [ObjectReference], diff: String, namespace: String, pruned: [ObjectReference]) {
        var hunks: [String: String] = [:]
        var file: String?
        for line in diff.split(separator: "\n") {
            if line.hasPrefix("diff "), let path = line.split(separator: " ").last {
                let name = String(path.split(separator: "/").last ?? path)
                file = name
                hunks[name] = ""
            } else if line.hasPrefix("@@"), let current = file, hunks[current] == "" {
                hunks[current] = String(line)
            }
        }
        func firstHunk(of reference: ObjectReference) -> String? {
            let suffix = reference.kind == "Namespace" ? ".Namespace.\(reference.name)" : ".\(reference.kind).\(namespace).\(reference.name)"
            return hunks.first { $0.key.hasSuffix(suffix) }?.value
        }
        total = objects.count
        created = objects.filter { firstHunk(of: $0)?.hasPrefix("@@ -0,0 ") == true }
        changed = objects.filter { reference in firstHunk(of: reference).map { !$0.hasPrefix("@@ -0,0 ") } ?? false }
        self.pruned = pruned
    }

    /// "N objects: C changed, U unchanged, P pruned".
    var headline: String {
        let touched = created.count + changed.count
        return "\(total) objects: \(touched) changed, \(total - touched) unchanged, \(pruned.count) pruned"
    }

    /// Whether the deploy created every object and changed none: the network's first.
    var isFirstDeploy: Bool { created.count == total && changed.isEmpty && pruned.isEmpty }

    /// One line per created, changed and pruned object; on a network's first deploy, unless
    /// `itemizingCreation`, one line counting the created objects by kind instead (every
    /// object is new, and a line per object of a large network would bury the summary).
    func details(itemizingCreation: Bool) -> [String] {
        guard isFirstDeploy, !itemizingCreation else {
            return created.map { "  created \($0)" } + changed.map { "  changed \($0)" } + pruned.map { "  pruned \($0)" }
        }
        var kinds: [String] = []
        var counts: [String: Int] = [:]
        for reference in created {
            let kind = reference.kind.lowercased()
            if counts[kind] == nil { kinds.append(kind) }
            counts[kind, default: 0] += 1
        }
        guard !kinds.isEmpty else { return [] }
        return ["  created " + kinds.map { kind in counted(counts[kind] ?? 0, kind) }.joined(separator: ", ")]
    }
}
