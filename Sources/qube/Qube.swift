import ArgumentParser
import QubeCore

@main
struct Qube: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn Lua topology scripts into GoQuorum networks on Kubernetes.",
        version: QubeInfo.version
    )
}
