import Crypto
import Foundation
import Testing
import QubeCrypto

/// Tessera P2P TLS identities: what Tessera 0.10.5 `SSLKeyStoreLoader.fromPemKeyFile` loads
/// (an RSA key in PKCS#8) and the thumbprint its trust managers compare (SHA-1 of the DER).
@Suite struct TesseraTLSIdentityTests {
    /// The DER bytes of a PEM file's first block, decoded here independently of the library.
    static func der(_ pem: String) throws -> Data {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return try #require(Data(base64Encoded: body))
    }

    static let identity = Result {
        try TesseraTLSIdentity.generate(
            commonName: String(repeating: "ab", count: 32), dnsNames: ["n1.org-a.svc.cluster.local", "localhost", "tm.example.com"],
            ipAddresses: ["127.0.0.1", "192.0.2.10"])
    }

    @Test func generatesAPKCS8RSAKeyAndASelfSignedCertificateTesseraLoads() throws {
        let identity = try Self.identity.get()
        #expect(identity.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(identity.privateKeyPEM.hasSuffix("-----END PRIVATE KEY-----\n"))
        #expect(identity.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        // PKCS#8 PrivateKeyInfo: the rsaEncryption OID 1.2.840.113549.1.1.1.
        #expect(try Self.der(identity.privateKeyPEM).range(of: Data([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01])) != nil)

        let certificate = try TesseraTLSCertificate(certificatePEM: identity.certificatePEM)
        try certificate.checkKey(identity.privateKeyPEM)
        #expect(certificate.commonName == String(repeating: "ab", count: 32))
        #expect(certificate.dnsNames == ["n1.org-a.svc.cluster.local", "localhost", "tm.example.com"])
        #expect(certificate.ipAddresses == [[127, 0, 0, 1], [192, 0, 2, 10]])
        let sha1 = Insecure.SHA1.hash(data: try Self.der(identity.certificatePEM)).map { String(format: "%02x", $0) }.joined()
        #expect(certificate.fingerprint == sha1)
        #expect(TesseraTLSCertificate.isFingerprint(certificate.fingerprint))
        #expect(certificate.names("192.0.2.10") && certificate.names("TM.example.com") && certificate.names("127.0.0.1"))
        #expect(!certificate.names("192.0.2.11") && !certificate.names("other.example.com"))
    }

    /// A certificate made for a key already on disk (a run killed between the two writes) keeps that key.
    @Test func aCertificateForAnExistingKeyKeepsTheKey() throws {
        let first = try Self.identity.get()
        let again = try TesseraTLSIdentity.generate(
            commonName: "x", dnsNames: ["localhost"], ipAddresses: [], privateKeyPEM: first.privateKeyPEM)
        #expect(again.privateKeyPEM == first.privateKeyPEM)
        try TesseraTLSCertificate(certificatePEM: again.certificatePEM).checkKey(first.privateKeyPEM)
    }

    @Test func refusesWhatTesseraCannotLoad() throws {
        let identity = try Self.identity.get()
        let other = try TesseraTLSIdentity.generate(commonName: "y", dnsNames: [], ipAddresses: [])
        let certificate = try TesseraTLSCertificate(certificatePEM: identity.certificatePEM)
        #expect(throws: KeyFileError("is not the key of the certificate beside it")) { try certificate.checkKey(other.privateKeyPEM) }
        let pkcs1 = identity.privateKeyPEM.replacingOccurrences(of: "PRIVATE KEY", with: "RSA PRIVATE KEY")
        #expect(throws: KeyFileError("holds a 'RSA PRIVATE KEY' block; Tessera loads only PKCS#8 ('PRIVATE KEY')")) {
            try certificate.checkKey(pkcs1)
        }
        // A P-256 key in PKCS#8 (openssl genpkey -algorithm EC): Tessera's KeyFactory is "RSA" only.
        let ec = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgzlXAMJbR1EoTtInK
            IWAXMPRFWVSSahYCKohvyVVPAaShRANCAASz6aD5kJDGI6APRLjzSf0eu1WDE47n
            tDu8Cd+G26k981jggxAYFVirF9xVt2vm7HLY8CO+Sfcw/IvK2/JXoubv
            -----END PRIVATE KEY-----
            """
        #expect(throws: KeyFileError("is not an RSA key; Tessera loads only RSA")) { try certificate.checkKey(ec) }
        #expect(throws: KeyFileError("is not a PEM private key")) { try certificate.checkKey("garbage") }
        #expect(throws: KeyFileError("is not a PEM X.509 certificate")) { try TesseraTLSCertificate(certificatePEM: "garbage") }
        #expect(throws: KeyFileError("is not a PEM X.509 certificate")) {
            try TesseraTLSCertificate(certificatePEM: identity.certificatePEM.replacingOccurrences(of: "A", with: "B"))
        }
        #expect(throws: KeyFileError("'1.2.3' is not an IP address")) {
            try TesseraTLSIdentity.generate(commonName: "z", dnsNames: [], ipAddresses: ["1.2.3"])
        }
    }

    @Test(arguments: [
        ("0123456789abcdef0123456789abcdef01234567", true), ("0123456789ABCDEF0123456789abcdef01234567", false),
        ("0123456789abcdef0123456789abcdef0123456", false), ("0123456789abcdef0123456789abcdef012345678", false),
        ("0123456789abcdef0123456789abcdef0123456g", false), ("", false), ("01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab", false),
    ])
    func fingerprintsAreFortyLowercaseHexDigits(_ text: String, _ valid: Bool) {
        #expect(TesseraTLSCertificate.isFingerprint(text) == valid)
    }
}
