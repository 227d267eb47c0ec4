import Foundation
import QubeCrypto

/// A genesis.json from outside qube's own key store (another organisation's chain, or the
/// stored copy of this network's), validated strictly before it is used byte for byte.
public struct ImportedGenesis: Equatable, Sendable {
    /// The largest genesis file accepted: generous for an `alloc` with contract code, small
    /// enough that a hostile file cannot exhaust memory.
    public static let maximumSize = 8 << 20

    /// The file's bytes, exactly as read.
    public var data: Data
    /// The path the user gave, for messages.
    public var path: String
    public var chainID: Int
    public var consensus: Consensus
    /// The validator (or clique signer) addresses of the extraData, in order.
    public var validators: [EthereumAddress]

    /// Parses and validates `data`, read from `path`.
    ///
    /// Checks that the file is strict JSON (``UntrustedJSON``), an object of sane size with an integer `config.chainId`, exactly
    /// one consensus section (`istanbul`/`ibft`, `qbft`, `clique`, or none for raft) and no
    /// consensus transitions, `isQuorum` not false, the fields geth requires, and an `extraData`
    /// that decodes for the consensus and names at least one validator. Keys are matched as geth
    /// matches them, ignoring case; two keys that differ only in case are refused as ambiguous.
    public init(data: Data, path: String) throws(GenesisError) {
        func fail(_ message: String) -> GenesisError { GenesisError(path: path, message: message) }
        guard data.count <= Self.maximumSize else {
            throw fail("is \(data.count) bytes; a genesis larger than \(Self.maximumSize >> 20) MiB is refused")
        }
        do { try UntrustedJSON.check(data, displayPath: path) } catch { throw GenesisError(path: path, line: error.line, message: error.problem) }
        guard let parsed = try? JSONSerialization.jsonObject(with: data), let root = parsed as? [String: Any] else {
            throw fail("is not a JSON object")
        }
        let top = try Self.members(root, path: path, at: "")
        for required in ["config", "alloc", "difficulty", "gasLimit", "extraData"] where top[required.lowercased()] == nil {
            throw fail("\(required): missing (geth requires it)")
        }
        guard let configObject = top["config"]?.value as? [String: Any] else { throw fail("config: must be an object") }
        guard top["alloc"]?.value is [String: Any] else { throw fail("alloc: must be an object") }
        let config = try Self.members(configObject, path: path, at: "config.")

        guard let chainNumber = config["chainid"]?.value as? NSNumber, Self.isInteger(chainNumber), chainNumber.int64Value > 0 else {
            throw fail("config.chainId: must be a positive integer")
        }
        if let isQuorum = config["isquorum"]?.value {
            guard let flag = isQuorum as? NSNumber, Self.isBoolean(flag), flag.boolValue else {
                throw fail("config.isQuorum: must be true for GoQuorum")
            }
        }
        if config["transitions"] != nil { throw fail("config.transitions: consensus transitions are not supported by qube") }

        let sections: [(key: String, consensus: Consensus)] = [
            ("istanbul", .istanbul), ("ibft", .istanbul), ("qbft", .qbft), ("clique", .clique),
        ]
        let present = sections.filter { config[$0.key] != nil }
        guard present.count <= 1 else {
            throw fail("config: has more than one consensus section (\(present.map(\.key).joined(separator: ", ")))")
        }
        if let section = present.first {
            guard let object = config[section.key]?.value as? [String: Any] else { throw fail("config.\(section.key): must be an object") }
            if let members = try? Self.members(object, path: path, at: "config.\(section.key)."), members["testqbftblock"] != nil {
                throw fail("config.istanbul.testQBFTBlock: switching IBFT to QBFT is not supported by qube")
            }
        }
        let consensus = present.first?.consensus ?? .raft

        guard let extraText = top["extradata"]?.value as? String, extraText.hasPrefix("0x"),
            let extraData = try? Hex.decode(extraText.dropFirst(2))
        else {
            throw fail("extraData: must be 0x followed by an even number of hex digits")
        }
        guard extraData.count <= 64 << 10 else { throw fail("extraData: is \(extraData.count) bytes; more than 64 KiB is refused") }
        let validators: [EthereumAddress]
        do {
            validators = try ExtraData.validators(in: extraData, for: consensus)
        } catch {
            throw fail("extraData: does not decode for \(consensus.rawValue): \(error)")
        }
        if consensus.hasValidators, validators.isEmpty { throw fail("extraData: names no validators") }

        self.data = data
        self.path = path
        self.chainID = Int(chainNumber.int64Value)
        self.consensus = consensus
        self.validators = validators
    }

    /// Throws unless `spec` agrees with this genesis on chain id and consensus.
    public func check(against spec: NetworkSpec) throws(ValidationError) {
        guard spec.chainID == chainID else {
            throw ValidationError(field: "chainId", "is \(spec.chainID) but genesis \(path) has chainId \(chainID)")
        }
        guard spec.consensus == consensus else {
            throw ValidationError(field: "consensus", "is \(spec.consensus.rawValue) but genesis \(path) is a \(consensus.rawValue) chain")
        }
    }

    /// The members of a JSON object keyed by lowercased name, as geth's case-insensitive
    /// decoding sees them; refuses two keys that differ only in case.
    private static func members(_ object: [String: Any], path: String, at prefix: String) throws(GenesisError) -> [String: (key: String, value: Any)] {
        var result: [String: (key: String, value: Any)] = [:]
        for key in object.keys.sorted() {
            let lowered = key.lowercased()
            if let other = result[lowered] {
                throw GenesisError(path: path, message: "\(prefix)\(key): ambiguous, '\(prefix)\(other.key)' is the same key to geth")
            }
            result[lowered] = (key, object[key]!)
        }
        return result
    }

    /// Whether JSON decoding produced `true`/`false` (an NSNumber of Objective-C type `char`).
    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// Whether JSON decoding produced an integer that fits 64 bits: no fraction, no exponent, no bool.
    private static func isInteger(_ number: NSNumber) -> Bool {
        ["s", "i", "l", "q"].contains(String(cString: number.objCType))
    }
}

/// A problem with a genesis file, naming the file: `path: field: problem`.
public struct GenesisError: Error, Equatable, CustomStringConvertible, Sendable {
    public var path: String
    /// The 1-based line of the problem, when it is a syntax error.
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { path + (line.map { ":\($0)" } ?? "") + ": " + message }
}
