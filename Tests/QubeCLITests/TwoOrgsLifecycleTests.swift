import Foundation
import Testing

/// The lifecycle of docs/two-orgs.md ("The whole lifecycle, in script form"), run as written:
/// its scripts and edits, its `qube run` commands against the fake kubectl whose clusters keep
/// what is applied and whose nodes run one IBFT chain that follows the votes cast (`chain`
/// mode), and the output it shows, compared with what qube prints (addresses and hashes, which
/// random keys make, masked). `QUBE_UPDATE_DOCS=1` writes the output into the document instead.
@Suite struct TwoOrgsLifecycleTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/two-orgs.md").standardizedFileURL
    static let heading = "## The whole lifecycle, in script form"

    /// One step of the section: a file written, a file edited, or commands run.
    enum Step {
        case write(file: String, text: String)
        /// Hunks of a diff without headers (` ` context, `-` removed, `+` added), `@@` between them.
        case edit(file: String, hunks: [(old: String, new: String)])
        /// `$ qube run <args>` lines, each with the output the document shows under it; `range`
        /// is the block's lines in the document.
        case run(commands: [(arguments: [String], output: String)], range: Range<Int>)
    }

    /// The steps of the lifecycle section of `lines`, in order.
    static func steps(_ lines: [String]) throws -> [Step] {
        let start = try #require(lines.firstIndex(of: heading))
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("## ") } ?? lines.count
        var steps: [Step] = []
        var index = start
        while index < end {
            let line = lines[index]
            index += 1
            guard line.hasPrefix("<!-- lifecycle: "), line.hasSuffix(" -->") else { continue }
            let words = line.dropFirst("<!-- lifecycle: ".count).dropLast(" -->".count).split(separator: " ").map(String.init)
            #expect(lines[index].hasPrefix("```"), "line \(index + 1): a lifecycle marker must precede a code block")
            let body = index + 1
            let close = try #require(lines[body...].firstIndex(of: "```"))
            let block = Array(lines[body..<close])
            index = close + 1
            switch words.first {
            case "write": steps.append(.write(file: words[1], text: block.map { $0 + "\n" }.joined()))
            case "edit":
                let hunks = block.split(separator: "@@").map { hunk in
                    (old: hunk.filter { !$0.hasPrefix("+") }.map { String($0.dropFirst()) + "\n" }.joined(),
                        new: hunk.filter { !$0.hasPrefix("-") }.map { String($0.dropFirst()) + "\n" }.joined())
                }
                steps.append(.edit(file: words[1], hunks: hunks))
            case "run":
                var commands: [(arguments: [String], output: String)] = []
                for text in block {
                    if text.hasPrefix("$ qube run ") {
                        commands.append((text.dropFirst("$ qube ".count).split(separator: " ").map(String.init), ""))
                    } else {
                        try #require(!commands.isEmpty, "line \(body + 1): output before the first command")
                        commands[commands.count - 1].output += text + "\n"
                    }
                }
                steps.append(.run(commands: commands, range: body..<close))
            default: Issue.record("line \(index): unknown lifecycle marker \(line)")
            }
        }
        return steps
    }

    /// `text` with what random keys and the clock make masked: addresses, node ids, hashes, and
    /// the seconds a phase took (a roll waits on each pod).
    static func masked(_ text: String) -> String {
        text.replacingOccurrences(of: "0x[0-9a-fA-F]{40}", with: "0x…", options: .regularExpression)
            .replacingOccurrences(of: "[0-9a-f]{64,}", with: "…", options: .regularExpression)
            .replacingOccurrences(of: "\\([0-9]+s\\)", with: "(…s)", options: .regularExpression)
    }

    @Test func theDocumentedLifecycleRunsAsShownAndRestartsNoPod() throws {
        let cluster = try ConvergeTests.Cluster(contexts: ["cluster-a", "cluster-b"], scenario: ["chain": ""])
        var lines = try String(contentsOf: Self.document, encoding: .utf8).components(separatedBy: "\n")
        let update = ProcessInfo.processInfo.environment["QUBE_UPDATE_DOCS"] == "1"
        var replacements: [(range: Range<Int>, lines: [String])] = []
        var runs: Set<String> = []
        for step in try Self.steps(lines) {
            switch step {
            case .write(let file, let text):
                try cluster.qube.write(file, text)
            case .edit(let file, let hunks):
                var text = String(decoding: try #require(cluster.qube.read(file)), as: UTF8.self)
                for hunk in hunks {
                    try #require(text.components(separatedBy: hunk.old).count == 2, "\(file): the edit's lines are not in it once:\n\(hunk.old)")
                    text = text.replacingOccurrences(of: hunk.old, with: hunk.new)
                }
                try cluster.qube.write(file, text)
            case .run(let commands, let range):
                var shown: [String] = []
                for command in commands {
                    runs.insert(command.arguments.last ?? "")
                    let result = try cluster.run(Array(command.arguments.dropFirst()), quiet: false)
                    #expect(result.status == 0, "\(command.arguments): \(result.standardError)")
                    let output = result.standardOutput + result.standardError
                    if !update { #expect(Self.masked(output) == Self.masked(command.output), "qube \(command.arguments.joined(separator: " "))") }
                    shown += ["$ qube " + command.arguments.joined(separator: " ")] + output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
                }
                replacements.append((range, shown))
            }
        }
        if update {
            for replacement in replacements.reversed() { lines.replaceSubrange(replacement.range, with: replacement.lines) }
            try Data(lines.joined(separator: "\n").utf8).write(to: Self.document)
        }

        // Each StatefulSet was created once, none rolled; b-node1 was deleted at the end. A Tessera
        // TLS trust change restarts only tessera containers (TesseraTrustReload), no pod.
        let statefulSets = cluster.changes.filter { $0["kind"] as? String == "StatefulSet" }
        let created = statefulSets.filter { $0["created"] as? Bool == true }.compactMap { $0["name"] as? String }
        #expect(created.sorted() == ["a-node1", "a-node2", "a-node3", "b-node1", "b-node2"])
        let rolled = statefulSets.filter { $0["rolled"] as? Bool == true || $0["specChanged"] as? Bool == true }.compactMap { $0["name"] as? String }
        #expect(rolled.isEmpty, "\(statefulSets)")
        #expect(statefulSets.filter { $0["deleted"] as? Bool == true }.compactMap { $0["name"] as? String } == ["b-node1"])

        // Running both scripts again changes nothing.
        let before = cluster.changes.count
        for script in runs.sorted().reversed() {
            let result = try cluster.run([script])
            #expect(result.status == 0, "\(script): \(result.standardError)")
        }
        #expect(cluster.changes.count == before, "a re-run changed \(cluster.changes.dropFirst(before))")
    }
}
