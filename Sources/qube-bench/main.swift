// qube-bench: in-process timings that `qube run` cannot give from outside.
//
//     qube-bench lua-overhead COUNT
//
// Adds COUNT nodes to a network once through a Lua script (`net:addNode{...}` host calls,
// run by the same ScriptHost as `qube run`) and once from Swift directly (NodeSpec and
// NetworkSession.addNode, the calls the binding makes), and prints one JSON object with the
// median seconds of each. The script's fixed cost (VM, globals, `network{}`) is measured with
// a script that adds no node and subtracted, so both figures time the same COUNT additions.
import Foundation
import QubeCore
import QubeLua

/// The median wall time of `runs` calls of `body`, in seconds.
func medianSeconds(runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.sorted()[times.count / 2]
}

/// A script that declares a network and adds `count` nodes to it.
func addNodesScript(count: Int) -> String {
    """
    local net = network { name = "bench", expose = { type = "NodePort", nodeIp = "192.0.2.10" } }
    for i = 1, \(count) do
        net:addNode { name = "node-" .. i, gethParams = "--verbosity 3" }
    end
    """
}

/// Runs the script text from a file in a scratch directory with `qube run`'s defaults.
func runScript(_ text: String, in directory: URL) throws {
    let path = directory.appendingPathComponent("add-nodes.lua")
    try Data(text.utf8).write(to: path)
    var options = ScriptOptions()
    options.verbosity = .quiet
    try ScriptHost.run(scriptAtPath: path.path, arguments: [], options: options) { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Adds `count` nodes from Swift, as the `addNode` binding does for each call.
func addNodesDirectly(count: Int, in directory: URL) throws {
    let spec = NetworkSpec(name: "bench", expose: Exposure(kind: .nodePort, nodeIP: "192.0.2.10"))
    let session = try NetworkSession(
        network: try Network(spec), joining: nil,
        keysDirectory: directory.appendingPathComponent("keys/bench"),
        outputDirectory: directory.appendingPathComponent("out/bench"))
    for i in 1...count {
        try session.addNode(
            NodeSpec(name: "node-\(i)", gethParams: "--verbosity 3", source: SourceLocation(file: "add-nodes.lua", line: 3)))
    }
}

func luaOverhead(count: Int) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qube-bench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let runs = 5
    let withCalls = try medianSeconds(runs: runs) { try runScript(addNodesScript(count: count), in: directory) }
    let fixed = try medianSeconds(runs: runs) { try runScript(addNodesScript(count: 0), in: directory) }
    let swift = try medianSeconds(runs: runs) { try addNodesDirectly(count: count, in: directory) }
    print(#"{"count": \#(count), "lua": \#(max(withCalls - fixed, 0)), "luaFixed": \#(fixed), "swift": \#(swift)}"#)
}

let arguments = CommandLine.arguments.dropFirst()
guard arguments.first == "lua-overhead", arguments.count == 2, let count = Int(arguments.last!), count > 0 else {
    FileHandle.standardError.write(Data("usage: qube-bench lua-overhead COUNT\n".utf8))
    exit(2)
}
do {
    try luaOverhead(count: count)
} catch {
    FileHandle.standardError.write(Data("qube-bench: \(error)\n".utf8))
    exit(1)
}
