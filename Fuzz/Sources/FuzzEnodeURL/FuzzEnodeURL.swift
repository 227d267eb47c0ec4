import CFuzzer
import QubeCore

/// libFuzzer entry: any bytes as an enode URL and as a `host:port`. Parsing may refuse, never
/// crash; an accepted URL prints in a form that parses back to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzEnodeURL(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    if let enode = try? EnodeURL(parsing: text) {
        precondition((try? EnodeURL(parsing: enode.description)) == enode, "enode URL does not round-trip")
        precondition(!enode.description.contains(where: { $0.isWhitespace || $0 == "\"" }), "enode URL prints unsafe characters")
    }
    if let endpoint = try? HostPort(parsing: text) {
        precondition((try? HostPort(parsing: endpoint.description)) == endpoint, "host:port does not round-trip")
    }
    return 0
}

/// The executable's entry point (SwiftPM names it `<target>_main`): runs libFuzzer on the target.
@_cdecl("FuzzEnodeURL_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzEnodeURL)
}
