import Foundation
import Testing
@testable import QubeCrypto

/// Web3 Secret Storage vectors from docs/formats.md §4.
@Suite struct KeystoreTests {
    /// V4.a: go-ethereum accounts/keystore/testdata/v3_test_vector.json (the wiki vectors and
    /// the 31- and 30-byte keys, which geth pads on the left).
    @Test(arguments: [
        (
            #"{"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"83dbcc02d8ccb40e466191a123791e0e"},"ciphertext":"d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c","kdf":"scrypt","kdfparams":{"dklen":32,"n":262144,"r":1,"p":8,"salt":"ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"},"mac":"2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}"#,
            "testpassword", "7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d"
        ),
        (
            #"{"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"6087dab2f9fdbbfaddc31a909735c1e6"},"ciphertext":"5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46","kdf":"pbkdf2","kdfparams":{"c":262144,"dklen":32,"prf":"hmac-sha256","salt":"ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},"mac":"517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}"#,
            "testpassword", "7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d"
        ),
        (
            #"{"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"e0c41130a323adc1446fc82f724bca2f"},"ciphertext":"9517cd5bdbe69076f9bf5057248c6c050141e970efa36ce53692d5d59a3984","kdf":"scrypt","kdfparams":{"dklen":32,"n":2,"r":8,"p":1,"salt":"711f816911c92d649fb4c84b047915679933555030b3552c1212609b38208c63"},"mac":"d5e116151c6aa71470e67a7d42c9620c75c4d23229847dcc127794f0732b0db5"},"id":"fecfc4ce-e956-48fd-953b-30f8b52ed66c","version":3}"#,
            "foo", "00fa7b3db73dc7dfdf8c5fbdb796d741e4488628c41fc4febd9160a866ba0f35"
        ),
        (
            #"{"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"3ca92af36ad7c2cd92454c59cea5ef00"},"ciphertext":"108b7d34f3442fc26ab1ab90ca91476ba6bfa8c00975a49ef9051dc675aa","kdf":"scrypt","kdfparams":{"dklen":32,"n":2,"r":8,"p":1,"salt":"d0769e608fb86cda848065642a9c6fa046845c928175662b8e356c77f914cd3b"},"mac":"75d0e6759f7b3cefa319c3be41680ab6beea7d8328653474bd06706d4cc67420"},"id":"a37e1559-5955-450d-8075-7b8931b392b2","version":3}"#,
            "foo", "000081c29e8142bb6a81bef5a92bda7a8328a5c85bb2f9542e76f9b0f94fc018"
        ),
    ])
    func web3SecretStorageVectors(json: String, password: String, privateKey: String) throws {
        let keystore = try Keystore(json: Data(json.utf8))
        #expect(keystore.address == nil)
        #expect(try keystore.decrypt(password: password).privateKey.hex == privateKey)
        #expect(throws: KeyFileError("keystore: wrong password (MAC mismatch)")) { try keystore.decrypt(password: password + "x") }
    }

    /// V4.b: 7nodes keys/key1 (standard scrypt, empty password). Re-encrypting the key with the
    /// file's salt, iv and id reproduces the file byte for byte (geth's member order, compact).
    static let sevenNodesKey1 =
        #"{"address":"ed9d02e382b34818e88b88a309c7fe71e65f419d","crypto":{"cipher":"aes-128-ctr","ciphertext":"4e77046ba3f699e744acb4a89c36a3ea1158a1bd90a076d36675f4c883864377","cipherparams":{"iv":"a8932af2a3c0225ee8e872bc0e462c11"},"kdf":"scrypt","kdfparams":{"dklen":32,"n":262144,"p":1,"r":8,"salt":"8ca49552b3e92f79c51f2cd3d38dfc723412c212e702bd337a3724e8937aff0f"},"mac":"6d1354fef5aa0418389b1a5d1f5ee0050d7273292a1171c51fd02f9ecff55264"},"id":"a65d1ac3-db7e-445d-a1cc-b6c5eeaa05e0","version":3}"#

    @Test func sevenNodesKeyDecryptsAndReencryptsExactly() throws {
        let keystore = try Keystore(json: Data(Self.sevenNodesKey1.utf8))
        #expect(keystore.address?.lowercaseHex == "ed9d02e382b34818e88b88a309c7fe71e65f419d")
        let key = try keystore.decrypt(password: "")
        #expect(key.privateKey.hex == "e6181caaffff94a09d7e332fc8da9884d99902c7874eb74354bdcadf411929f1")
        let again = Keystore.encrypt(
            key, password: "", scrypt: .standard,
            salt: try Hex.decode("8ca49552b3e92f79c51f2cd3d38dfc723412c212e702bd337a3724e8937aff0f"),
            iv: try Hex.decode("a8932af2a3c0225ee8e872bc0e462c11"), id: "a65d1ac3-db7e-445d-a1cc-b6c5eeaa05e0")
        #expect(String(decoding: again.json, as: UTF8.self) == Self.sevenNodesKey1)
    }

    /// V4.c very-light-scrypt.json (password "") and V4.d keystore/aaa (password "foobar").
    @Test(arguments: [
        (
            #"{"address":"45dea0fb0bba44f4fcf290bba71fd57d7117cbb8","crypto":{"cipher":"aes-128-ctr","ciphertext":"b87781948a1befd247bff51ef4063f716cf6c2d3481163e9a8f42e1f9bb74145","cipherparams":{"iv":"dc4926b48a105133d2f16b96833abf1e"},"kdf":"scrypt","kdfparams":{"dklen":32,"n":2,"p":1,"r":8,"salt":"004244bbdc51cadda545b1cfa43cff9ed2ae88e08c61f1479dbb45410722f8f0"},"mac":"39990c1684557447940d4c69e06b1b82b2aceacb43f284df65c956daf3046b85"},"id":"ce541d8d-c79b-40f8-9f8c-20f59616faba","version":3}"#,
            "", "45dea0fb0bba44f4fcf290bba71fd57d7117cbb8"
        ),
        (
            #"{"address":"f466859ead1932d743d622cb74fc058882e8648a","crypto":{"cipher":"aes-128-ctr","ciphertext":"cb664472deacb41a2e995fa7f96fe29ce744471deb8d146a0e43c7898c9ddd4d","cipherparams":{"iv":"dfd9ee70812add5f4b8f89d0811c9158"},"kdf":"scrypt","kdfparams":{"dklen":32,"n":8,"p":16,"r":8,"salt":"0d6769bf016d45c479213990d6a08d938469c4adad8a02ce507b4a4e7b7739f1"},"mac":"bac9af994b15a45dd39669fc66f9aa8a3b9dd8c22cb16e4d8d7ea089d0f1a1a9"},"id":"472e8b3d-afb6-45b5-8111-72c89895099a","version":3}"#,
            "foobar", "f466859ead1932d743d622cb74fc058882e8648a"
        ),
    ])
    func gethTestdataDecrypts(json: String, password: String, address: String) throws {
        let key = try Keystore(json: Data(json.utf8)).decrypt(password: password)
        #expect(key.address.lowercaseHex == address)
    }

    @Test func lightKeystoreRoundTrips() throws {
        let key = Secp256k1Key.generate()
        let keystore = Keystore.encrypt(key, password: "pässword", kdf: .light)
        let reread = try Keystore(json: keystore.json)
        #expect(reread.address == key.address)
        #expect(try reread.decrypt(password: "pässword").privateKey.hex == key.privateKey.hex)
        #expect(throws: KeyFileError.self) { try reread.decrypt(password: "password") }
        let root = try #require(try JSONSerialization.jsonObject(with: keystore.json) as? [String: Any])
        let crypto = try #require(root["crypto"] as? [String: Any])
        let params = try #require(crypto["kdfparams"] as? [String: Any])
        #expect(params["n"] as? Int == 4096 && params["r"] as? Int == 8 && params["p"] as? Int == 6)
        #expect(!keystore.json.contains(UInt8(ascii: "\n")))
    }

    @Test func idIsARandomVersion4UUID() throws {
        let id = Keystore.randomUUID()
        #expect(id.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
        #expect(id != Keystore.randomUUID())
    }

    @Test(arguments: [
        ("", "keystore is not valid JSON"),
        ("[]", "keystore is not a JSON object"),
        (#"{"version":3}"#, "keystore.crypto is not a JSON object"),
        (#"{"version":1,"crypto":{}}"#, "keystore.version is not 3"),
        (#"{"version":3,"address":"0xed9d02e382b34818e88b88a309c7fe71e65f419d","crypto":{}}"#, "keystore.address is not 40 hex digits"),
        (#"{"version":3,"crypto":{"cipher":"aes-256-gcm"}}"#, "keystore.crypto.cipher is not aes-128-ctr"),
    ])
    func malformedKeystoresAreNamed(json: String, message: String) {
        #expect(throws: KeyFileError(message)) { try Keystore(json: Data(json.utf8)) }
    }

    /// A file whose address does not match its key is refused, even with the right password.
    @Test func addressMismatchIsAnError() throws {
        let tampered = Self.sevenNodesKey1.replacingOccurrences(
            of: "ed9d02e382b34818e88b88a309c7fe71e65f419d", with: "0000000000000000000000000000000000000001")
        #expect(throws: KeyFileError.self) { try Keystore(json: Data(tampered.utf8)).decrypt(password: "") }
    }
}
