import Foundation
import Testing

/// The write guard through `qube run` on real scripts (issue 14, classes 1 and 2): every write
/// that would replace or enter a key store, another network's tree or the script's directory,
/// and every symbolic link on a default path that leads outside, is refused at the script line
/// with exit 1, and nothing changes, inside the script's directory or beside it.
@Suite struct WriteGuardTests {
    /// A project directory `proj/` whose network `net` (nodes n1, n2) has keys and a rendered
    /// tree, beside an `outside/` directory the script must never reach.
    final class Project {
        let qube: QubeProcess
        var directory: URL { qube.directory.appendingPathComponent("proj") }
        var outside: URL { qube.directory.appendingPathComponent("outside") }

        static let network = """
            local net = network { name = "net", tessera = false }
            net:addNode { name = "n1" }
            net:addNode { name = "n2" }

            """

        /// A valid external node record, so that only the path can make writeExternal fail.
        static let peer = """
            { name = "peer", enode = "enode://c9471655696bd151f6e91fc1b79ce2ca7a0f06a7317c051f2e9008c37da95879dda086b76eb343affa4696311411c3735825b104ad6ca44cc3225b1cefa1618d@203.0.113.5:30303" }
            """

        /// With `keyed`, keys are generated and the tree rendered first.
        init(keyed: Bool = true) throws {
            qube = try QubeProcess()
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            if keyed {
                let setup = try qube.runScript(Self.network + "net:genKeys { kdf = \"light\" }\nnet:render()\n", as: "proj/setup.lua")
                #expect(setup.status == 0, "\(setup.standardError)")
            }
        }

        /// Creates the symbolic link `name` (relative to `proj/`) pointing at `destination`.
        func link(_ name: String, to destination: String) throws {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
        }

        /// Every entry under the scratch directory (`proj/` and `outside/`): type and mode,
        /// size, mtime, content or link text.
        func state() throws -> [String: String] {
            var state: [String: String] = [:]
            let root = qube.directory.path
            for path in FileManager.default.subpaths(atPath: root) ?? [] {
                var status = stat()
                guard lstat(root + "/" + path, &status) == 0 else { continue }
                var entry = "\(status.st_mode) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
                if status.st_mode & S_IFMT == S_IFREG { entry += " " + (FileManager.default.contents(atPath: root + "/" + path)?.base64EncodedString() ?? "?") }
                if status.st_mode & S_IFMT == S_IFLNK { entry += " -> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/" + path)) ?? "?") }
                state[path] = entry
            }
            return state
        }

        /// Runs `source` as `proj/t.lua` and expects it refused: exit 1, exactly `message` on
        /// standard error, and no entry of the scratch directory changed.
        func expectRefused(_ source: String, _ message: String, options: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
            try qube.write("proj/t.lua", source)
            let before = try state()
            let result = try qube.run(["run", "-q"] + options + ["proj/t.lua"])
            let after = try state()
            #expect(result.status == 1, sourceLocation: sourceLocation)
            #expect(result.standardError == message + "\n", sourceLocation: sourceLocation)
            let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
            #expect(changed.isEmpty, "changed: \(changed)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Class 1: writes that would replace the key store

    @Test func renderIntoTheScriptDirectoryIsRefused() throws {
        try Project().expectRefused(
            Project.network + "net:render { dir = \".\" }\n",
            "proj/t.lua:4: refusing to replace '.': it holds the script's directory")
    }

    @Test(arguments: [
        ("keys", "it is the key store (keys)"),
        ("sub/../keys/", "it is the key store (keys)"),
        ("keys/net", "it is inside the key store (keys)"),
        ("keys/net/n1", "it is inside the key store (keys)"),
        ("keys/../keys/net/n1/", "it is inside the key store (keys)"),
    ])
    func renderIntoTheKeyStoreIsRefused(dir: String, reason: String) throws {
        let shown = URL(fileURLWithPath: "/r/" + dir).standardizedFileURL.path.dropFirst(3)
        try Project().expectRefused(
            Project.network + "net:render { dir = \"\(dir)\" }\n", "proj/t.lua:4: refusing to replace '\(shown)': \(reason)")
    }

    /// A key store no `network{}` of this run declares (a `keysDir` an earlier run used) is
    /// still a key store: its key directories hold a nodekey, and nothing but genKeys writes or
    /// reads there.
    @Test func anUndeclaredKeyStoreOfAnEarlierRunIsOutOfReach() throws {
        let project = try Project(keyed: false)
        let earlier = try project.qube.runScript(
            "local net = network { name = \"old\", tessera = false, keysDir = \"mykeys\" }\nnet:addNode { name = \"n1\" }\n"
                + "net:genKeys { kdf = \"light\" }\n", as: "proj/setup.lua")
        #expect(earlier.status == 0, "\(earlier.standardError)")
        try project.expectRefused(
            "writeExternal(\"mykeys/n1/nodekey\", \(Project.peer))\n",
            "proj/t.lua:1: refusing to write 'mykeys/n1/nodekey': it is inside the key directory mykeys/n1; only genKeys writes there")
        try project.expectRefused(
            "readGenesis(\"mykeys/n1/password.txt\")\n",
            "proj/t.lua:1: refusing to read 'mykeys/n1/password.txt': it is inside the key directory mykeys/n1, and qube reads key files only through genKeys and render")
        try project.expectRefused(
            Project.network + "net:render { dir = \"mykeys/n1\" }\n", "proj/t.lua:4: refusing to replace 'mykeys/n1': it is inside the key directory mykeys/n1")
    }

    /// A key store named like an interrupted render's leftover (`.<tree>.previous`,
    /// `.<tree>.staging-*`) is neither restored into the tree's place nor deleted.
    @Test(arguments: [".t.previous", ".t.staging-x"])
    func aKeyStoreNamedLikeARenderLeftoverIsNeverMovedOrDeleted(keysDir: String) throws {
        let project = try Project(keyed: false)
        let network = "local net = network { name = \"net\", tessera = false, keysDir = \"\(keysDir)\" }\nnet:addNode { name = \"n1\" }\n"
        let keyed = try project.qube.runScript(network + "net:genKeys { kdf = \"light\" }\n", as: "proj/setup.lua")
        #expect(keyed.status == 0, "\(keyed.standardError)")
        let keys = try project.state().filter { $0.key.hasPrefix("proj/\(keysDir)/n1") }
        try project.qube.write("proj/t.lua", network + "net:render { dir = \"t\" }\n")
        let result = try project.qube.run(["run", "-q", "proj/t.lua"])
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "proj/t.lua:3: cannot write \(project.directory.path)/\(keysDir): it bears the name of an interrupted render's leftover but holds a node's keys\n")
        #expect(try project.state().filter { $0.key.hasPrefix("proj/\(keysDir)/n1") } == keys, "the node's keys are where they were, unchanged")
        #expect(!FileManager.default.fileExists(atPath: project.directory.appendingPathComponent("t").path))
    }

    @Test func renderOutsideTheScriptDirectoryIsRefused() throws {
        let project = try Project()
        try project.expectRefused(
            Project.network + "net:render { dir = \"..\" }\n",
            "proj/t.lua:4: refusing to write '..': it is outside the script's directory \(project.directory.path) (run with --unsafe to allow it)")
    }

    @Test func unsafeDoesNotLiftTheKeyStoreProtection() throws {
        let project = try Project()
        try project.expectRefused(
            Project.network + "net:render { dir = \"keys\" }\n",
            "proj/t.lua:4: refusing to replace 'keys': it is the key store (keys)", options: ["--unsafe"])
        try project.expectRefused(
            Project.network + "writeExternal(\"keys/net/n1/nodekey\", \(Project.peer))\n",
            "proj/t.lua:4: refusing to write 'keys/net/n1/nodekey': it is inside the key store (keys); only genKeys writes there",
            options: ["--unsafe"])
        try project.expectRefused(
            Project.network + "net:render { dir = \"..\" }\n",
            "proj/t.lua:4: refusing to replace '\(project.qube.directory.path)': it holds the script's directory", options: ["--unsafe"])
    }

    @Test func keysDirInsideTheRenderedTreeIsRefusedAtTheNetworkLine() throws {
        let project = try Project(keyed: false)
        try project.expectRefused(
            "local net = network { name = \"net\", tessera = false, keysDir = \"out/net\" }\nnet:addNode { name = \"n1\" }\nnet:genKeys()\nnet:render()\n",
            "proj/t.lua:1: network: refusing to write 'out/net': it is the rendered tree of network 'net' (out/net)")
        try project.expectRefused(
            "local net = network { name = \"net\", tessera = false, keysDir = \"out\" }\n",
            "proj/t.lua:1: network: refusing to write 'out': it holds the rendered tree of network 'net' (out/net)")
    }

    @Test(arguments: ["keys/net/n1/nodekey", "keys/net/genesis.json", "keys/net/n1", "keys/other.yaml"])
    func writeExternalIntoTheKeyStoreIsRefused(path: String) throws {
        try Project().expectRefused(
            Project.network + "writeExternal(\"\(path)\", \(Project.peer))\n",
            "proj/t.lua:4: refusing to write '\(path)': it is inside the key store (keys); only genKeys writes there")
    }

    @Test func writeExternalIntoARenderedTreeIsRefused() throws {
        try Project().expectRefused(
            Project.network + "writeExternal(\"out/net/x.yaml\", \(Project.peer))\n",
            "proj/t.lua:4: refusing to write 'out/net/x.yaml': it is inside the rendered tree of network 'net' (out/net), which render replaces")
    }

    @Test func genesisWriteOverAKeyIsRefused() throws {
        try Project().expectRefused(
            Project.network + "net:genesis():write(\"keys/net/n1/nodekey\")\n",
            "proj/t.lua:4: refusing to write 'keys/net/n1/nodekey': it is inside the key store (keys); only genKeys writes there")
    }

    @Test func oneNetworksGenesisCannotReplaceAnothersStoredGenesis() throws {
        let project = try Project()
        let other = """
            local b = network { name = "b", tessera = false, keysDir = "store-b" }
            b:addNode { name = "b1" }
            b:genKeys { kdf = "light" }
            b:genesis()

            """
        let setup = try project.qube.runScript(other, as: "proj/b.lua")
        #expect(setup.status == 0, "\(setup.standardError)")
        try project.expectRefused(
            Project.network + other + "net:genesis():write(\"store-b/genesis.json\")\n",
            "proj/t.lua:8: refusing to write 'store-b/genesis.json': it is inside the key store of network 'b' (store-b); only genKeys writes there")
        try project.expectRefused(
            Project.network + other + "b:genesis():write(\"keys/net/genesis.json\")\n",
            "proj/t.lua:8: refusing to write 'keys/net/genesis.json': it is inside the key store (keys); only genKeys writes there")
    }

    @Test func twoNetworksCannotShareATreeOrAKeyStore() throws {
        let project = try Project()
        try project.expectRefused(
            Project.network + "local b = network { name = \"b\", tessera = false }\nb:addNode { name = \"b1\" }\nb:render { dir = \"out/net\" }\n",
            "proj/t.lua:6: refusing to replace 'out/net': it is the rendered tree of network 'net' (out/net)")
        try project.expectRefused(
            Project.network + "local b = network { name = \"b\", tessera = false, keysDir = \"keys/net/n1\" }\n",
            "proj/t.lua:4: network: refusing to write 'keys/net/n1': it is inside the key store of network 'net' (keys/net)")
    }

    @Test func renderRefusesADirectoryHoldingFilesQubeDidNotWrite() throws {
        let project = try Project()
        try project.qube.write("proj/mine/notes.txt", "my notes\n")
        try project.expectRefused(
            Project.network + "net:render { dir = \"mine\" }\n",
            "proj/t.lua:4: refusing to replace 'mine': it holds 'notes.txt', which qube did not write (.qube-tree does not list it); move it away, or render elsewhere")
        try project.qube.write("proj/out/net/k8s/extra.yaml", "kind: x\n")
        try project.expectRefused(
            Project.network + "net:render()\n",
            "proj/t.lua:4: refusing to replace 'out/net': it holds 'k8s/extra.yaml', which qube did not write (.qube-tree does not list it); move it away, or render elsewhere")
    }

    @Test func reRenderingQubesOwnTreeStillWorks() throws {
        let project = try Project()
        try FileManager.default.createDirectory(at: project.directory.appendingPathComponent("empty"), withIntermediateDirectories: true)
        for _ in 0..<2 {
            let result = try project.qube.runScript(Project.network + "net:render()\nnet:render { dir = \"empty\" }\n", as: "proj/t.lua")
            #expect(result.status == 0, "\(result.standardError)")
        }
        let manifest = String(decoding: try #require(project.qube.read("proj/out/net/.qube-tree")), as: UTF8.self)
        #expect(manifest.contains("\nk8s/secrets.yaml\n"))
    }

    /// A tree exactly as the release before tree manifests rendered `Project.network` with
    /// Tessera (its `RenderedTree.write` at main: no `releases.json`, no `.qube-tree`), with
    /// placeholder contents, under `proj/out/net`.
    /// The network's keys and stored genesis are made first, by a render whose tree is then removed.
    func writeManifestlessTree(in project: Project) throws {
        let setup = try project.qube.runScript(Self.tesseraNetwork + "net:genKeys { kdf = \"light\" }\nnet:render()\n", as: "proj/setup.lua")
        #expect(setup.status == 0, "\(setup.standardError)")
        try FileManager.default.removeItem(at: project.directory.appendingPathComponent("out/net"))
        let files: [(String, Int)] = [
            ("genesis.json", 0o644), ("static-nodes.json", 0o644), ("permissioned-nodes.json", 0o644),
            ("tessera/n1.json", 0o644), ("tessera/n2.json", 0o644),
            ("k8s/kustomization.yaml", 0o644), ("k8s/namespace.yaml", 0o644), ("k8s/configmaps.yaml", 0o644),
            ("k8s/secrets.yaml", 0o600), ("k8s/.gitignore", 0o644), ("k8s/nodes/n1.yaml", 0o644), ("k8s/nodes/n2.yaml", 0o644),
        ]
        for (path, mode) in files {
            try project.qube.write("proj/out/net/" + path, "written by the previous qube\n")
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: project.directory.path + "/out/net/" + path)
        }
    }

    static let tesseraNetwork = Project.network.replacingOccurrences(of: "tessera = false", with: "namespace = \"net\"")

    @Test func aTreeOfTheReleaseBeforeManifestsIsAdoptedAndGetsItsManifest() throws {
        let project = try Project(keyed: false)
        try writeManifestlessTree(in: project)
        let result = try project.qube.runScript(Self.tesseraNetwork + "net:render()\n", as: "proj/t.lua")
        #expect(result.status == 0, "\(result.standardError)")
        let manifest = String(decoding: try #require(project.qube.read("proj/out/net/.qube-tree")), as: UTF8.self)
        #expect(manifest.contains("\ntessera/n1.json\n") && manifest.contains("\nk8s/secrets.yaml\n") && manifest.contains("\nreleases.json\n"))
        let genesis = String(decoding: try #require(project.qube.read("proj/out/net/genesis.json")), as: UTF8.self)
        #expect(genesis.hasPrefix("{"))
    }

    @Test(arguments: [
        ("k8s/notes.md", "write"),  // a file the user added
        ("k8s/nodes/n3.yaml", "write"),  // a node the script no longer has
        ("k8s/old", "directory"),  // a directory the old render never made
        ("genesis.json", "link"),  // a link where the old render wrote a file
        ("k8s/secrets.yaml", "chmod"),  // a file of the layout, with a mode the old render never gave it
    ])
    func aManifestlessTreeHoldingAnythingElseIsRefused(entry: String, how: String) throws {
        let project = try Project(keyed: false)
        try writeManifestlessTree(in: project)
        let path = project.directory.path + "/out/net/" + entry
        switch how {
        case "write": try project.qube.write("proj/out/net/" + entry, "mine\n")
        case "directory": try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        case "link":
            try FileManager.default.removeItem(atPath: path)
            try project.link("out/net/" + entry, to: project.outside.path)
        default: try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        }
        try project.expectRefused(
            Self.tesseraNetwork + "net:render()\n",
            "proj/t.lua:4: refusing to replace 'out/net': it holds '\(entry)', which qube did not write (.qube-tree does not list it); move it away, or render elsewhere")
    }

    // MARK: Class 2: symbolic links on default paths

    @Test(arguments: ["keys", "keys/net"])
    func keyStoreLinkedOutsideIsRefusedAtTheNetworkLine(link: String) throws {
        let project = try Project(keyed: false)
        try project.link(link, to: project.outside.path)
        try project.expectRefused(
            Project.network + "net:genKeys { kdf = \"light\" }\n",
            "proj/t.lua:1: network: refusing to write 'keys/net': '\(link)' is a symbolic link that leads outside the script's directory")
    }

    @Test(arguments: [("n1", ""), ("k1", ", keyDir = \"k1\"")])
    func nodeKeyDirectoryLinkedOutsideIsRefusedAtGenKeys(directory: String, option: String) throws {
        let project = try Project(keyed: false)
        try project.link("keys/net/\(directory)", to: "../../../outside")
        try project.expectRefused(
            "local net = network { name = \"net\", tessera = false }\nnet:addNode { name = \"n1\"\(option) }\nnet:genKeys { kdf = \"light\" }\n",
            "proj/t.lua:3: keys/net/\(directory): refusing to write here: 'keys/net/\(directory)' is a symbolic link that leads outside the script's directory")
    }

    @Test func qubernetesKeyDirectoryLinkedOutsideIsRefused() throws {
        let project = try Project(keyed: false)
        try project.qube.write("proj/q/qubernetes.yaml", "config:\n  Key_Dir_Base: 7nodes\ngenesis:\n  consensus: raft\n  Quorum_Version: 2.7.0\nnodes:\n  - Node_UserIdent: node1\n    Key_Dir: key1\n")
        try project.link("q/7nodes/key1", to: project.outside.path)
        try project.expectRefused(
            "local net = loadQubernetes(\"q/qubernetes.yaml\", { name = \"raft7\", tessera = false })\nnet:genKeys { kdf = \"light\" }\n",
            "proj/t.lua:2: q/7nodes/key1: refusing to write here: 'q/7nodes/key1' is a symbolic link that leads outside the script's directory")
        try FileManager.default.removeItem(at: project.directory.appendingPathComponent("q/7nodes"))
        try project.link("q/7nodes", to: project.outside.path)
        try project.expectRefused(
            "local net = loadQubernetes(\"q/qubernetes.yaml\", { name = \"raft7\", tessera = false })\n",
            "proj/t.lua:1: loadQubernetes: refusing to write '\(project.directory.path)/q/7nodes': 'q/7nodes' is a symbolic link that leads outside the script's directory")
    }

    @Test func danglingLockLinkDoesNotCreateItsTarget() throws {
        let project = try Project()
        try FileManager.default.removeItem(at: project.directory.appendingPathComponent("out/.net.lock"))
        try project.link("out/.net.lock", to: project.outside.appendingPathComponent("created").path)
        try project.expectRefused(
            Project.network + "net:render()\n",
            "proj/t.lua:4: refusing to write 'out/.net.lock': it is a symbolic link, and qube never follows one for its lock file; remove it")
        try project.expectRefused(
            Project.network + "net:render()\n",
            "proj/t.lua:4: refusing to write 'out/.net.lock': it is a symbolic link, and qube never follows one for its lock file; remove it",
            options: ["--unsafe"])
        #expect(!FileManager.default.fileExists(atPath: project.outside.appendingPathComponent("created").path))
    }

    @Test func linksThatStayInsideAreFollowed() throws {
        let project = try Project(keyed: false)
        try FileManager.default.createDirectory(at: project.directory.appendingPathComponent("real-keys"), withIntermediateDirectories: true)
        try project.link("keys", to: "real-keys")
        let result = try project.qube.runScript(Project.network + "net:genKeys { kdf = \"light\" }\nnet:render()\n", as: "proj/t.lua")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(project.qube.read("proj/real-keys/net/n1/nodekey") != nil)
    }

    // MARK: Readers refuse the key store

    @Test(arguments: [
        "readExternal(\"keys/net/n1/nodekey\")", "readGenesis(\"keys/net/n1/password.txt\")",
        "loadQubernetes(\"keys/net/n1/acctkeyfile.json\", { name = \"x\" })", "readGenesis(\"keys/net/genesis.json\")",
    ])
    func readersRefuseTheKeyStoreWithoutQuotingIt(call: String) throws {
        let project = try Project()
        let path = call.split(separator: "\"")[1]
        try project.expectRefused(
            "local ok, e = pcall(function() return \(call) end)\nerror(e, 0)\n",
            "proj/t.lua:1: refusing to read '\(path)': it is inside the key store (keys), and qube reads key files only through genKeys and render")
    }

    @Test func readersRefuseALinkIntoTheKeyStore() throws {
        let project = try Project()
        try project.link("innocent.yaml", to: "keys/net/n1/nodekey")
        try project.expectRefused(
            "readExternal(\"innocent.yaml\")\n",
            "proj/t.lua:1: refusing to read 'innocent.yaml': it is inside the key store (keys), and qube reads key files only through genKeys and render")
    }
}
