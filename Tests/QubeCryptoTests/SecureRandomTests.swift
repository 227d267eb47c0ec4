import Testing
@testable import QubeCrypto

@Test func randomBytesHaveTheAskedLengthAndDiffer() {
    let a = SecureRandom.bytes(32), b = SecureRandom.bytes(32)
    #expect(a.count == 32)
    #expect(a != b)
}
