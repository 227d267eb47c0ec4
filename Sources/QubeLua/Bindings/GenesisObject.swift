import Foundation
import LuaRuntime
import QubeCore
import QubeCrypto

/// A genesis file as Lua holds it: `readGenesis(path)` and `net:genesis()` give one, and
/// `network{ genesis = g }` joins the chain it starts.
final class GenesisObject: LuaHostObject {
    static let luaTypeName = "genesis"

    /// The validated genesis, with its exact bytes.
    let genesis: ImportedGenesis
    private let context: ScriptContext

    init(_ genesis: ImportedGenesis, context: ScriptContext) {
        self.genesis = genesis
        self.context = context
    }

    /// The SHA-256 of the file's bytes, as organisations compare it.
    var sha256: String { GenesisFingerprint.sha256(genesis.data) }

    static var luaMethods: [String: LuaMethod<GenesisObject>] {
        [
            "write": { genesis, arguments in
                let target = try genesis.context.fileForWriting(try arguments.string(at: 1))
                try AtomicFile.write(genesis.genesis.data, to: target)
                return []
            }
        ]
    }

    let luaFieldNames = ["sha256", "chainId", "consensus", "validators", "json"]

    func luaField(_ name: String) throws -> LuaValue? {
        switch name {
        case "sha256": .string(sha256)
        case "chainId": .integer(genesis.chainID)
        case "consensus": .string(genesis.consensus.rawValue)
        case "validators": .table(LuaTable(array: genesis.validators.map { .string($0.checksummed) }))
        case "json": .string(LuaString(bytes: Array(genesis.data)))
        default: nil
        }
    }

    var luaDescription: String {
        "genesis(chainId \(genesis.chainID), \(genesis.consensus.rawValue), \(genesis.validators.count) validators, sha256 \(sha256))"
    }
}
