import Foundation
import QubeCrypto

@testable import QubeCore

extension KeyStore {
    /// Every secret string of the nodes' key directories: nodekey hex, account private key hex
    /// (the keystore is decrypted), non-empty passwords, Tessera private keys (Base64), for the
    /// audit that no secret reaches logs, ConfigMaps or stdout.
    func secretStrings(for nodes: [NodeSpec], withTessera: Bool) throws(KeyStoreError) -> [String] {
        var secrets: [String] = []
        for node in nodes {
            let keys = keyDirectory(of: node)
            _ = try keys.load(withTessera: withTessera, verify: false)
            secrets.append(try keys.readNodeKey().privateKey.hex)
            let password = KeyFile.firstLine(of: try keys.read(.password))
            let keystoreData = try keys.readData(.accountKeystore)
            do {
                secrets.append(try Keystore(json: keystoreData).decrypt(password: password).privateKey.hex)
            } catch {
                throw keys.error(.accountKeystore, error.reason)
            }
            secrets.append(password)
            if withTessera {
                let pair = try keys.openTesseraKey(try keys.readTesseraKeyFile().file)
                secrets.append(pair.privateKey.withUnsafeBytes { Data($0) }.base64EncodedString())
                if keys.exists(.tesseraPassword) { secrets.append(KeyFile.firstLine(of: try keys.read(.tesseraPassword))) }
            }
        }
        return secrets.filter { !$0.isEmpty }
    }
}
