import Foundation
import Testing
import Yams

#if canImport(Glibc)
    import Glibc
#endif

/// A rendered network run as local geth processes on 127.0.0.1, from the files and argv qube rendered.
///
/// Each node's pod is mapped to a directory: every volume the node's init container mounts
/// (`data`, `keys`, `genesis`, `peers`) becomes a local directory, and the init script and the
/// quorum container's command are run with those mount paths replaced by the local ones. The only
/// other changes to the rendered argv are the ones a single host needs: the listen ports
/// (`--port`, `--rpcport`, `--wsport`, `--raftport`) become free loopback ports, `0.0.0.0`
/// becomes `127.0.0.1`, the cluster host names in the peer lists become `127.0.0.1:<port>`, and
/// `PRIVATE_CONFIG` is `ignore`: no Tessera runs here, and qube's wait for Tessera polls a stand-in upcheck. `geth` is `$QUBE_GETH`.
final class LocalGethChain {
    /// A failure of the local run, with what the node logged.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One node of the chain: its pod name, local ports and IPC socket.
    struct Node {
        var name: String
        var ports: [String: Int]
        var root: URL
        var ipc: String { root.appendingPathComponent("data/quorum/geth.ipc").path }
        var log: URL { root.appendingPathComponent("geth.log") }
    }

    /// The geth binary named by `QUBE_GETH`, when it is set.
    static let geth: URL? = ProcessInfo.processInfo.environment["QUBE_GETH"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }

    let nodes: [Node]
    private let rendered: URL
    private let keys: URL
    private var processes: [Process] = []
    private var upcheckPort: Int?

    /// Prepares `nodeNames` of the network rendered under `rendered` (`out/<network>`) with keys under `keys`.
    init(rendered: URL, keys: URL, nodeNames: [String], in directory: URL) throws {
        self.rendered = rendered
        self.keys = keys
        nodes = try nodeNames.map { name in
            let ports = try Dictionary(uniqueKeysWithValues: ["p2p", "rpc", "ws", "raft"].map { ($0, try Self.freeLoopbackPort()) })
            return Node(name: name, ports: ports, root: directory.appendingPathComponent(name))
        }
    }

    deinit { stop() }

    /// Runs each node's rendered init script (peer lists, keystore, `geth init`), then starts its geth.
    func start() throws {
        let geth = try #require(Self.geth)
        let bin = nodes[0].root.deletingLastPathComponent().appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try? FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("geth"), withDestinationURL: geth)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for node in nodes {
            let pod = try statefulSetPod(of: node.name)
            let mounts = try localMounts(of: node, pod: pod)
            let initContainer = try container(named: "init", in: pod, key: "initContainers")
            let script = Self.kubeletExpanded(try #require((initContainer["command"] as? [String])?.last))
            let initRun = try Self.run(
                URL(fileURLWithPath: "/bin/sh"), ["-c", Self.replacing(mounts, in: script)], environment: ["PATH": path],
                timeout: 60)
            guard initRun.status == 0 else { throw Failure(description: "\(node.name) init failed: \(initRun.output)") }

            let quorum = try container(named: "quorum", in: pod, key: "containers")
            let command = try #require(quorum["command"] as? [String]).map(Self.kubeletExpanded)
            let process = Process()
            if command.starts(with: ["sh", "-c"]), command.count > 4, command[4] == "geth" {
                // With Tessera, geth starts through qube's wait for Tessera's upcheck
                // (`sh -c <script> <name> geth ...`): that script runs as rendered, polling the
                // stand-in upcheck instead of the pod's Tessera on 127.0.0.1:9001.
                let upcheck = try standInUpcheck()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments =
                    ["-c", command[2].replacingOccurrences(of: "127.0.0.1:9001/", with: "127.0.0.1:\(upcheck)/"), command[3], "geth"]
                    + localArguments(Array(command.dropFirst(5)), mounts: mounts, ports: node.ports)
            } else {
                process.executableURL = geth
                process.arguments = localArguments(Array(command.dropFirst()), mounts: mounts, ports: node.ports)
            }
            process.environment = ProcessInfo.processInfo.environment.merging(["PRIVATE_CONFIG": "ignore", "PATH": path]) { $1 }
            guard FileManager.default.createFile(atPath: node.log.path, contents: nil) else { throw Failure(description: "cannot create \(node.log.path)") }
            let log = try FileHandle(forWritingTo: node.log)
            process.standardOutput = log
            process.standardError = log
            try process.run()
            processes.append(process)
        }
    }

    /// A command word as the kubelet hands it to the container: `$$` becomes `$` (qube doubles
    /// every `$`, so no word refers to a `$(VAR)`).
    private static func kubeletExpanded(_ word: String) -> String {
        word.replacingOccurrences(of: "$$", with: "$")
    }

    /// The port of a local HTTP server that answers `GET /upcheck` as Tessera does, started once.
    private func standInUpcheck() throws -> Int {
        if let upcheckPort { return upcheckPort }
        let port = try Self.freeLoopbackPort()
        let directory = nodes[0].root.deletingLastPathComponent().appendingPathComponent("upcheck")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("I'm up!".utf8).write(to: directory.appendingPathComponent("upcheck"))
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", directory.path]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        processes.append(server)
        upcheckPort = port
        return port
    }

    /// Stops every geth this chain started: SIGTERM, then SIGKILL after ten seconds.
    func stop() {
        for process in processes where process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(10)
        for process in processes {
            while process.isRunning && Date() < deadline { usleep(100_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        processes.removeAll()
    }

    /// What `geth attach --exec expression` prints on `node`, or nil when it fails.
    func attach(_ node: Node, _ expression: String) throws -> String? {
        let result = try Self.run(try #require(Self.geth), ["attach", "--exec", expression, node.ipc], environment: [:], timeout: 20)
        return result.status == 0 ? result.output.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    /// The last lines `node`'s geth logged, for failure messages.
    func logTail(_ node: Node) -> String {
        let text = String(decoding: FileManager.default.contents(atPath: node.log.path) ?? Data(), as: UTF8.self)
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }

    // MARK: - Mapping the pod to local directories

    private func statefulSetPod(of name: String) throws -> [String: Any] {
        let file = rendered.appendingPathComponent("k8s/nodes/\(name).yaml")
        let documents = try Yams.load_all(yaml: String(contentsOf: file, encoding: .utf8)).compactMap { $0 as? [String: Any] }
        let statefulSet = try #require(documents.first { $0["kind"] as? String == "StatefulSet" })
        let spec = try #require(statefulSet["spec"] as? [String: Any])
        let template = try #require(spec["template"] as? [String: Any])
        return try #require(template["spec"] as? [String: Any])
    }

    private func container(named name: String, in pod: [String: Any], key: String) throws -> [String: Any] {
        let containers = try #require(pod[key] as? [[String: Any]])
        return try #require(containers.first { $0["name"] as? String == name })
    }

    /// The init container's mount paths, each with the local directory that stands for its volume.
    private func localMounts(of node: Node, pod: [String: Any]) throws -> [(String, String)] {
        let initContainer = try container(named: "init", in: pod, key: "initContainers")
        let mounts = try #require(initContainer["volumeMounts"] as? [[String: Any]])
        return try mounts.map { mount in
            let volume = try #require(mount["name"] as? String), path = try #require(mount["mountPath"] as? String)
            let local = node.root.appendingPathComponent(volume)
            try FileManager.default.createDirectory(at: local, withIntermediateDirectories: true)
            switch volume {
            case "keys": return (path, keys.appendingPathComponent(node.name).path)
            case "genesis":
                try FileManager.default.copyItem(at: rendered.appendingPathComponent("genesis.json"), to: local.appendingPathComponent("genesis.json"))
            case "peers":
                for list in ["static-nodes.json", "permissioned-nodes.json"] {
                    try Data(loopbackPeerList(rendered.appendingPathComponent(list)).utf8).write(to: local.appendingPathComponent(list))
                }
            default: break
            }
            return (path, local.path)
        }
    }

    /// A rendered peer list with each node's cluster host and ports replaced by 127.0.0.1 and its local ports.
    private func loopbackPeerList(_ file: URL) throws -> String {
        let urls = try JSONDecoder().decode([String].self, from: Data(contentsOf: file))
        let local = try urls.map { url -> String in
            let host = try #require(url.split(separator: "@").last?.split(separator: ":").first)
            let node = try #require(nodes.first { host.hasPrefix($0.name + ".") })
            var parts = try #require(URLComponents(string: url))
            parts.host = "127.0.0.1"
            parts.port = node.ports["p2p"]
            parts.queryItems = parts.queryItems?.map { $0.name == "raftport" ? URLQueryItem(name: "raftport", value: String(node.ports["raft"]!)) : $0 }
            return try #require(parts.string)
        }
        return String(decoding: try JSONEncoder().encode(local), as: UTF8.self)
    }

    private func localArguments(_ arguments: [String], mounts: [(String, String)], ports: [String: Int]) -> [String] {
        let portFlags = ["--port": "p2p", "--rpcport": "rpc", "--wsport": "ws", "--raftport": "raft", "--http.port": "rpc", "--ws.port": "ws"]
        return arguments.indices.map { index in
            if index > 0, let port = portFlags[arguments[index - 1]] { return String(ports[port]!) }
            return arguments[index] == "0.0.0.0" ? "127.0.0.1" : Self.replacing(mounts, in: arguments[index])
        }
    }

    /// `text` with every mount path (longest first) replaced by its local directory.
    private static func replacing(_ mounts: [(String, String)], in text: String) -> String {
        mounts.sorted { $0.0.count > $1.0.count }.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    // MARK: - Processes and ports

    /// Runs `executable` to its end (killed after `timeout` seconds), with its merged output.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String], timeout: TimeInterval) throws -> (
        status: Int32, output: String
    ) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A TCP port on 127.0.0.1 that nothing listens on now (the kernel's pick for port 0).
    static func freeLoopbackPort() throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socketDescriptor, pointer, length) == 0 && getsockname(socketDescriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "bind 127.0.0.1:0: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
