import Foundation
import Testing
@testable import QubeCrypto

/// Tessera key vectors from docs/formats.md §5.
@Suite struct TesseraKeyTests {
    /// V5.a: RFC 7748 §6.1 X25519 base-point multiplications.
    @Test(arguments: [
        ("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"),
        ("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"),
    ])
    func rfc7748(privateKey: String, publicKey: String) throws {
        #expect(Hex.encode(try TesseraKeyPair(privateKey: try Hex.decode(privateKey)).publicKey) == publicKey)
    }

    /// V5.b: Consensys/quorum-examples 7nodes keys/tm{1..7}.key → tm{1..7}.pub, and the unlocked
    /// file qube writes for the same key is the fixture byte for byte.
    @Test(arguments: [
        ("Wl+xSyXVuuqzpvznOS7dOobhcn4C5auxkFRi7yLtgtA=", "BULeR8JyUWhiuuCMU/HLA0Q5pzkYT+cHII3ZKBey3Bo="),
        ("nDFwJNHSiT1gNzKBy9WJvMhmYRkW3TzFUmPsNzR6oFk=", "QfeDAys9MPDs2XHExtc84jKGHxZg/aj52DTh0vtA3Xc="),
        ("tMxUVR8bX7aq/TbpVHc2QV3SN2iUuExBwefAuFsO0Lg=", "1iTZde/ndBHvzhcl7V68x44Vx7pl8nwx9LqnM/AfJUg="),
        ("grQjd3dBp4qFs8/5Jdq7xjz++aUx/LXAqISFyPWaCRw=", "oNspPPgszVUFw0qmGFfWwh1uxVUXgvBxleXORHj07g8="),
        ("W8XcdJfOuxCrLcspSceNg9vh7Cwe8tXiIx5xPJ88OtQ=", "R56gy4dn24YOjwyesTczYa8m5xhP6hF2uTMCju/1xkY="),
        ("N9wH6bG0lWOCJtSnosatAskvzkrDApdrjaWkqjDyDzE=", "UfNSeSGySeKg11DVNEnqrUtxYRVor4+CvluI8tVv62Y="),
        ("lesaO6EWbmL1rie1biy851BnN1QsRRDK4kWUimlK0EA=", "ROAZBWtSacxXQrOe3FGAqJDyJjFePR5ce4TSIzmJ0Bc="),
    ])
    func sevenNodesKeys(privateKey: String, publicKey: String) throws {
        let fixture = #"{"data":{"bytes":"\#(privateKey)"},"type":"unlocked"}"#
        let file = try TesseraKeyFile(json: Data(fixture.utf8))
        #expect(!file.isLocked)
        let pair = try file.open(password: nil)
        #expect(pair.publicKeyBase64 == publicKey)
        #expect(String(decoding: pair.unlockedFile().json, as: UTF8.self) == fixture)
    }

    /// V5.c: Constellation's testUnlockV0 key opens with "foo"; re-locking with its salt and
    /// nonce reproduces the file exactly.
    static let constellationLocked =
        #"{"data":{"aopts":{"variant":"i","memory":8192,"iterations":2,"parallelism":2},"snonce":"LJ7QUiZ0kD/mPf/aHvCEQKDhlUucZM0s","asalt":"I5bvdFhNpr8hlknzOHIO7Q3S5Ubs9ucUdVneghrebZQ=","sbox":"iHJAfcpWWE5PsvwZRwr5gCtwMKu7xXZAAPCVRGfx06l/I5QgXs0V/czOqYsMxoEG"},"type":"argon2sbox"}"#

    @Test func constellationLockedKeyOpensAndRelocksExactly() throws {
        let file = try TesseraKeyFile(json: Data(Self.constellationLocked.utf8))
        #expect(file.isLocked)
        #expect(file.argon == .light)
        let pair = try file.open(password: "foo")
        #expect(pair.privateKey.withUnsafeBytes { Data($0) }.base64EncodedString() == "nKSPWPSyEWw/Pjg4gGczvNjm39z/h1MG0KXPjcXOgjs=")
        #expect(pair.publicKeyBase64 == "ENnJpgbMlNoXATPe0XCm+HtuZ547y6o7qbDLKG8zb00=")
        let relocked = pair.lockedFile(
            password: "foo", argon: .light, salt: Array(Data(base64Encoded: "I5bvdFhNpr8hlknzOHIO7Q3S5Ubs9ucUdVneghrebZQ=")!),
            nonce: Array(Data(base64Encoded: "LJ7QUiZ0kD/mPf/aHvCEQKDhlUucZM0s")!))
        #expect(String(decoding: relocked.json, as: UTF8.self) == Self.constellationLocked)
        #expect(throws: KeyFileError("tm.key: wrong password (the secretbox does not open)")) { try file.open(password: "bar") }
        #expect(throws: KeyFileError.self) { try file.open(password: nil) }
    }

    @Test func generatedPairLocksAndOpens() throws {
        let pair = TesseraKeyPair.generate()
        #expect(pair.publicKeyBase64.count == 44)
        let locked = try TesseraKeyFile(json: pair.lockedFile(password: "s3cret", argon: .light).json)
        #expect(try locked.open(password: "s3cret").publicKey == pair.publicKey)
        #expect(TesseraKeyPair.generate().publicKey != pair.publicKey)
    }

    @Test func tesseraDefaultsAreTesserasKeygenOptions() {
        #expect(Argon2.tesseraDefault == Argon2(variant: .i, iterations: 10, memoryKiB: 1_048_576, parallelism: 4))
    }

    @Test(arguments: [
        (#"{"data":{"bytes":"AAAA"},"type":"unlocked"}"#, "tm.key.data.bytes is not 32 bytes"),
        (#"{"data":{},"type":"sealed"}"#, "tm.key.type is neither unlocked nor argon2sbox"),
        (#"{"type":"unlocked"}"#, "tm.key.data is not a JSON object"),
        (#"{"data":{"aopts":{"variant":"x","memory":8,"iterations":1,"parallelism":1}},"type":"argon2sbox"}"#, "tm.key.data.aopts.variant is not i, id or d"),
    ])
    func malformedFilesAreNamed(json: String, message: String) {
        #expect(throws: KeyFileError(message)) { try TesseraKeyFile(json: Data(json.utf8)) }
    }
}
