import CFuzzer
import Foundation
import QubeCore

/// libFuzzer entry: any bytes as another organisation's genesis.json. Validation may refuse,
/// never crash; whatever the strict JSON check accepts, Foundation parses too.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzGenesisJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let data = Data(bytes: start, count: count)
    if (try? UntrustedJSON.check(data, displayPath: "fuzz.json")) != nil {
        precondition((try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)) != nil, "strict JSON that Foundation refuses")
    }
    _ = try? ImportedGenesis(data: data, path: "fuzz.json")
    return 0
}

/// The executable's entry point (SwiftPM names it `<target>_main`): runs libFuzzer on the target.
@_cdecl("FuzzGenesisJSON_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzGenesisJSON)
}
