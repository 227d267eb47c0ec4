import CFuzzer
import Foundation
import QubeCrypto

/// libFuzzer entry: any bytes as a V3 keystore and as a Tessera key file. Parsing may refuse,
/// never crash. Decryption is not fuzzed: the KDF parameters come from the file.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzKeystoreJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let data = Data(bytes: start, count: count)
    _ = try? Keystore(json: data)
    _ = try? TesseraKeyFile(json: data)
    return 0
}

/// The executable's entry point (SwiftPM names it `<target>_main`): runs libFuzzer on the target.
@_cdecl("FuzzKeystoreJSON_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzKeystoreJSON)
}
