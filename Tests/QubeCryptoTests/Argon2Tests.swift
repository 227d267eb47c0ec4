import CSodium
import Testing
@testable import QubeCrypto

/// Argon2 v1.3 known answers: docs/formats.md §5 V5.e (P-H-C/phc-winner-argon2 `src/test.c`,
/// password "password", salt "somesalt", 32-byte tags).
@Suite struct Argon2Tests {
    @Test(arguments: [
        (Argon2.Variant.i, 2, 256, 2, "4ff5ce2769a1d7f4c8a491df09d41a9fbe90e5eb02155a13e4c01e20cd4eab61"),
        (Argon2.Variant.id, 2, 256, 2, "6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037"),
        (Argon2.Variant.i, 2, 65536, 1, "c1628832147d9720c5bd1cfd61367078729f6dfb6f8fea9ff98158e0d7816ed0"),
    ])
    func referenceVectors(variant: Argon2.Variant, iterations: Int, memoryKiB: Int, parallelism: Int, tag: String) throws {
        let argon = Argon2(variant: variant, iterations: iterations, memoryKiB: memoryKiB, parallelism: parallelism)
        let out = try #require(argon.hash(password: "password".utf8, salt: Array("somesalt".utf8)))
        #expect(out.hex == tag)
    }

    /// With one lane, libsodium's crypto_pwhash is an independent implementation to agree with.
    @Test(arguments: [Argon2.Variant.i, .id])
    func agreesWithLibsodiumForOneLane(variant: Argon2.Variant) throws {
        let salt = Array("sixteen byte salt".utf8.prefix(16))
        let password = Array("correct horse".utf8)
        var expected = [UInt8](repeating: 0, count: 32)
        let algorithm = variant == .i ? crypto_pwhash_ALG_ARGON2I13 : crypto_pwhash_ALG_ARGON2ID13
        let status = password.withUnsafeBufferPointer { pw in
            pw.withMemoryRebound(to: CChar.self) {
                crypto_pwhash(&expected, 32, $0.baseAddress!, UInt64(pw.count), salt, 3, 1024 * 1024, algorithm)
            }
        }
        #expect(status == 0)
        let argon = Argon2(variant: variant, iterations: 3, memoryKiB: 1024, parallelism: 1)
        #expect(try #require(argon.hash(password: password, salt: salt)).hex == Hex.encode(expected))
    }

    @Test func outOfRangeParametersGiveNothing() {
        let tooLittleMemory = Argon2(variant: .i, iterations: 1, memoryKiB: 8, parallelism: 2)
        #expect(tooLittleMemory.hash(password: [], salt: Array("somesalt".utf8)) == nil)
        #expect(Argon2.light.hash(password: [], salt: [1, 2, 3]) == nil)  // salt under 8 bytes
    }
}
