import Testing
@testable import QubeCrypto

/// Known answers from docs/formats.md §2.
@Suite struct Keccak256Tests {
    @Test(arguments: [
        ("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        ("616263", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
        ("80", "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"),
        ("c0", "1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"),
    ])
    func shortMessages(input: String, digest: String) throws {
        #expect(Hex.encode(Keccak256.hash(try Hex.decode(input))) == digest)
    }

    /// The Keccak team's LongMsgKAT_256 first entry: 256 bytes, two rate blocks.
    @Test func twoBlockMessage() throws {
        let message = try Hex.decode(
            "724627916C50338643E6996F07877EAFD96BDF01DA7E991D4155B9BE1295EA7D21C9391F4C4A41C75F77E5D27389253393725F1427F57914B273AB862B9E31DABCE506E558720520D33352D119F699E784F9E548FF91BC35CA147042128709820D69A8287EA3257857615EB0321270E94B84F446942765CE882B191FAEE7E1C87E0F0BD4E0CD8A927703524B559B769CA4ECE1F6DBF313FDCF67C572EC4185C1A88E86EC11B6454B371980020F19633B6B95BD280E4FBCB0161E1A82470320CEC6ECFA25AC73D09F1536F286D3F9DACAFB2CD1D0CE72D64D197F5C7520B3CCB2FD74EB72664BA93853EF41EABF52F015DD591500D018DD162815CC993595B195"
        )
        #expect(message.count == 256)
        #expect(Hex.encode(Keccak256.hash(message)) == "ea0e416c0f7b4f11e3f00479fddf954f2539e5e557753bd546f69ee375a5de29")
    }

    /// SHA3-256("") differs from Keccak-256("") only by the domain byte: a negative control.
    @Test func sha3DomainByteGivesSHA3() {
        #expect(
            Hex.encode(Keccak256.sponge([], domain: 0x06))
                == "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
        #expect(Keccak256.hash([UInt8]()) != Keccak256.sponge([], domain: 0x06))
    }

    /// 135 bytes leave one padding byte (0x86 for SHA3), 136 and 272 need a whole padding block.
    /// Expected values: Python's hashlib.sha3_256 over bytes 0, 1, 2, ... (an independent implementation).
    @Test(arguments: [
        (135, "fded8fd9d6551c601eeb3b7c6bc5e5cfd8aad1d015b7e9aaa9c9b9475231d5e2"),
        (136, "cf3ccff92480a29160c2d38317c430e14749bfee1788106957dfe73f8c4930e5"),
        (272, "0b21ec4a8eff6d179e09ba9fe0ab08515b24e0923fbf419f5c30a38e64577db5"),
    ])
    func paddingEdges(length: Int, sha3: String) {
        let message = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
        #expect(Hex.encode(Keccak256.sponge(message, domain: 0x06)) == sha3)
    }
}
