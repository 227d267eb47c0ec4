import Foundation
import Testing

/// The quickstart example run as a real chain: qube's rendered genesis, peer lists, keys and geth
/// argv, started with the GoQuorum binary named by `QUBE_GETH` (a 2.7.0 geth) on 127.0.0.1.
@Suite(.serialized) struct GethChainTests {
    @Test(.enabled(if: LocalGethChain.geth != nil, "set QUBE_GETH to a GoQuorum 2.7.0 geth binary to run the rendered quickstart chain"))
    func quickstartValidatorsPeerAndSealBlocks() throws {
        let qube = try QubeProcess()
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/quickstart.lua")
        try qube.write("quickstart.lua", String(contentsOf: example, encoding: .utf8))
        let render = try qube.run(["run", "-q", "quickstart.lua"])
        #expect(render.status == 0, "\(render.standardError)")

        let rendered = qube.directory.appendingPathComponent("out/quickstart")
        let chain = try LocalGethChain(
            rendered: rendered, keys: qube.directory.appendingPathComponent("keys/quickstart"),
            nodeNames: ["quorum-node1", "quorum-node2", "quorum-node3"], in: qube.directory.appendingPathComponent("chain"))
        defer { chain.stop() }
        try chain.start()

        let genesis = try JSONSerialization.jsonObject(with: Data(contentsOf: rendered.appendingPathComponent("genesis.json"))) as? [String: Any]
        let extraData = try #require(genesis?["extraData"] as? String)
        let renderedValidators = try IstanbulExtraData.validators(in: extraData)
        #expect(renderedValidators.count == 3)

        for node in chain.nodes {
            let height = try waitForBlock(above: 1, on: node, of: chain, within: 90)
            try #require(height != nil, "\(node.name) sealed no block:\n\(chain.logTail(node))")
            #expect(try waitForBlock(above: height!, on: node, of: chain, within: 20) != nil, "\(node.name) stopped at block \(height!)")
            #expect(try chain.attach(node, "net.peerCount") == "2", "\(node.name):\n\(chain.logTail(node))")
            let answer = try #require(try chain.attach(node, "istanbul.getValidators()"))
            let validators = try JSONDecoder().decode([String].self, from: Data(answer.utf8))
            #expect(validators.sorted() == renderedValidators.sorted())
        }
    }

    /// The first block number above `height` that `node` reports within `seconds`, or nil.
    private func waitForBlock(above height: Int, on node: LocalGethChain.Node, of chain: LocalGethChain, within seconds: TimeInterval) throws -> Int? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let answer = try chain.attach(node, "eth.blockNumber"), let number = Int(answer), number > height { return number }
            Thread.sleep(forTimeInterval: 0.5)
        }
        return nil
    }
}

/// The validator list of an IBFT genesis `extraData`: 32 vanity bytes, then the RLP list
/// `[validators, seal, committedSeals]` (consensus/istanbul/types in GoQuorum v2.7.0, `IstanbulExtra`).
enum IstanbulExtraData {
    struct Malformed: Error {}

    /// The lower-case `0x` addresses of the validators in `hex`.
    static func validators(in hex: String) throws -> [String] {
        let bytes = try bytes(ofHex: hex)
        guard bytes.count > 32 else { throw Malformed() }
        let outer = try item(in: bytes, at: 32)
        let list = try item(in: bytes, at: outer.lowerBound)
        var validators: [String] = []
        var index = list.lowerBound
        while index < list.upperBound {
            let address = try item(in: bytes, at: index)
            guard address.count == 20 else { throw Malformed() }
            validators.append("0x" + bytes[address].map { String(format: "%02x", $0) }.joined())
            index = address.upperBound
        }
        return validators
    }

    /// The byte range of the payload of the RLP item starting at `start`.
    private static func item(in bytes: [UInt8], at start: Int) throws -> Range<Int> {
        guard start < bytes.count else { throw Malformed() }
        let prefix = Int(bytes[start])
        let (headerLength, payloadLength): (Int, Int)
        switch prefix {
        case 0x00...0x7f: (headerLength, payloadLength) = (0, 1)
        case 0x80...0xb7: (headerLength, payloadLength) = (1, prefix - 0x80)
        case 0xc0...0xf7: (headerLength, payloadLength) = (1, prefix - 0xc0)
        default:
            let lengthOfLength = prefix >= 0xf8 ? prefix - 0xf7 : prefix - 0xb7
            guard start + lengthOfLength < bytes.count else { throw Malformed() }
            let length = bytes[(start + 1)...(start + lengthOfLength)].reduce(0) { $0 << 8 | Int($1) }
            (headerLength, payloadLength) = (1 + lengthOfLength, length)
        }
        let payload = (start + headerLength)..<(start + headerLength + payloadLength)
        guard payload.upperBound <= bytes.count else { throw Malformed() }
        return payload
    }

    private static func bytes(ofHex hex: String) throws -> [UInt8] {
        let digits = Array(hex.hasPrefix("0x") ? hex.dropFirst(2) : Substring(hex))
        guard digits.count % 2 == 0 else { throw Malformed() }
        return try stride(from: 0, to: digits.count, by: 2).map {
            guard let byte = UInt8(String(digits[$0...$0 + 1]), radix: 16) else { throw Malformed() }
            return byte
        }
    }
}
