import ArgumentParser
import Foundation
import QubeCore
import QubeLua

/// `qube stubs`: writes the LuaCATS annotations of qube's Lua surface for lua-language-server,
/// their option classes generated from the option schemas.
struct StubsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stubs",
        abstract: "Write LuaCATS annotations of qube's Lua API for lua-language-server.",
        discussion: """
            The file describes every global, class (network, node, genesis), method and option table, \
            so an editor running lua-language-server completes and type-checks topology scripts. \
            List it in .luarc.json: { "workspace.library": ["qube.d.lua"], "runtime.version": "Lua 5.4" }.

            With --luacheckrc it writes a .luacheckrc instead: the globals of qube's sandbox for \
            luacheck, so `luacheck topology.lua` flags a misspelt or withheld name before the script runs.
            """
    )

    /// The annotations' file name in the stdlib directory.
    static let fileName = "qube.d.lua"

    /// The luacheck configuration's file name.
    static let luacheckFileName = ".luacheckrc"

    @Option(name: [.short, .long], help: "Where to write the file ('-' for standard output; default qube.d.lua or .luacheckrc).")
    var output: String?

    @Flag(name: .long, help: "Write luacheck's configuration of qube's globals instead of the annotations.")
    var luacheckrc = false

    @Flag(name: .long, help: "Replace the file if it exists.")
    var force = false

    func run() throws {
        if luacheckrc {
            try write(Data(try ScriptHost.luacheckConfiguration().utf8), to: output ?? Self.luacheckFileName)
            return
        }
        let directory = Stdlib.overrideDirectory(in: ProcessInfo.processInfo.environment)
        guard let stubs = Stdlib.file(Self.fileName, in: directory) else {
            throw CommandFailure(description: "cannot read \(Self.fileName) in \(Stdlib.overrideVariable)=\(directory ?? "")")
        }
        let annotations = try LuaSurfaceDocuments.stubs(fromTemplate: String(decoding: stubs, as: UTF8.self))
        try write(Data(annotations.utf8), to: output ?? Self.fileName)
    }

    /// Writes `data` to the file `output`, or to standard output for `-`.
    private func write(_ data: Data, to output: String) throws {
        if output == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        if !force, FileManager.default.fileExists(atPath: output) {
            throw CommandFailure(description: "\(output) exists; pass --force to replace it")
        }
        try AtomicFile.write(data, to: try WriteGuard.ofCurrentDirectory().file(URL(fileURLWithPath: output)))
        print("wrote \(output)")
    }
}
