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
    /// Which section an IBFT genesis has (`istanbul`, or `ibft`); nil for other engines.
    public var ibftSection: GoQuorumRelease.IBFTSection?
    /// The block period in seconds the genesis itself fixes (`config.ibft` or `config.qbft`
    /// `blockperiodseconds`, `config.clique.period`), or nil where the chain takes it from a
    /// flag (legacy `config.istanbul`: `--istanbul.blockperiod`) or the section leaves it unset.
    public var blockPeriod: Int?
    /// The `config` members geth's release-specific checks read, as ``check(against:)`` needs them.
    private var codeSizeConfig: CodeSizeConfig

    /// Parses and validates `data`, read from `path`.
    ///
    /// Checks that the file is strict JSON (``UntrustedJSON``), an object of sane size with an integer `config.chainId`, exactly
    /// one consensus section (`istanbul`/`ibft`, `qbft`, `clique`, or none for raft), `transitions`
    /// that neither switch the engine nor change the validators, `isQuorum` not false, the fields geth requires, and an `extraData`
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
            guard let flag = isQuorum as? NSNumber, UntrustedJSON.isBoolean(flag), flag.boolValue else {
                throw fail("config.isQuorum: must be true for GoQuorum")
            }
        }

        let sections: [(key: String, consensus: Consensus)] = [
            ("istanbul", .istanbul), ("ibft", .istanbul), ("qbft", .qbft), ("clique", .clique),
        ]
        let present = sections.filter { config[$0.key] != nil }
        guard present.count <= 1 else {
            throw fail("config: has more than one consensus section (\(present.map(\.key).joined(separator: ", ")))")
        }
        var blockPeriod: Int?
        if let section = present.first {
            guard let object = config[section.key]?.value as? [String: Any] else { throw fail("config.\(section.key): must be an object") }
            let members = try Self.members(object, path: path, at: "config.\(section.key).")
            if members["testqbftblock"] != nil {
                throw fail("config.istanbul.testQBFTBlock: switching IBFT to QBFT is not supported by qube")
            }
            let periodKey = section.key == "clique" ? "period" : section.key == "istanbul" ? nil : "blockperiodseconds"
            if let periodKey, let member = members[periodKey] {
                guard let number = member.value as? NSNumber, !UntrustedJSON.isBoolean(number), number.doubleValue == Double(number.intValue),
                    (0...86_400).contains(number.intValue)
                else { throw fail("config.\(section.key).\(member.key): must be a whole number of seconds from 0 to 86400") }
                blockPeriod = number.intValue > 0 ? number.intValue : nil
            }
        }
        let consensus = present.first?.consensus ?? .raft
        let transitions = try Self.transitions(config["transitions"]?.value, of: present.first?.key, path: path)

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
        self.blockPeriod = blockPeriod
        switch present.first?.key {
        case "istanbul": ibftSection = .istanbul
        case "ibft": ibftSection = .ibft
        default: ibftSection = nil
        }
        codeSizeConfig = try CodeSizeConfig(config, transitions: transitions, path: path)
    }

    /// Throws unless `spec` agrees with this genesis on chain id and consensus.
    public func check(against spec: NetworkSpec) throws(ValidationError) {
        guard spec.chainID == chainID else {
            throw ValidationError(field: "chainId", "is \(spec.chainID) but genesis \(path) has chainId \(chainID)")
        }
        guard spec.consensus == consensus else {
            throw ValidationError(field: "consensus", "is \(spec.consensus.rawValue) but genesis \(path) is a \(consensus.rawValue) chain")
        }
        if let blockPeriod, spec.blockPeriod != blockPeriod {
            throw ValidationError(
                field: "blockPeriod", "is \(spec.blockPeriod) but genesis \(path) fixes a \(blockPeriod) s block period (the chain's, for every node)")
        }
        let release = try NetworkReleases(spec).quorum
        if let problem = codeSizeConfig.problem(for: release, ibftSection: ibftSection) {
            throw ValidationError(field: "quorum", "GoQuorum \(release.version) cannot run genesis \(path): \(problem)")
        }
    }

    /// The consensus keys a transition may not carry: qube reads the engine from the section and
    /// the validators from `extraData`, for the whole chain.
    private static let engineChangingTransitionKeys = ["algorithm", "validators", "validatorselectionmode", "validatorcontractaddress"]

    /// The `block` of every entry of `config.transitions`, refusing an entry that switches the
    /// engine or the validator set (an `algorithm` other than the section's own engine).
    private static func transitions(_ value: Any?, of section: String?, path: String) throws(GenesisError) -> [CodeSizeConfig.Entry] {
        guard let value else { return [] }
        guard let list = value as? [Any] else { throw GenesisError(path: path, message: "config.transitions: must be an array") }
        let ownAlgorithm = section == "qbft" ? "qbft" : section == "istanbul" || section == "ibft" ? "ibft" : nil
        var result: [CodeSizeConfig.Entry] = []
        for (index, item) in list.enumerated() {
            let at = "config.transitions[\(index)]."
            guard let object = item as? [String: Any] else { throw GenesisError(path: path, message: "config.transitions[\(index)]: must be an object") }
            let entry = try members(object, path: path, at: at)
            for key in engineChangingTransitionKeys {
                guard let member = entry[key] else { continue }
                if key == "algorithm", let algorithm = member.value as? String, algorithm.lowercased() == ownAlgorithm { continue }
                throw GenesisError(path: path, message: "\(at)\(member.key): a transition that changes the consensus engine or its validators is not supported by qube")
            }
            result.append(try CodeSizeConfig.Entry(entry, sizeKey: "contractsizelimit", at: at, path: path))
        }
        return result
    }

    /// The members of a JSON object keyed by lowercased name, as geth's case-insensitive
    /// decoding sees them; refuses two keys that differ only in case.
    static func members(_ object: [String: Any], path: String, at prefix: String) throws(GenesisError) -> [String: (key: String, value: Any)] {
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

    /// Whether JSON decoding produced an integer that fits 64 bits: no fraction, no exponent, no bool.
    static func isInteger(_ number: NSNumber) -> Bool {
        ["s", "i", "l", "q"].contains(String(cString: number.objCType))
    }
}

/// The contract size limit and transaction size settings of a genesis `config`, which every
/// GoQuorum release checks at `geth init` but each in its own way.
private struct CodeSizeConfig: Equatable, Sendable {
    /// One `{block, size}` of `maxCodeSizeConfig`, or one transition's `{block, contractsizelimit}`.
    struct Entry: Equatable, Sendable {
        var block: Int64?
        /// The size in KiB; 0 when the entry sets none.
        var size: Int64

        init(_ members: [String: (key: String, value: Any)], sizeKey: String, at prefix: String, path: String) throws(GenesisError) {
            block = try CodeSizeConfig.integer(members["block"], "\(prefix)block", path)
            size = try CodeSizeConfig.integer(members[sizeKey], prefix + sizeKey, path) ?? 0
        }
    }

    var maxCodeSize: Int64
    var maxCodeSizeChangeBlock: Int64?
    var maxCodeSizeConfig: [Entry]
    var transitions: [Entry]
    var hasTransitions: Bool
    var transactionSizeLimit: Int64

    init(_ config: [String: (key: String, value: Any)], transitions: [Entry], path: String) throws(GenesisError) {
        maxCodeSize = try Self.integer(config["maxcodesize"], "config.maxCodeSize", path) ?? 0
        maxCodeSizeChangeBlock = try Self.integer(config["maxcodesizechangeblock"], "config.maxCodeSizeChangeBlock", path)
        transactionSizeLimit = try Self.integer(config["txnsizelimit"], "config.txnSizeLimit", path) ?? 0
        var entries: [Entry] = []
        if let value = config["maxcodesizeconfig"]?.value {
            guard let list = value as? [Any] else { throw GenesisError(path: path, message: "config.maxCodeSizeConfig: must be an array") }
            for (index, item) in list.enumerated() {
                guard let object = item as? [String: Any] else {
                    throw GenesisError(path: path, message: "config.maxCodeSizeConfig[\(index)]: must be an object")
                }
                let members = try ImportedGenesis.members(object, path: path, at: "config.maxCodeSizeConfig[\(index)].")
                entries.append(try Entry(members, sizeKey: "size", at: "config.maxCodeSizeConfig[\(index)].", path: path))
            }
        }
        maxCodeSizeConfig = entries
        self.transitions = transitions
        hasTransitions = config["transitions"] != nil
    }

    /// Why `geth init` of `release` refuses this config, or ignores part of it, or nil.
    ///
    /// - Every release: `ChainConfig.IsValid` (txnSizeLimit 32..128, core/genesis.go
    ///   SetupGenesisBlock) and `CheckMaxCodeConfigData` (no `maxCodeSize`/`maxCodeSizeChangeBlock`;
    ///   `maxCodeSizeConfig` sizes 24..128 with blocks, ascending), params/config.go
    ///   v2.7.0@6005360c90b6:388,492 and v22.7.6@28721bf9f2a6:719.
    /// - Up to 21.4.2 (``GoQuorumRelease/IBFTSection/istanbul``): no `config.ibft`, `config.qbft` or
    ///   `config.transitions`; those releases have no such keys and would silently ignore them
    ///   (goquorum-genesis-keys-v21.4.2.txt).
    /// - From 22.7.6: `CheckTransitionsData` (blocks given and ascending, `contractsizelimit` 24..128,
    ///   not together with `maxCodeSizeConfig`; params/quorum_errors.go ErrBlockOrder,
    ///   ErrContractSizeLimit, ErrMaxCodeSizeConfigAndTransitions).
    func problem(for release: GoQuorumRelease, ibftSection: GoQuorumRelease.IBFTSection?) -> String? {
        if transactionSizeLimit != 0, !(32...128).contains(transactionSizeLimit) {
            return "config.txnSizeLimit: must be between 32 and 128 (ChainConfig.IsValid)"
        }
        if maxCodeSize != 0 || (maxCodeSizeChangeBlock ?? -1) >= 0 {
            return "config.maxCodeSize: geth init refuses maxCodeSize and maxCodeSizeChangeBlock (CheckMaxCodeConfigData: "
                + "\"deprecated. Consider using maxCodeSizeConfig\")"
        }
        if let problem = Self.orderProblem(maxCodeSizeConfig, "config.maxCodeSizeConfig", sizeRequired: true) { return problem }
        switch release.ibftSection {
        case .istanbul:
            if ibftSection == .ibft { return "config.ibft: this release has no ibft section (use config.istanbul)" }
            if hasTransitions { return "config.transitions: this release has no transitions and would ignore them" }
        case .ibft:
            if let problem = Self.orderProblem(transitions, "config.transitions", sizeRequired: false) { return problem }
            if !maxCodeSizeConfig.isEmpty, transitions.contains(where: { $0.size != 0 }) {
                return "config.transitions: contractsizelimit and maxCodeSizeConfig cannot be used together (CheckTransitionsData)"
            }
        }
        return nil
    }

    /// The first entry without a block, out of block order, or with a size outside 24..128.
    private static func orderProblem(_ entries: [Entry], _ name: String, sizeRequired: Bool) -> String? {
        var previous: Int64 = 0
        for (index, entry) in entries.enumerated() {
            guard let block = entry.block else { return "\(name)[\(index)].block: missing" }
            guard block >= previous else { return "\(name)[\(index)].block: blocks must be in ascending order" }
            previous = block
            if sizeRequired || entry.size != 0, !(24...128).contains(entry.size) {
                return "\(name)[\(index)]: the contract size limit must be between 24 and 128 KiB, got \(entry.size)"
            }
        }
        return nil
    }

    /// A JSON integer member as Go's decoding into an integer or `*big.Int` reads it, or nil when absent.
    static func integer(_ member: (key: String, value: Any)?, _ name: String, _ path: String) throws(GenesisError) -> Int64? {
        guard let member else { return nil }
        guard let number = member.value as? NSNumber, ImportedGenesis.isInteger(number) else {
            throw GenesisError(path: path, message: "\(name): must be an integer")
        }
        return number.int64Value
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
