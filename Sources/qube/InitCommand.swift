import ArgumentParser
import Foundation
import QubeCore

/// `qube init`: writes a commented starter script.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter topology script.",
        discussion: "The script declares one network of three IBFT validators and renders it. Edit it, then run it with 'qube run'."
    )

    @Option(name: .long, help: "The network's name (a DNS-1123 label).")
    var name: String = "my-network"

    @Option(name: [.short, .long], help: "Where to write the script.")
    var output: String = "topology.lua"

    @Flag(name: .long, help: "Replace the file if it exists.")
    var force = false

    func validate() throws {
        do {
            try Names.checkDNSLabel(name, field: "--name")
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let url = URL(fileURLWithPath: output)
        if !force, FileManager.default.fileExists(atPath: url.path) {
            throw CommandFailure(description: "\(output) exists; pass --force to replace it")
        }
        try AtomicFile.write(Data(StarterScript.text(networkName: name).utf8), to: try WriteGuard.ofCurrentDirectory().file(url))
        let directory = url.deletingLastPathComponent().path
        print("wrote \(url.path)")
        print("run it with: qube run \(output); it keeps keys in \(directory)/keys/\(name)/ and renders into \(directory)/out/\(name)/")
    }
}

/// The script `qube init` writes.
enum StarterScript {
    /// The starter script for a network called `networkName`.
    static func text(networkName: String) -> String {
        """
        -- \(networkName): a GoQuorum network described in Lua. Run: qube run <this file>
        -- Every call is checked where it is made: a typo in a key or a value fails at its line.

        local net = network {
            name = "\(networkName)",     -- DNS-1123 label: namespace, labels, out/ and keys/ directories
            consensus = "istanbul",      -- istanbul | qbft | raft | clique
            chainId = 1000,
            quorum = "2.7.0",            -- GoQuorum release (e.g. "24.4.1" with consensus = "qbft")
            tessera = "0.10.6",          -- Tessera release, or false for no privacy manager
            -- context = "my-cluster",   -- the kube context deploy() may touch
            -- expose = { type = "NodePort", nodeIp = "203.0.113.10" },
        }

        for i = 1, 3 do
            net:addNode { name = "node" .. i }   -- validator = false for a non-validating member
        end

        net:genKeys()      -- keys/\(networkName)/<node>/, generated once and never overwritten
        net:render()       -- out/\(networkName)/: genesis, peer lists, Tessera configs, k8s/
        -- net:deploy { wait = true }   -- kubectl apply --server-side; try `qube run --dry-run` first

        for _, node in ipairs(net:nodes()) do
            print(node.name, node.address)
        end

        """
    }
}
