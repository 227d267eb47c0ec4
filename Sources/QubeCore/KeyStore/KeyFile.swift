/// The files of one node's key directory, with Qubernetes' names (`gen-keys.sh.erb`).
enum KeyFile: String, CaseIterable, Sendable {
    /// The devp2p private key: 64 lowercase hex digits, no `0x`, no newline (geth `SaveECDSA`).
    case nodekey
    /// The node id: 128 hex digits and a newline, as `bootnode -writeaddress > enode` writes.
    case enode
    /// The nodekey's EIP-55 address and a newline, as Qubernetes' `ethkey generate | sed` writes.
    case nodekeyAddress = "nodekeyaddress"
    /// The account's Web3 Secret Storage v3 keystore.
    case accountKeystore = "acctkeyfile.json"
    /// The keystore's password (geth `--password`: the first line counts); empty in Qubernetes.
    case password = "password.txt"
    /// Tessera's private key file (unlocked or argon2sbox).
    case tesseraKey = "tm.key"
    /// Tessera's public key, Base64, no newline.
    case tesseraPublicKey = "tm.pub"
    /// The password of a locked `tm.key` (Tessera `keys.passwordFile`: one line per key).
    case tesseraPassword = "tm.password"
    /// The RSA key of Tessera's P2P TLS, PKCS#8 PEM (``TesseraTLSIdentity``).
    case tesseraTLSKey = "tm-tls.key"
    /// The self-signed certificate of ``tesseraTLSKey``, PEM.
    case tesseraTLSCertificate = "tm-tls.crt"

    /// The file name on disk.
    var name: String { rawValue }

    /// The text of a file whose trailing newline (LF or CRLF), if any, is not part of the value.
    static func value(of text: String) -> Substring {
        var value = Substring(text)
        if value.hasSuffix("\n") { value = value.dropLast() }
        if value.hasSuffix("\r") { value = value.dropLast() }
        return value
    }

    /// The first line of a password file, as geth and Tessera read it.
    static func firstLine(of text: String) -> String {
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(line.hasSuffix("\r") ? line.dropLast() : line)
    }
}
