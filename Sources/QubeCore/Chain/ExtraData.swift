import QubeCrypto

/// The genesis `extraData` that names a network's validators (docs/formats.md §7).
///
/// - IBFT (`istanbul`): 32-byte vanity ‖ RLP([validators, seal (65 zero bytes), committed seals ([])]).
/// - QBFT: RLP([vanity (32 bytes), validators, vote ([]), round (0), committed seals ([])]).
/// - Clique: 32-byte vanity ‖ signer addresses ‖ 65 zero bytes.
/// - Raft: 32 zero bytes; raft takes its members from static-nodes.json.
///
/// Validators are kept in the order given (GoQuorum sorts its validator
/// set itself, so the order changes the bytes but not the chain's behaviour).
public enum ExtraData {
    static let vanityLength = 32
    static let sealLength = 65
    static let addressLength = 20

    /// The extraData of a new genesis for `validators`.
    public static func encode(_ consensus: Consensus, validators: [EthereumAddress]) -> [UInt8] {
        let vanity = [UInt8](repeating: 0, count: vanityLength)
        let validatorList = RLP.list(validators.map { .bytes($0.bytes) })
        switch consensus {
        case .istanbul:
            let istanbulExtra = RLP.list([validatorList, .bytes([UInt8](repeating: 0, count: sealLength)), .list([])])
            return vanity + istanbulExtra.encoded()
        case .qbft:
            return RLP.list([.bytes(vanity), validatorList, .list([]), .integer(0), .list([])]).encoded()
        case .clique:
            return vanity + validators.flatMap(\.bytes) + [UInt8](repeating: 0, count: sealLength)
        case .raft:
            return vanity
        }
    }

    /// The validators `extraData` names, read strictly as GoQuorum reads it for `consensus`.
    ///
    /// Raft extraData carries no validators and is not interpreted. Throws a message that reads
    /// after `extraData: `.
    public static func validators(in extraData: [UInt8], for consensus: Consensus) throws(ExtraDataError) -> [EthereumAddress] {
        switch consensus {
        case .raft:
            return []
        case .clique:
            let signers = extraData.count - vanityLength - sealLength
            guard signers >= 0, signers % addressLength == 0 else {
                throw ExtraDataError(
                    "clique extraData must be 32 bytes vanity, 20 bytes per signer and a 65-byte seal; got \(extraData.count) bytes")
            }
            return stride(from: vanityLength, to: vanityLength + signers, by: addressLength).map {
                EthereumAddress(bytes: extraData[$0..<$0 + addressLength])
            }
        case .istanbul:
            guard extraData.count > vanityLength else {
                throw ExtraDataError("istanbul extraData must be a 32-byte vanity followed by RLP; got \(extraData.count) bytes")
            }
            let fields = try rlpList(Array(extraData[vanityLength...]), of: 3, "[validators, seal, committed seals]")
            guard let seal = fields[1].bytesValue, seal.isEmpty || seal.count == sealLength else {
                throw ExtraDataError("istanbul seal must be empty or 65 bytes")
            }
            try checkCommittedSeals(fields[2])
            return try addresses(fields[0])
        case .qbft:
            let fields = try rlpList(extraData, of: 5, "[vanity, validators, vote, round, committed seals]")
            guard let vanity = fields[0].bytesValue, vanity.isEmpty || vanity.count == vanityLength else {
                throw ExtraDataError("qbft vanity must be empty or 32 bytes")
            }
            guard let vote = fields[2].listValue, vote.isEmpty || isValidVote(vote) else {
                throw ExtraDataError("qbft vote must be an empty list or [address, 0x00|0xff]")
            }
            guard let round = fields[3].integerValue, round <= UInt32.max else {
                throw ExtraDataError("qbft round must be a canonical 32-bit integer")
            }
            try checkCommittedSeals(fields[4])
            return try addresses(fields[1])
        }
    }

    private static func rlpList(_ bytes: [UInt8], of count: Int, _ shape: String) throws(ExtraDataError) -> [RLP] {
        let item: RLP
        do {
            item = try RLP(decoding: bytes)
        } catch {
            throw ExtraDataError("not canonical RLP (\(error))")
        }
        guard let fields = item.listValue, fields.count == count else {
            throw ExtraDataError("RLP must be a list of \(count) items \(shape)")
        }
        return fields
    }

    private static func addresses(_ item: RLP) throws(ExtraDataError) -> [EthereumAddress] {
        guard let items = item.listValue else { throw ExtraDataError("validators must be an RLP list") }
        var result: [EthereumAddress] = []
        for validator in items {
            guard let address = validator.bytesValue, address.count == addressLength else {
                throw ExtraDataError("every validator must be a 20-byte address")
            }
            result.append(EthereumAddress(bytes: address))
        }
        return result
    }

    private static func isValidVote(_ vote: [RLP]) -> Bool {
        vote.count == 2 && vote[0].bytesValue?.count == addressLength
            && (vote[1].bytesValue == [0xFF] || vote[1].bytesValue == [])
    }

    private static func checkCommittedSeals(_ item: RLP) throws(ExtraDataError) {
        guard let seals = item.listValue, seals.allSatisfy({ $0.bytesValue?.count == sealLength }) else {
            throw ExtraDataError("committed seals must be a list of 65-byte signatures")
        }
    }
}

/// Why an extraData does not decode for its consensus.
public struct ExtraDataError: Error, Equatable, CustomStringConvertible, Sendable {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
