import Testing
import QubeCrypto

/// Known answers from docs/formats.md §1 and §3.
@Suite struct Secp256k1KeyTests {
    /// V1.a: Consensys/quorum-examples 7nodes raft/nodekey{1..7} → permissioned-nodes.json node ids.
    @Test(arguments: [
        ("1be3b50b31734be48452c29d714941ba165ef0cbf3ccea8ca16c45e3d8d45fb0", "ac6b1096ca56b9f6d004b779ae3728bf83f8e22453404cc3cef16a3d9b96608bc67c4b30db88e0a5a6c6390213f7acbe1153ff6d23ce57380104288ae19373ef"),
        ("9bdd6a2e7cc1ca4a4019029df3834d2633ea6e14034d6dcc3b944396fe13a08b", "0ba6b9f606a43a95edc6247cdb1c1e105145817be7bcafd6b2c0ba15d58145f0dc1a194f70ba73cd6f4cdd6864edc7687f311254c7555cc32e4d45aeb1b80416"),
        ("722f11686b2277dcbd72713d8a3c81c666b585c337d47f503c3c1f3c17cf001d", "579f786d4e2830bbcc02815a27e8a9bacccc9605df4dc6f20bcc1a6eb391e7225fff7cb83e5b4ecd1f3a94d8b733803f2f66b7e871961e7b029e22c155c3a778"),
        ("6af685c4de99d44c620ccd9464d19bdeb62a750b9ae49b1740fb28d68a0e5c7d", "3d9ca5956b38557aba991e31cf510d4df641dce9cc26bfeb7de082f0c07abb6ede3a58410c8f249dabeecee4ad3979929ac4c7c496ad20b8cfdd061b7401b4f5"),
        ("103bb5d20384b9af9f693d4287822fef6da7d79cb2317ed815f0081c7ea8d17d", "3701f007bfa4cb26512d7df18e6bbd202e8484a6e11d387af6e482b525fa25542d46ff9c99db87bd419b980c24a086117a397f6d8f88e74351b41693880ea0cb"),
        ("79999aef8d5197446b6051df47f01fd4d6dd1997aec3f5282e77ea27b6727346", "eacaa74c4b0e7a9e12d2fe5fee6595eda841d6d992c35dbbcc50fcee4aa86dfbbdeff7dc7e72c2305d5a62257f82737a8cffc80474c15c611c037f52db1a3a7b"),
        ("e85dae073b504871ffd7946bf5f45e6fa8dc09eb1536a48c4b6822332008973d", "239c1f044a2b03b6c4713109af036b775c5418fe4ca63b04b1ce00124af00ddab7cc088fc46020cdc783b6207efe624551be4c06a994993d8d70f684688fb7cf"),
        // V1.c quorum-dev-quickstart validator1 and member1 nodekey → nodekey.pub
        ("1a2c4ff0f1b38e2322658dba692816138eb22d002515df1fffca21278f406aa9", "8208a3f344695d44e9cf2c023683cbea7b9343e2f70a5e804bd2c93858e945f8f91439eef96a4ab6c47ff06637d6fbe6472f96de1655a1bee57ea896654f3a22"),
        ("b9a4bd1539c15bcc83fa9078fe89200b6e9e802ae992f13cd83c853f16e8bed4", "98496800174b3c73ae33cba59f8f5e686cd488f7897c2edb52e2cf46383d75cd03dbb58dde07185bc0953f98800ca9a89f4b5ef450c5e51292ea08ec6130ee0c"),
        // V1.g: d = 1 gives the generator G.
        ("0000000000000000000000000000000000000000000000000000000000000001", "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"),
    ])
    func nodeIDOfNodekey(nodekey: String, nodeID: String) throws {
        #expect(try Secp256k1Key(privateKeyHex: nodekey).nodeID == nodeID)
    }

    /// V1.b istanbul-tools, V1.d quorum-genesis-tool, go-ethereum crypto_test, ethereum/tests keyaddrtest.
    @Test(arguments: [
        ("e5f9b868651ea8f4883744f2753ead9dfcdf7b1d8a96de0e733f406938dca1eb", "5e5d0e2b80005a7e1f93044ddd64b2df0f8e488d"),
        ("2c13ee666b2ce617bf1e0d7fe7c8f058be27ea3a1aaabbfc63570a65f0bdae38", "1b706dd850229813ee7c4002cd2fedc91380bb5a"),
        ("321339fbbc84f71c7b0c8aebe2bf53a64951a3bfee75960edaa4313b614f4a3c", "e63a320b26610685d3d5124c7c65b360735ab8f2"),
        ("1be3b50b31734be48452c29d714941ba165ef0cbf3ccea8ca16c45e3d8d45fb0", "d8dba507e85f116b1f7e231ca8525fc9008a6966"),
        ("865ea77fe933ba01ad4ff60b7c9187ff34be5327350c5045153e5cfa85302013", "3db22f82cab50038f33e33cb35a86c92f5bc18f4"),
        ("289c2857d4598e37fb9647507e47a309d6133539bf21a8b9cb6df88fd5232032", "970e8128ab834e8eac17ab8e3812f010678cf791"),
        ("c85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4", "cd2a3d9f938e13cd947ec05abc7fe734df8dd826"),
        ("c87f65ff3f271bf5dc8643484f66b200109caffe4bf98c4cb393dc35740b28c0", "13978aee95f38490e9769c39b2773ed763d9cd5f"),
    ])
    func addressOfPrivateKey(privateKey: String, address: String) throws {
        #expect(try Secp256k1Key(privateKeyHex: privateKey).address.lowercaseHex == address)
    }

    /// V1.b: the istanbul-tools node info line carries the node id of its nodekey.
    @Test func istanbulToolsNodeInfo() throws {
        let key = try Secp256k1Key(privateKeyHex: "e5f9b868651ea8f4883744f2753ead9dfcdf7b1d8a96de0e733f406938dca1eb")
        #expect(
            "enode://\(key.nodeID)@127.0.0.1:21000?discport=0"
                == "enode://8759a8a6921be78ec4e66ec77ae26ba9b3b1a51d1f83b16683c6f25e5a1d95a4de2c5bf4c2c05e1b984fae440236d96063efe933425df72659ee9de824cda6e1@127.0.0.1:21000?discport=0"
        )
    }

    /// V1.e: the v4 node ID (EIP-778) is keccak256 of the 64-byte public key.
    @Test func eip778NodeID() throws {
        let key = try Secp256k1Key(privateKeyHex: "b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291")
        #expect(Hex.encode(Keccak256.hash(key.publicKey)) == "a448f24c6d18e575453db13171562b71999873db5b286df957af199ec94617f7")
    }

    @Test(arguments: [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",  // n
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "1be3b50b31734be48452c29d714941ba165ef0cbf3ccea8ca16c45e3d8d45f",  // 31 bytes
        "0x1be3b50b31734be48452c29d714941ba165ef0cbf3ccea8ca16c45e3d8d45f",
        "1be3b50b31734be48452c29d714941ba165ef0cbf3ccea8ca16c45e3d8d45fb0\n",
    ])
    func rejectsInvalidPrivateKeys(hex: String) {
        #expect(throws: Secp256k1Key.InvalidKeyError.self) { try Secp256k1Key(privateKeyHex: hex) }
    }

    @Test func largestValidScalarIsAccepted() throws {
        _ = try Secp256k1Key(privateKeyHex: "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140")
    }

    @Test func generatedKeysAreFreshAndRoundTrip() throws {
        let a = Secp256k1Key.generate(), b = Secp256k1Key.generate()
        #expect(a.publicKey != b.publicKey)
        #expect(try Secp256k1Key(privateKeyHex: a.privateKey.hex).publicKey == a.publicKey)
    }
}
