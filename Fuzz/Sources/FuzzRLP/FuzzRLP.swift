import CFuzzer
import QubeCrypto

/// libFuzzer entry: any bytes as RLP (the extraData decoder's input). Decoding may refuse, never
/// crash; what it accepts is canonical, so it encodes back to the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzRLP(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    if let item = try? RLP(decoding: bytes) {
        precondition(item.encoded() == bytes, "accepted RLP does not re-encode to the same bytes")
    }
    return 0
}

/// The executable's entry point (SwiftPM names it `<target>_main`): runs libFuzzer on the target.
@_cdecl("FuzzRLP_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzRLP)
}
