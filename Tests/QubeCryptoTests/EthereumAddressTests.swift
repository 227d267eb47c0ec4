import Testing
import QubeCrypto

/// EIP-55 vectors from docs/formats.md §3.
@Suite struct EthereumAddressTests {
    /// ethereum/EIPs eip-55.md test cases: each must round-trip unchanged.
    @Test(arguments: [
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
    func eip55CasesAreAccepted(text: String) throws {
        _ = try EthereumAddress(validating: text)
    }

    /// The "Normal" cases are their own checksum; the all-caps/all-lower ones are not.
    @Test(arguments: [
        ("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
        ("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"),
        ("0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB"),
        ("0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"),
        ("0xd8dba507e85f116b1f7e231ca8525fc9008a6966", "0xd8Dba507e85F116b1f7e231cA8525fC9008A6966"),
        ("0xed9d02e382b34818e88b88a309c7fe71e65f419d", "0xed9d02e382b34818e88B88a309c7fe71E65f419d"),
        ("0x970E8128AB834E8EAC17AB8E3812F010678CF791", "0x970E8128AB834E8EAC17Ab8E3812F010678CF791"),
    ])
    func checksumOfLowercase(input: String, checksummed: String) throws {
        let address = try EthereumAddress(validating: input)
        #expect(address.checksummed == checksummed)
        #expect(address.description == checksummed)
        #expect(address.lowercaseHex == String(input.dropFirst(2)).lowercased())
    }

    /// go-ethereum TestAddressHexChecksum: 0xa left-padded to 20 bytes.
    @Test func paddedAddress() {
        let address = EthereumAddress(bytes: [UInt8](repeating: 0, count: 19) + [0x0a])
        #expect(address.checksummed == "0x000000000000000000000000000000000000000A")
    }

    @Test(arguments: [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",  // one letter's case flipped
        "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xD8dba507e85f116b1f7e231ca8525fc9008a6966",
    ])
    func badMixedCaseIsRejected(text: String) {
        #expect(throws: EthereumAddress.ParseError.self) { try EthereumAddress(validating: text) }
    }

    @Test(arguments: [
        "", "0x", "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "0X5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaedaa",
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg", " 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae",
    ])
    func malformedTextIsRejected(text: String) {
        #expect(throws: EthereumAddress.ParseError.self) { try EthereumAddress(validating: text) }
    }

    @Test func addressesOrderByBytes() throws {
        let low = try EthereumAddress(validating: "0x6571d97f340c8495b661a823f2c2145ca47d63c2")
        let high = try EthereumAddress(validating: "0xd8dba507e85f116b1f7e231ca8525fc9008a6966")
        #expect(low < high)
    }
}
