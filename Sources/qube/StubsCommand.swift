import ArgumentParser
import Foundation
import QubeCore

/// `qube stubs`: writes the LuaCATS annotations of qube's Lua surface for lua-language-server.
struct StubsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stubs",
        abstract: "Write LuaCATS annotations of qube's Lua API for lua-language-server.",
        discussion: """
            The file describes every global, class (network, node, genesis), method and option table, \
            so an editor running lua-language-server completes and type-checks topology scripts. \
            List it in .luarc.json: { "workspace.library": ["qube.d.lua"], "runtime.version": "Lua 5.4" }.
            """
    )

    /// The annotations' file name in the stdlib directory.
    static let fileName = "qube.d.lua"

    @Option(name: [.short, .long], help: "Where to write the annotations ('-' for standard output).")
    var output: String = fileName

    func run() throws {
        guard let stdlib = StdlibLocation.find(),
            let stubs = FileManager.default.contents(atPath: URL(fileURLWithPath: stdlib).appendingPathComponent(Self.fileName).path)
        else {
            throw CommandFailure(description: "cannot find \(Self.fileName) in qube's stdlib directory; set QUBE_STDLIB to it")
        }
        if output == "-" {
            FileHandle.standardOutput.write(stubs)
            return
        }
        try AtomicFile.write(stubs, to: try WriteGuard.ofCurrentDirectory().file(URL(fileURLWithPath: output)))
        print("wrote \(output)")
    }
}
