import Foundation
import Testing
import QubeCore
import Yams

/// Every parser of outside input, on the largest input its size limit admits: each must
/// finish, and still see a problem at the very end of the input. Linear, each takes seconds in
/// a debug build; the quadratic JSON check took 12 s at 40 000 keys, about an hour at these
/// 700 000, hence the time limit.
@Suite(.timeLimit(.minutes(5))) struct LinearParsingTests {
    static let hostile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/hostile").standardizedFileURL

    /// `{"k0":0,"k1":0,...}` as long as fits in `size` bytes, then `tail` and the closing brace.
    private func wideObject(filling size: Int, tail: String = "") -> (text: String, keys: Int) {
        var text = "{", keys = 0
        while text.utf8.count + tail.utf8.count + 24 < size {
            text += "\"k\(keys)\":0,"
            keys += 1
        }
        return (text + "\"k\(keys)\":0" + tail + "}", keys + 1)
    }

    @Test func aGenesisWithTheMostKeysTheLimitAdmitsLoads() throws {
        let valid = try String(contentsOf: Self.hostile.appendingPathComponent("genesis/valid.json"), encoding: .utf8)
        let alloc = "\"alloc\": {"
        let (object, keys) = wideObject(filling: ImportedGenesis.maximumSize - valid.utf8.count - 64)
        let members = object.dropFirst().dropLast()
        let text = valid.replacingOccurrences(of: alloc, with: alloc + members + ",", options: [], range: valid.range(of: alloc))
        #expect(text.utf8.count <= ImportedGenesis.maximumSize)
        #expect(keys > 500_000)
        let genesis = try ImportedGenesis(data: Data(text.utf8), path: "g.json")
        #expect(genesis.chainID == 1000)
    }

    @Test func aDuplicateKeyAtTheEndOfTheWidestObjectIsFound() throws {
        let (text, _) = wideObject(filling: ImportedGenesis.maximumSize, tail: ",\n\"k0\":1")
        let error = #expect(throws: InputFileError.self) { try UntrustedJSON.check(Data(text.utf8), displayPath: "g.json") }
        #expect(error?.description == "g.json:2: not valid JSON: an object has the same key twice")
    }

    @Test func theWidestYAMLMappingTheLimitAdmitsParses() throws {
        var text = "", keys = 0
        while text.utf8.count + 32 < UntrustedYAML.maximumSize {
            text += "k\(keys): 0\n"
            keys += 1
        }
        #expect(keys > 80_000)
        let root = try #require(try UntrustedYAML.parse(Data(text.utf8), displayPath: "x.yaml"))
        #expect(root.mapping?.count == keys)
        let error = #expect(throws: InputFileError.self) {
            try UntrustedYAML.parse(Data((text + "k0: 1\n").utf8), displayPath: "x.yaml")
        }
        #expect(error?.problem == "a mapping has the same key twice")
    }

    @Test func anExchangeFileWithTheMostRecordsTheLimitAdmitsLoads() throws {
        let valid = try String(contentsOf: Self.hostile.appendingPathComponent("external-nodes/valid.yaml"), encoding: .utf8)
        let record = String(valid.dropFirst("external_nodes:\n".utf8.count))
        var text = "external_nodes:\n", count = 0
        while text.utf8.count + record.utf8.count + 16 < UntrustedYAML.maximumSize {
            text += record.replacingOccurrences(of: "org-b-node1", with: "node\(count)")
            count += 1
        }
        let nodes = try ExternalNodesFile.parse(Data(text.utf8), displayPath: "org-b.yaml")
        #expect(nodes.count == count)
        #expect(count > 3_000)
        var network = try Network(NetworkSpec(name: "org-a"))
        for node in nodes { try network.addExternal(node) }
        #expect(network.externalNodes.count == count)
    }

    @Test func aQubernetesFileWithTheMostNodesTheLimitAdmitsLoads() throws {
        var text = "genesis:\n  consensus: istanbul\n  Quorum_Version: 2.7.0\n  Chain_Id: 10\nnodes:\n", count = 0
        while text.utf8.count + 64 < UntrustedYAML.maximumSize {
            text += "- Node_UserIdent: n\(count)\n  Key_Dir: k\(count)\n"
            count += 1
        }
        let config = try QubernetesConfig.parse(Data(text.utf8), displayPath: "qubernetes.yaml")
        #expect(config.nodes.count == count)
        #expect(count > 20_000)
    }
}
