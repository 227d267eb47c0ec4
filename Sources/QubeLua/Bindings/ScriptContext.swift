import Foundation
import LuaRuntime
import QubeCore
import QubeKube

/// What every binding of one script run shares: where the script lives, how qube was invoked,
/// the cluster client, and where messages go.
final class ScriptContext {
    /// The directory of the script being run; relative paths resolve against it.
    let scriptDirectory: URL
    /// Whether deploy and destroy only say what they would do (`qube run --dry-run`).
    let isDryRun: Bool
    /// How much the run says (`--quiet`, `--verbose`).
    let verbosity: Verbosity
    /// Whether progress lines are suppressed (`--quiet`).
    var isQuiet: Bool { verbosity == .quiet }
    /// Whether standard error is a terminal, where a phase's progress is one line redrawn in place.
    let isTerminal = isatty(STDERR_FILENO) != 0
    /// The gate of every write of the run; it confines writes to ``scriptDirectory`` unless
    /// qube runs with `--unsafe`, and protects the key stores either way.
    let writeGuard: WriteGuard
    /// Makes the cluster client on first use, so offline scripts never look for kubectl.
    private let makeKubeClient: () throws -> any KubeClient
    private var kubeClient: (any KubeClient)?
    /// Writes one line of progress or report to standard error.
    let log: @Sendable (String) -> Void
    /// The object names and NodePorts the script's networks take so far.
    var claims = ClusterClaims()
    /// The script's file name (`topology.lua`), once it runs.
    var scriptName: String?
    /// The names of the networks the script declared so far.
    var networkNames: Set<String> = []
    /// The deploys the script requested, applied when it ends.
    let deploys = PendingDeploys()

    init(
        scriptDirectory: URL, isDryRun: Bool, writesAnywhere: Bool, verbosity: Verbosity,
        makeKubeClient: @escaping () throws -> any KubeClient, log: @escaping @Sendable (String) -> Void
    ) {
        self.scriptDirectory = scriptDirectory.standardizedFileURL
        self.isDryRun = isDryRun
        self.verbosity = verbosity
        self.writeGuard = WriteGuard(scriptDirectory: scriptDirectory, confinesWrites: !writesAnywhere)
        self.makeKubeClient = makeKubeClient
        self.log = log
    }

    /// Writes a warning: something the user should know, printed even with `--quiet`.
    func warn(_ text: String) {
        log("warning: " + text)
    }

    /// `path` relative to the script's directory when it is inside it, else as it is.
    func displayPath(_ path: String) -> String {
        let prefix = scriptDirectory.path.hasSuffix("/") ? scriptDirectory.path : scriptDirectory.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// The cluster client, created on first use.
    func cluster() throws -> any KubeClient {
        if let kubeClient { return kubeClient }
        let client = try makeKubeClient()
        kubeClient = client
        return client
    }

    /// `path` resolved against the script's directory. A path to write must pass the write
    /// guard's first rule: no symbolic link leads it out of the script's directory, and without
    /// `--unsafe` it stays inside.
    func resolve(_ path: String, forWriting: Bool) throws -> URL {
        guard !path.isEmpty else { throw LuaHostError("path must not be empty") }
        guard !path.utf8.contains(0) else { throw LuaHostError("path \(Names.quoted(path, limit: 200)) contains a NUL byte") }
        let url = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : scriptDirectory.appendingPathComponent(path))
            .standardizedFileURL
        if forWriting {
            do { try writeGuard.check(url) } catch { throw Self.refusal(error, of: path) }
        }
        return url
    }

    /// The file at `path` checked for writing by the write guard.
    func fileForWriting(_ path: String) throws -> WriteGuard.Target {
        let url = try resolve(path, forWriting: true)
        do { return try writeGuard.file(url) } catch { throw Self.refusal(error, of: path) }
    }

    /// The guard's refusal, naming `path` as the script wrote it.
    private static func refusal(_ refusal: WriteGuard.Refusal, of path: String) -> LuaHostError {
        LuaHostError("refusing to \(refusal.action) \(Names.quoted(path, limit: 200)): \(refusal.reason)")
    }

    /// Reads the file at `path` (relative to the script), at most `limit` bytes. A path inside
    /// a key store is refused before a byte is read.
    func read(_ path: String, limit: Int) throws -> (url: URL, data: Data) {
        let url = try resolve(path, forWriting: false)
        do { try writeGuard.checkReadable(url) } catch { throw Self.refusal(error, of: path) }
        var status = stat()
        if stat(url.path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > limit {
            throw LuaHostError("\(path): file is \(status.st_size) bytes, more than the \(limit) allowed")
        }
        let data: Data
        switch OwnFile.read(url.path, limit: limit, followingLinks: true) {
        case .absent: throw LuaHostError("cannot read \(Names.quoted(path, limit: 200)): no such file")
        case .refused(let reason): throw LuaHostError("cannot read: \(Names.quoted(path, limit: 200)) \(reason)")
        case .bytes(let bytes): data = bytes
        }
        return (url, data)
    }
}
