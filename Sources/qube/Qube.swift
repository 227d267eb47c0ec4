import ArgumentParser
import Foundation
import QubeCore

@main
struct Qube: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn Lua topology scripts into GoQuorum networks on Kubernetes.",
        discussion: """
            A topology script declares networks, their nodes and the other organisations' nodes they \
            peer with; qube generates the keys, genesis, peer lists, Tessera configs and Kubernetes \
            manifests, and applies them to the cluster the script names.

            Exit status: 0 on success, 1 when the script fails, 2 on a usage error.
            """,
        version: QubeInfo.version,
        subcommands: [RunCommand.self, InitCommand.self, StubsCommand.self]
    )

    /// Runs the command line, mapping usage errors to exit status 2 as documented.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// A command that could not do its job, with the message the user sees.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
}
