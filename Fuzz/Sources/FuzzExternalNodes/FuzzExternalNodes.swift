import CFuzzer
import Foundation
import QubeCore

/// libFuzzer entry: any bytes as an `external_nodes` exchange file. Parsing may refuse, never crash;
/// what it accepts renders and parses back to the same nodes.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzExternalNodes(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let data = Data(bytes: start, count: count)
    guard let nodes = try? ExternalNodesFile.parse(data, displayPath: "fuzz.yaml") else { return 0 }
    let again = try? ExternalNodesFile.parse(ExternalNodesFile.render(nodes), displayPath: "again.yaml")
    precondition(again == nodes, "an accepted file does not survive render and parse")
    return 0
}

/// The executable's entry point (SwiftPM names it `<target>_main`): runs libFuzzer on the target.
@_cdecl("FuzzExternalNodes_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzExternalNodes)
}
