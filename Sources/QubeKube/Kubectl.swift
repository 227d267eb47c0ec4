import Foundation
import QubeCore

/// The ``KubeClient`` that runs the kubectl binary: argv as a list (never a shell), manifests on
/// stdin, JSON on stdout, and `--context` (plus `--namespace` for namespaced calls) on every call.
public struct Kubectl: KubeClient {
    /// The field manager of every server-side apply, so qube owns exactly the fields it sets.
    public static let fieldManager = "qube"

    /// The kubectl binary.
    public let executable: URL
    /// How long one call may run (a rollout wait gets its own timeout on top).
    public let callTimeout: Duration

    public init(executable: URL, callTimeout: Duration = .seconds(120)) {
        self.executable = executable
        self.callTimeout = callTimeout
    }

    /// Finds kubectl: `QUBE_KUBECTL` when set, else the first executable `kubectl` on `PATH`.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(KubeError) -> Kubectl {
        if let path = environment["QUBE_KUBECTL"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw .kubectlNotFound("QUBE_KUBECTL=\(path) is not an executable file")
            }
            return Kubectl(executable: URL(fileURLWithPath: path))
        }
        let directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in directories where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent("kubectl")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return Kubectl(executable: candidate) }
        }
        throw .kubectlNotFound("not on PATH")
    }

    public func currentContext() throws(KubeError) -> String {
        let result = try run(["config", "current-context"])
        guard result.status == 0 else { throw .noCurrentContext(Self.summarize(result.stderr)) }
        return String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func contexts() throws(KubeError) -> [String] {
        let result = try run(["config", "get-contexts", "-o", "name"])
        guard result.status == 0 else {
            throw .kubectlFailed("kubectl config get-contexts failed: \(Self.summarize(result.stderr))")
        }
        return String(decoding: result.stdout, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
    }

    public func apply(_ manifests: Data, to target: KubeTarget, forceConflicts: Bool, dryRun: Bool) throws(KubeError) -> Data {
        let arguments =
            ["apply"] + Self.scope(target) + ["--server-side", "--field-manager=\(Self.fieldManager)"]
            + (forceConflicts ? ["--force-conflicts"] : []) + (dryRun ? ["--dry-run=server"] : []) + ["-o", "json", "-f", "-"]
        let result = try run(arguments, input: manifests)
        guard result.status == 0 else {
            let stderr = String(decoding: result.stderr, as: UTF8.self)
            if Self.isUnreachable(stderr) { throw .unreachable(context: target.context, detail: Self.summarize(result.stderr)) }
            if stderr.contains("Apply failed with") {
                throw .conflict(context: target.context, detail: Self.summarize(result.stderr))
            }
            throw .rejected(context: target.context, action: "server-side apply", detail: Self.summarize(result.stderr))
        }
        return result.stdout
    }

    public func diff(_ manifests: Data, against target: KubeTarget) throws(KubeError) -> String? {
        let arguments = ["diff"] + Self.scope(target) + ["--server-side", "--field-manager=\(Self.fieldManager)", "-f", "-"]
        let result = try run(arguments, input: manifests)
        switch result.status {
        case 0: return nil
        case 1: return String(decoding: result.stdout, as: UTF8.self)
        default: throw Self.failure(result, target: target, action: "kubectl diff")
        }
    }

    public func getJSON(_ query: KubeQuery, in target: KubeTarget) throws(KubeError) -> Data? {
        let ignoreMissing = if case .named = query { ["--ignore-not-found"] } else { [String]() }
        let arguments = ["get"] + Self.scope(target) + Self.selection(query) + ignoreMissing + ["-o", "json"]
        let result = try run(arguments)
        guard result.status == 0 else { throw Self.failure(result, target: target, action: "get \(query.resources)") }
        if case .named = query, result.stdout.allSatisfy({ $0 == 0x20 || $0 == 0x0A }) { return nil }
        return result.stdout
    }

    public func nodesJSON(context: String) throws(KubeError) -> Data {
        let result = try run(["get", "--context=\(context)", "nodes", "-o", "json"])
        guard result.status == 0 else {
            throw Self.failure(result, target: KubeTarget(context: context, namespace: ""), action: "get nodes")
        }
        return result.stdout
    }

    public func delete(_ query: KubeQuery, in target: KubeTarget, dryRun: Bool) throws(KubeError) -> String {
        let arguments = ["delete"] + Self.scope(target) + Self.selection(query) + ["--ignore-not-found", "--wait=false"]
            + (dryRun ? ["--dry-run=server"] : [])
        let result = try run(arguments)
        guard result.status == 0 else { throw Self.failure(result, target: target, action: "delete \(query.resources)") }
        return String(decoding: result.stdout, as: UTF8.self)
    }

    public func waitForRollout(
        ofStatefulSet name: String, in target: KubeTarget, timeout: Duration, progress: @escaping @Sendable (String) -> Void
    ) throws(KubeError) {
        let seconds = max(1, timeout.components.seconds)
        let arguments = ["rollout", "status"] + Self.scope(target) + ["statefulset/\(name)", "--timeout=\(seconds)s"]
        let result = try run(arguments, timeout: timeout + callTimeout, onLine: progress)
        guard result.status == 0 else {
            let stderr = String(decoding: result.stderr, as: UTF8.self)
            if Self.isUnreachable(stderr) { throw .unreachable(context: target.context, detail: Self.summarize(result.stderr)) }
            throw .rolloutIncomplete(context: target.context, statefulSet: name, detail: Self.summarize(result.stderr))
        }
    }

    public func exec(_ command: [String], inPod pod: String, container: String, in target: KubeTarget, timeout: Duration)
        throws(KubeError) -> ExecResult
    {
        let arguments = ["exec"] + Self.scope(target) + [pod, "--container=\(container)", "--"] + command
        let result = try run(arguments, timeout: timeout)
        let stderr = String(decoding: result.stderr, as: UTF8.self)
        // kubectl's own failures come before the command runs; the command's status passes through.
        if stderr.hasPrefix("Error from server") || stderr.hasPrefix("error: ") || Self.isUnreachable(stderr) {
            throw Self.failure(result, target: target, action: "exec in pod \(pod)")
        }
        return ExecResult(status: result.status, stdout: String(decoding: result.stdout, as: UTF8.self), stderr: stderr)
    }

    /// Runs kubectl, turning a failure to start or a timeout into a ``KubeError``.
    private func run(
        _ arguments: [String], input: Data? = nil, timeout: Duration? = nil, onLine: (@Sendable (String) -> Void)? = nil
    ) throws(KubeError) -> ProcessResult {
        let result: ProcessResult
        do {
            result = try ProcessRunner.run(executable, arguments, input: input, timeout: timeout ?? callTimeout, onLine: onLine)
        } catch {
            throw .kubectlNotFound("cannot run \(executable.path): \(error.localizedDescription)")
        }
        if result.timedOut {
            throw .kubectlFailed("kubectl \(arguments.prefix(2).joined(separator: " ")) did not finish within \(timeout ?? callTimeout)")
        }
        return result
    }

    /// `--context` and `--namespace`, in the `--flag=value` form so no value can pass for a flag.
    private static func scope(_ target: KubeTarget) -> [String] {
        ["--context=\(target.context)", "--namespace=\(target.namespace)"]
    }

    private static func selection(_ query: KubeQuery) -> [String] {
        switch query {
        case .named(let references): references.map(\.description)
        case .selected(let resources, let selector): [resources.joined(separator: ","), "-l", selector]
        }
    }

    private static func failure(_ result: ProcessResult, target: KubeTarget, action: String) -> KubeError {
        let stderr = String(decoding: result.stderr, as: UTF8.self)
        if isUnreachable(stderr) { return .unreachable(context: target.context, detail: summarize(result.stderr)) }
        return .rejected(context: target.context, action: action, detail: summarize(result.stderr))
    }

    /// Whether kubectl's complaint is about reaching the API server rather than about a request.
    private static func isUnreachable(_ stderr: String) -> Bool {
        [
            "The connection to the server", "Unable to connect to the server", "dial tcp", "no such host",
            "connection refused", "i/o timeout", "TLS handshake timeout",
        ].contains { stderr.contains($0) }
    }

    /// kubectl's stderr cut to a few lines, with anything that looks like key material blanked:
    /// an error about a Secret must not put its data on the terminal.
    static func summarize(_ stderr: Data) -> String {
        let lines = String(decoding: stderr, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return "no error message" }
        let shown = lines.prefix(4).map { line -> String in
            let redacted = redactKeyMaterial(line)
            return redacted.count > 300 ? String(redacted.prefix(300)) + "…" : redacted
        }
        return shown.joined(separator: "; ") + (lines.count > 4 ? " (+\(lines.count - 4) more lines)" : "")
    }

    /// Replaces every run of 32 or more base64 or hex characters with `<redacted>`.
    private static func redactKeyMaterial(_ line: String) -> String {
        var output = ""
        var run = ""
        func flush() {
            output += run.count >= 32 ? "<redacted>" : run
            run = ""
        }
        for character in line {
            if character.isASCII, character.isLetter || character.isNumber || "+/=".contains(character) {
                run.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }
}
