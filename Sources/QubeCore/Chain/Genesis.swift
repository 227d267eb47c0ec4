import Foundation
import QubeCrypto

/// genesis.json of a new chain (docs/formats.md §8), shaped for the GoQuorum release the network runs.
///
/// Every hard fork up to Istanbul is active from block 0, `isQuorum` is true, the transaction
/// size limit is GoQuorum's default (64 KiB) and contracts may be up to 64 KiB, set where the
/// release reads it without a warning (``GoQuorumRelease/CodeSizeLimitKey``): `maxCodeSizeConfig
/// [{block 0, size 64}]` up to 21.4.2, `transitions [{block 0, contractsizelimit 64}]` from 22.7.6.
/// The consensus section:
///
/// - istanbul up to 21.4.2: `istanbul {epoch 30000, policy 0 (round robin), ceil2Nby3Block 0}`;
///   the block period is the `--istanbul.blockperiod` flag, the only place those releases read it.
/// - istanbul from 22.7.6: `ibft {epochlength 30000, blockperiodseconds, requesttimeoutseconds 10,
///   policy 0, ceil2Nby3Block 0}`, the period in the genesis (``GoQuorumRelease/IBFTSection``).
/// - qbft: `qbft` with the same members as `ibft`.
/// - clique: `clique {period, epoch 30000}`.
/// - raft: none; geth runs with `--raft`.
///
/// The BFT values are the engine's own defaults except the period (istanbul.DefaultConfig at
/// v2.7.0@6005360c90b6 consensus/istanbul/config.go: epoch 30000, timeout 10000 ms, round robin,
/// ceil2Nby3Block 0); `emptyblockperiodseconds` is left out, so setBFTConfig makes it the block
/// period (eth/ethconfig/config.go, 22.7.x and later).
public enum Genesis {
    /// The largest contract, in KiB (GoQuorum accepts 24 to 128).
    static let contractSizeLimit = 64
    /// Blocks between checkpoints that reset pending validator votes (IBFT, QBFT and clique).
    static let epochLength = 30000
    /// An IBFT/QBFT round's timeout in seconds: the engine's default of 10000 ms.
    static let requestTimeoutSeconds = 10

    /// The genesis of a new chain for `network`: every local node's account funded with
    /// `accountBalance`, and the validator set of ``validators(of:keys:)`` in extraData.
    public static func new(for network: Network, keys: [String: NodeKeys]) throws(ValidationError) -> Data {
        let spec = network.spec
        let release = try NetworkReleases(spec).quorum
        guard !network.nodes.isEmpty else {
            throw ValidationError("network '\(spec.name)' has no nodes; a new chain needs at least one (add them with addNode before this)")
        }
        let validators = try validators(of: network, keys: keys)
        if spec.consensus.hasValidators, validators.isEmpty {
            throw ValidationError(
                field: "isValidator", "a \(spec.consensus.rawValue) network needs at least one validator in its genesis")
        }

        var config: [String: ChainJSON] = [
            "chainId": .integer(spec.chainID),
            "homesteadBlock": .integer(0),
            "eip150Block": .integer(0),
            "eip150Hash": .string(zeroHex(32)),
            "eip155Block": .integer(0),
            "eip158Block": .integer(0),
            "byzantiumBlock": .integer(0),
            "constantinopleBlock": .integer(0),
            "petersburgBlock": .integer(0),
            "istanbulBlock": .integer(0),
            "isQuorum": .bool(true),
            "txnSizeLimit": .integer(64),
        ]
        switch release.codeSizeLimitKey {
        case .maxCodeSizeConfig:
            config["maxCodeSizeConfig"] = .array([.object(["block": .integer(0), "size": .integer(contractSizeLimit)])])
        case .transitions:
            config["transitions"] = .array([.object(["block": .integer(0), "contractsizelimit": .integer(contractSizeLimit)])])
        }
        let bft: ChainJSON = .object([
            "epochlength": .integer(epochLength), "blockperiodseconds": .integer(spec.blockPeriod),
            "requesttimeoutseconds": .integer(requestTimeoutSeconds), "policy": .integer(0), "ceil2Nby3Block": .integer(0),
        ])
        switch spec.consensus {
        case .istanbul:
            switch release.ibftSection {
            case .istanbul:
                config["istanbul"] = .object(["epoch": .integer(epochLength), "policy": .integer(0), "ceil2Nby3Block": .integer(0)])
            case .ibft:
                config["ibft"] = bft
            }
        case .qbft:
            config["qbft"] = bft
        case .clique:
            config["clique"] = .object(["period": .integer(spec.blockPeriod), "epoch": .integer(epochLength)])
        case .raft:
            break
        }

        var alloc: [String: ChainJSON] = [:]
        for node in network.nodes {
            let text = try localKeys(node, keys).accountAddress
            let address: EthereumAddress
            do {
                address = try EthereumAddress(validating: text)
            } catch {
                throw ValidationError(field: node.name, "account address: \(error)")
            }
            alloc["0x" + address.lowercaseHex] = .object(["balance": .string(spec.accountBalance)])
        }

        let genesis: [String: ChainJSON] = [
            "alloc": .object(alloc),
            "coinbase": .string(zeroHex(20)),
            "config": .object(config),
            "difficulty": .string(spec.consensus == .raft ? "0x0" : "0x1"),
            "extraData": .string("0x" + Hex.encode(ExtraData.encode(spec.consensus, validators: validators))),
            "gasLimit": .string("0xe0000000"),
            "gasUsed": .string("0x0"),
            "mixHash": .string(mixHash(spec.consensus)),
            "nonce": .string("0x0"),
            "number": .string("0x0"),
            "parentHash": .string(zeroHex(32)),
            "timestamp": .string("0x0"),
        ]
        return ChainJSON.object(genesis).data
    }

    /// The genesis validator set: the validator address (the account address for clique, whose
    /// signer is the unlocked account) of every local node with `isValidator`, in script order,
    /// then the address of every external node that has one, in the order added. Empty for raft.
    public static func validators(of network: Network, keys: [String: NodeKeys]) throws(ValidationError) -> [EthereumAddress] {
        let consensus = network.spec.consensus
        guard consensus.hasValidators else { return [] }
        var result: [EthereumAddress] = []
        for node in network.nodes where node.isValidator {
            let nodeKeys = try localKeys(node, keys)
            let text = consensus == .clique ? nodeKeys.accountAddress : nodeKeys.validatorAddress
            do {
                result.append(try EthereumAddress(validating: text))
            } catch {
                throw ValidationError(field: node.name, "validator address: \(error)")
            }
        }
        for external in network.externalNodes {
            guard let text = external.address else { continue }
            do {
                result.append(try EthereumAddress(validating: text))
            } catch {
                throw ValidationError(field: "Node_Acct_Addr", "\(error) (external node '\(external.name)')")
            }
        }
        return result
    }

    /// The keys of a local node, or an error telling the user to generate them.
    static func localKeys(_ node: NodeSpec, _ keys: [String: NodeKeys]) throws(ValidationError) -> NodeKeys {
        guard let nodeKeys = keys[node.name] else {
            throw ValidationError("node '\(node.name)' has no keys yet; call genKeys() before render()")
        }
        return nodeKeys
    }

    /// `types.IstanbulDigest` for IBFT and QBFT ("practical byzantine fault tolerance"), the
    /// "duralexsedlex" mixHash of GoQuorum's raft examples, zero for clique.
    static func mixHash(_ consensus: Consensus) -> String {
        switch consensus {
        case .istanbul, .qbft: "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365"
        case .raft: "0x00000000000000000000000000000000000000647572616c65787365646c6578"
        case .clique: zeroHex(32)
        }
    }

    /// `0x` and `count` zero bytes.
    static func zeroHex(_ count: Int) -> String { "0x" + String(repeating: "00", count: count) }
}
