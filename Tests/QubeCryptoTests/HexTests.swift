import Testing
import QubeCrypto

@Suite struct HexTests {
    @Test func encodesLowercaseTwoDigitsPerByte() {
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test func decodesEitherCase() throws {
        #expect(try Hex.decode("000FA0ff") == [0x00, 0x0f, 0xa0, 0xff])
    }

    @Test func prefixOnlyWhenAllowed() throws {
        #expect(try Hex.decode("0xab", allowPrefix: true) == [0xab])
        #expect(throws: Hex.DecodingError.self) { try Hex.decode("0xab") }
    }

    @Test(arguments: ["abc", "zz", "0g", " 00", "00\n"])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: Hex.DecodingError.self) { try Hex.decode(text) }
    }
}
