import Foundation
import QubeCore
import QubeCrypto

/// Fixed inputs and reference data for the chain tests.
enum ChainFixtures {
    /// `Tests/QubeCoreTests/Golden/chain`.
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/chain")

    /// The 7nodes keys (docs/formats.md §1 V1.a/V1.f, §7): validator addresses of raft/nodekey1..7,
    /// node ids of the enode URLs, account addresses of keys/key1..7 (the clique signers of §7)
    /// and the Tessera public keys of keys/tm1..7.pub (§5 V5.b).
    static let sevenNodes: [NodeKeys] = [
        NodeKeys(
            nodeID: "ac6b1096ca56b9f6d004b779ae3728bf83f8e22453404cc3cef16a3d9b96608bc67c4b30db88e0a5a6c6390213f7acbe1153ff6d23ce57380104288ae19373ef",
            validatorAddress: "0xd8Dba507e85F116b1f7e231cA8525fC9008A6966", accountAddress: "0xed9d02e382b34818e88b88a309c7fe71e65f419d",
            tesseraPublicKey: "BULeR8JyUWhiuuCMU/HLA0Q5pzkYT+cHII3ZKBey3Bo="),
        NodeKeys(
            nodeID: "0ba6b9f606a43a95edc6247cdb1c1e105145817be7bcafd6b2c0ba15d58145f0dc1a194f70ba73cd6f4cdd6864edc7687f311254c7555cc32e4d45aeb1b80416",
            validatorAddress: "0x6571d97f340c8495b661a823f2c2145ca47d63c2", accountAddress: "0xca843569e3427144cead5e4d5999a3d0ccf92b8e",
            tesseraPublicKey: "QfeDAys9MPDs2XHExtc84jKGHxZg/aj52DTh0vtA3Xc="),
        NodeKeys(
            nodeID: "579f786d4e2830bbcc02815a27e8a9bacccc9605df4dc6f20bcc1a6eb391e7225fff7cb83e5b4ecd1f3a94d8b733803f2f66b7e871961e7b029e22c155c3a778",
            validatorAddress: "0xe36cbeb565b061217930767886474e3cde903ac5", accountAddress: "0x0fbdc686b912d7722dc86510934589e0aaf3b55a",
            tesseraPublicKey: "1iTZde/ndBHvzhcl7V68x44Vx7pl8nwx9LqnM/AfJUg="),
        NodeKeys(
            nodeID: "3d9ca5956b38557aba991e31cf510d4df641dce9cc26bfeb7de082f0c07abb6ede3a58410c8f249dabeecee4ad3979929ac4c7c496ad20b8cfdd061b7401b4f5",
            validatorAddress: "0xf512a992f3fb749857d758ffda1330e590fa915e", accountAddress: "0x9186eb3d20cbd1f5f992a950d808c4495153abd5",
            tesseraPublicKey: "oNspPPgszVUFw0qmGFfWwh1uxVUXgvBxleXORHj07g8="),
        NodeKeys(
            nodeID: "3701f007bfa4cb26512d7df18e6bbd202e8484a6e11d387af6e482b525fa25542d46ff9c99db87bd419b980c24a086117a397f6d8f88e74351b41693880ea0cb",
            validatorAddress: "0xb912de287f9b047b4228436e94b5b78e3ee16171", accountAddress: "0x0638e1574728b6d862dd5d3a3e0942c3be47d996",
            tesseraPublicKey: "R56gy4dn24YOjwyesTczYa8m5xhP6hF2uTMCju/1xkY="),
        NodeKeys(
            nodeID: "eacaa74c4b0e7a9e12d2fe5fee6595eda841d6d992c35dbbcc50fcee4aa86dfbbdeff7dc7e72c2305d5a62257f82737a8cffc80474c15c611c037f52db1a3a7b",
            validatorAddress: "0x8157d4437104e3b8df4451a85f7b2438ef6699ff", accountAddress: "0xae9bc6cd5145e67fbd1887a5145271fd182f0ee7",
            tesseraPublicKey: "UfNSeSGySeKg11DVNEnqrUtxYRVor4+CvluI8tVv62Y="),
        NodeKeys(
            nodeID: "239c1f044a2b03b6c4713109af036b775c5418fe4ca63b04b1ce00124af00ddab7cc088fc46020cdc783b6207efe624551be4c06a994993d8d70f684688fb7cf",
            validatorAddress: "0xb131288f355bc27090e542ae0be213c20350b767", accountAddress: "0xcc71c7546429a13796cf1bf9228bff213e7ae9cc",
            tesseraPublicKey: "ROAZBWtSacxXQrOe3FGAqJDyJjFePR5ce4TSIzmJ0Bc="),
    ]

    /// A network of `count` local nodes `quorum-node1…` with the 7nodes keys.
    static func network(
        _ name: String = "org-a", consensus: Consensus = .istanbul, chainID: Int = 1000, quorum: SemanticVersion = SemanticVersion(2, 7, 0),
        tessera: SemanticVersion? = SemanticVersion(0, 10, 6), nodes count: Int = 3, gethParams: String = "", blockPeriod: Int = 1
    ) throws -> (Network, [String: NodeKeys]) {
        var network = try Network(
            NetworkSpec(name: name, consensus: consensus, chainID: chainID, quorumVersion: quorum, tesseraVersion: tessera, blockPeriod: blockPeriod))
        var keys: [String: NodeKeys] = [:]
        for index in 0..<count {
            let name = "quorum-node\(index + 1)"
            try network.addNode(NodeSpec(name: name, gethParams: gethParams))
            keys[name] = sevenNodes[index]
        }
        return (network, keys)
    }

    /// The lines of a versions list that are not comments.
    static func versionList(_ file: String) throws -> Set<String> {
        let text = try String(contentsOf: goldenDirectory.appendingPathComponent("versions/" + file), encoding: .utf8)
        return Set(text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") })
    }

    /// The flags GoQuorum `version` accepts (1 or D in goquorum-flags-matrix.tsv).
    static func acceptedFlags(_ version: SemanticVersion) throws -> Set<String> {
        try flags(version) { $0 != "-" }
    }

    /// The flags GoQuorum `version` accepts but deprecates, with a warning (D in goquorum-flags-matrix.tsv).
    static func deprecatedFlags(_ version: SemanticVersion) throws -> Set<String> {
        try flags(version) { $0 == "D" }
    }

    /// The flags whose goquorum-flags-matrix.tsv cell for `version` satisfies `cell`.
    private static func flags(_ version: SemanticVersion, where cell: (String) -> Bool) throws -> Set<String> {
        let text = try String(contentsOf: goldenDirectory.appendingPathComponent("versions/goquorum-flags-matrix.tsv"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
        guard let header = rows.first, let column = header.firstIndex(of: "v\(version)") else { return [] }
        return Set(rows.dropFirst().filter { cell($0[column]) }.map { $0[0] })
    }
}

/// The bytes of hex text, with or without `0x`.
func hexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8.dropFirst(hex.hasPrefix("0x") ? 2 : 0))
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}

extension String {
    /// This `0x` address in EIP-55 form, for comparing addresses whatever their case.
    var checksummed: String { EthereumAddress(bytes: hexBytes(self)).checksummed }
}
