import Foundation
import QubeCore
import QubeKube

/// What every binding of one script run shares: where the script lives, how qube was invoked,
/// the cluster client, and where messages go.
final class ScriptContext {
    /// The directory of the script being run; relative paths resolve against it.
    let scriptDirectory: URL
    /// Whether deploy and destroy only say what they would do (`qube run --dry-run`).
    let isDryRun: Bool
    /// Whether files may be written outside the script's directory tree (`qube run --unsafe`).
    let writesAnywhere: Bool
    /// Whether progress lines are suppressed (`--quiet`).
    let isQuiet: Bool
    /// Makes the cluster client on first use, so offline scripts never look for kubectl.
    private let makeKubeClient: () throws -> any KubeClient
    private var kubeClient: (any KubeClient)?
    /// Writes one line of progress or report to standard error.
    let log: @Sendable (String) -> Void
    /// The object names and NodePorts the script's networks take so far.
    var claims = ClusterClaims()

    init(
        scriptDirectory: URL, isDryRun: Bool, writesAnywhere: Bool, isQuiet: Bool,
        makeKubeClient: @escaping () throws -> any KubeClient, log: @escaping @Sendable (String) -> Void
    ) {
        self.scriptDirectory = scriptDirectory.standardizedFileURL
        self.isDryRun = isDryRun
        self.writesAnywhere = writesAnywhere
        self.isQuiet = isQuiet
        self.makeKubeClient = makeKubeClient
        self.log = log
    }

    /// The cluster client, created on first use.
    func cluster() throws -> any KubeClient {
        if let kubeClient { return kubeClient }
        let client = try makeKubeClient()
        kubeClient = client
        return client
    }

    /// `path` resolved against the script's directory. A path to write must stay inside the
    /// script's directory tree (symbolic links followed) unless qube runs with `--unsafe`.
    func resolve(_ path: String, forWriting: Bool) throws -> URL {
        guard !path.isEmpty else { throw LuaHostError("path must not be empty") }
        guard !path.utf8.contains(0) else { throw LuaHostError("path \(Names.quoted(path, limit: 200)) contains a NUL byte") }
        let url = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : scriptDirectory.appendingPathComponent(path))
            .standardizedFileURL
        if forWriting, !writesAnywhere {
            let root = scriptDirectory.resolvingSymlinksInPath().path
            let target = Self.resolvingExistingAncestors(of: url).path
            guard target == root || target.hasPrefix(root + "/") else {
                throw LuaHostError(
                    "refusing to write \(Names.quoted(path, limit: 200)): it is outside the script's directory \(scriptDirectory.path) (run with --unsafe to allow it)")
            }
        }
        return url
    }

    /// `url` with symbolic links resolved in the longest prefix that exists, so a link inside
    /// the tree cannot point a write outside it.
    private static func resolvingExistingAncestors(of url: URL) -> URL {
        var existing = url
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        return rest.reduce(existing.resolvingSymlinksInPath()) { $0.appendingPathComponent($1) }
    }

    /// Reads the file at `path` (relative to the script), at most `limit` bytes.
    func read(_ path: String, limit: Int) throws -> (url: URL, data: Data) {
        let url = try resolve(path, forWriting: false)
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        guard let size = attributes?[.size] as? Int else { throw LuaHostError("cannot read \(Names.quoted(path, limit: 200)): no such file") }
        guard size <= limit else { throw LuaHostError("\(path): file is \(size) bytes, more than the \(limit) allowed") }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LuaHostError("cannot read \(Names.quoted(path, limit: 200))")
        }
        return (url, data)
    }
}
