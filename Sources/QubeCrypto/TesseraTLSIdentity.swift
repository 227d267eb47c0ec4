import Crypto
import CryptoExtras
import Foundation
import SwiftASN1
import X509

/// A Tessera node's TLS identity: an RSA key and a self-signed certificate, both PEM, in the
/// forms every Tessera line loads.
///
/// Tessera 0.10.5 `SSLKeyStoreLoader.fromPemKeyFile` (ConsenSys/tessera@dd0f7f693f3a,
/// security/src/main/java/com/quorum/tessera/ssl/context/SSLKeyStoreLoader.java) reads the key
/// file's first `-----BEGIN ... PRIVATE KEY-----` block as a `PKCS8EncodedKeySpec` and opens it
/// with `KeyFactory.getInstance("RSA")`: only an RSA key in PKCS#8 (`BEGIN PRIVATE KEY`)
/// loads, so that is what is written, 2048 bits as Tessera's own `TlsUtils` generates. The
/// certificate file may hold several `CERTIFICATE` blocks; qube writes one.
///
/// The WHITELIST and TOFU trust managers (`WhiteListTrustManager`, `AbstractTrustManager`) key
/// the known-hosts file by the certificate's subject CN (`CertUtil.subjectCN`) and compare
/// ``TesseraTLSCertificate/fingerprint``; the subject alternative names are what a JDK client
/// checks the dialled host against.
public struct TesseraTLSIdentity: Sendable {
    /// The RSA private key, PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    public let privateKeyPEM: String
    /// The self-signed certificate, PEM.
    public let certificatePEM: String

    /// The RSA modulus size of generated keys, as Tessera's `TlsUtils` uses.
    static let keySize = _RSA.Signing.KeySize.bits2048
    /// How long a generated certificate is valid: Tessera's trust managers do not check
    /// validity, and the certificate is never regenerated, so it outlives the network.
    static let validity: TimeInterval = 100 * 365 * 24 * 3600

    /// Generates a key and a self-signed certificate for `commonName`, naming `dnsNames` and
    /// `ipAddresses` (dotted IPv4 or IPv6 text) as subject alternative names, valid from `now`.
    /// With `privateKeyPEM`, the certificate is made for that key (``rsaKey(_:)`` checks it).
    public static func generate(
        commonName: String, dnsNames: [String], ipAddresses: [String], privateKeyPEM: String? = nil, now: Date = Date()
    ) throws(KeyFileError) -> TesseraTLSIdentity {
        let existing = try privateKeyPEM.map { pem throws(KeyFileError) in try rsaKey(pem) }
        do {
            let key = try existing ?? _RSA.Signing.PrivateKey(keySize: keySize)
            let privateKey = Certificate.PrivateKey(key)
            let name = try DistinguishedName { CommonName(commonName) }
            var names = dnsNames.map { GeneralName.dnsName($0) }
            for address in ipAddresses {
                guard let bytes = Self.addressBytes(address) else { throw KeyFileError("'\(address)' is not an IP address") }
                names.append(.ipAddress(ASN1OctetString(contentBytes: bytes[...])))
            }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
                SubjectAlternativeNames(names)
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: privateKey.publicKey,
                notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(validity),
                issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption, extensions: extensions,
                issuerPrivateKey: privateKey)
            return TesseraTLSIdentity(
                privateKeyPEM: lineEnded(key.pkcs8PEMRepresentation), certificatePEM: lineEnded(try certificate.serializeAsPEM().pemString))
        } catch let error as KeyFileError {
            throw error
        } catch {
            throw KeyFileError("the TLS certificate cannot be made: \(error)")
        }
    }

    /// `pem` ending in exactly one newline, as PEM files do.
    private static func lineEnded(_ pem: String) -> String { pem.hasSuffix("\n") ? pem : pem + "\n" }

    /// The RSA key of a PKCS#8 PEM file, refusing what Tessera cannot load.
    static func rsaKey(_ pem: String) throws(KeyFileError) -> _RSA.Signing.PrivateKey {
        let document: PEMDocument
        do { document = try PEMDocument(pemString: pem) } catch { throw KeyFileError("is not a PEM private key") }
        guard document.discriminator == "PRIVATE KEY" else {
            throw KeyFileError("holds a '\(document.discriminator)' block; Tessera loads only PKCS#8 ('PRIVATE KEY')")
        }
        do { return try _RSA.Signing.PrivateKey(derRepresentation: document.derBytes) } catch {
            throw KeyFileError("is not an RSA key; Tessera loads only RSA")
        }
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 address, or nil.
    public static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}

/// The public facts of a Tessera TLS certificate and key pair read back from their PEM files,
/// checked as Tessera would load them.
public struct TesseraTLSCertificate: Equatable, Sendable {
    /// The subject CN: the known-hosts key Tessera's trust managers look the peer up by.
    public let commonName: String
    /// Tessera's thumbprint of the certificate: the SHA-1 of its DER bytes, 40 lowercase hex
    /// digits (0.10.5 `CertificateUtil.thumbPrint`: `MessageDigest.getInstance("SHA-1")` over
    /// `getEncoded()`, `printHexBinary(...).toLowerCase()`).
    public let fingerprint: String
    /// The DNS names among the subject alternative names.
    public let dnsNames: [String]
    /// The IP addresses among the subject alternative names, as bytes.
    public let ipAddresses: [[UInt8]]

    /// The certificate's public key, which ``checkKey(_:)`` compares.
    private let publicKey: Certificate.PublicKey

    /// Reads a PEM certificate. Errors say what is wrong with it.
    public init(certificatePEM: String) throws(KeyFileError) {
        let certificate: Certificate
        do { certificate = try Certificate(pemEncoded: certificatePEM) } catch {
            throw KeyFileError("is not a PEM X.509 certificate")
        }
        guard
            let commonName = certificate.subject.flatMap({ $0 }).first(where: { $0.type == .RDNAttributeType.commonName })
                .map({ String(describing: $0.value) })
        else {
            throw KeyFileError("names no subject CN, which Tessera's trust managers look peers up by")
        }
        var serializer = DER.Serializer()
        do { try serializer.serialize(certificate) } catch { throw KeyFileError("cannot be encoded as DER") }
        let names = (try? certificate.extensions.subjectAlternativeNames).flatMap { $0 }.map(Array.init) ?? []
        self.commonName = commonName
        fingerprint = Hex.encode(Array(Insecure.SHA1.hash(data: serializer.serializedBytes)))
        dnsNames = names.compactMap { if case .dnsName(let name) = $0 { name } else { nil } }
        ipAddresses = names.compactMap { if case .ipAddress(let bytes) = $0 { Array(bytes.bytes) } else { nil } }
        publicKey = certificate.publicKey
    }

    /// Checks that `privateKeyPEM` is this certificate's key in the one form Tessera loads:
    /// RSA, PKCS#8. Errors say what is wrong, never any key material.
    public func checkKey(_ privateKeyPEM: String) throws(KeyFileError) {
        let key = try TesseraTLSIdentity.rsaKey(privateKeyPEM)
        guard Certificate.PrivateKey(key).publicKey == publicKey else {
            throw KeyFileError("is not the key of the certificate beside it")
        }
    }

    /// Whether `host` (a DNS name or IP address text) is among the subject alternative names.
    public func names(_ host: String) -> Bool {
        if let bytes = TesseraTLSIdentity.addressBytes(host) { return ipAddresses.contains(bytes) }
        return dnsNames.contains { $0.lowercased() == host.lowercased() }
    }

    /// Whether `text` has the form of a ``fingerprint``: exactly 40 lowercase hex digits.
    public static func isFingerprint(_ text: String) -> Bool {
        text.utf8.count == 40 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
