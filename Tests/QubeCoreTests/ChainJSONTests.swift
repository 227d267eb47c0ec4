import Foundation
import Testing

@testable import QubeCore

/// ``ChainJSON`` read back is the value written, and its
/// `JSONSerialization` form is byte for byte what `JSONSerialization` writes (pod config hashes
/// depend on it).
@Suite struct ChainJSONTests {
    /// Values with every kind, escapes, non-ASCII text and keys whose orders differ
    /// (numeric, case-insensitive, ordinal).
    static let samples: [ChainJSON] = [
        .object([:]),
        .array([]),
        .object([
            "url": .string("http://node-1.ns.svc.cluster.local:9000/path?a=b&c=\"d\""),
            "peer": .array([.object(["url": .string("http://x/")]), .object(["url": .string("")])]),
            "useWhiteList": .bool(false), "autoCreateTables": .bool(true), "port": .integer(-9001), "zero": .integer(0),
            "text": .string("tab\t cr\r lf\n bs\\ bell\u{7} bsp\u{8} ff\u{C} esc\u{1B} del\u{7F} é ü 中 😀 \u{2028}"),
            "keyData": .array([.object(["privateKeyPath": .string("/keys/tm.key"), "publicKeyPath": .string("/keys/tm.pub")])]),
            "a10": .integer(10), "a9": .integer(9), "B": .bool(true), "a": .string("a"), "_x": .string("_"), "Zed": .string("z"),
            "keys": .bool(true), "keydata": .bool(false), "KEYS2": .bool(true), "Keys": .integer(1), "a~": .integer(2), "ab": .integer(3),
            "serverConfigs": .array([]), "ServerConfig": .array([]),
            "nested": .object(["inner": .array([.array([.string("deep")]), .object([:])])]),
        ]),
    ]

    @Test(arguments: samples) func readsBackWhatItWrote(_ value: ChainJSON) throws {
        #expect(ChainJSON(reading: value.data) == value)
    }

    @Test(arguments: samples) func writesWhatJSONSerializationWrites(_ value: ChainJSON) throws {
        let object = try JSONSerialization.jsonObject(with: value.data)
        let expected = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        #expect(String(decoding: value.foundationSortedData, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    @Test func readsEscapesAndSurrogatePairs() {
        #expect(ChainJSON(reading: Data(#" { "a\/b" : [ "\u00e9\ud83d\ude00\n", -12, true ] } "#.utf8)) == .object(["a/b": .array([.string("é😀\n"), .integer(-12), .bool(true)])]))
    }

    @Test func refusesWhatItCannotHold() throws {
        let notChainJSON = [
            "[null]", "{\"a\":1.5}", "[\"x\", 0.25]", "[1e3]", "[01]", "[-]", "[1] x", "{\"a\":1,}", "[\"\\ud800\"]", "[\"\\u+123\"]",
            "[\"tab\tin text\"]", "{\"a\":1,\"a\":2}",
        ]
        for text in notChainJSON {
            #expect(ChainJSON(reading: Data(text.utf8)) == nil, "\(text)")
        }
    }
}
