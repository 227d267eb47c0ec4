import Foundation
import LuaRuntime
import QubeCore
@testable import QubeLua
import Testing

/// `qube stubs` and the annotations it writes, checked against the names the bindings register
/// so the two cannot drift apart.
@Suite struct StubsTests {
    static func stubs() throws -> String {
        let qube = try QubeProcess()
        let result = try qube.run(["stubs", "-o", "-"])
        #expect(result.status == 0)
        return result.standardOutput
    }

    /// A network, a node and a genesis object, as the bindings make them.
    static func hostObjects() throws -> (NetworkObject, NodeObject, GenesisObject) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qube-stubs-\(UUID().uuidString)")
        let context = ScriptContext(
            scriptDirectory: directory, isDryRun: true, writesAnywhere: false, verbosity: .quiet,
            makeKubeClient: { throw LuaHostError("no cluster in this test") }, log: { _ in })
        let session = try NetworkSession(
            network: try Network(NetworkSpec(name: "stubs")), joining: nil, keysDirectory: directory.appendingPathComponent("keys/stubs"),
            outputDirectory: directory.appendingPathComponent("out/stubs"))
        let network = NetworkObject(session: session, context: context)
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("QubeCoreTests/Golden/chain/seed-istanbul/genesis.json")
        let genesis = GenesisObject(try ImportedGenesis(data: try Data(contentsOf: golden), path: "genesis.json"), context: context)
        return (network, NodeObject(name: "n", network: network), genesis)
    }

    @Test func writesAMetaFileToTheNamedPathAndToStandardOutput() throws {
        let qube = try QubeProcess()
        let written = try qube.run(["stubs", "-o", "types/qube.d.lua"])
        #expect(written.status != 0, "a missing directory is an error, not a silent success")
        let result = try qube.run(["stubs"])
        #expect(result.status == 0)
        let file = String(decoding: try #require(qube.read("qube.d.lua")), as: UTF8.self)
        #expect(file.hasPrefix("---@meta"))
        #expect(file == (try Self.stubs()))
    }

    @Test func everyGlobalIsDeclared() throws {
        let stubs = try Self.stubs()
        for name in QubeGlobals.names where name != "qube" {
            #expect(stubs.contains("\nfunction \(name)("), "global \(name)")
        }
        #expect(stubs.contains("\nqube = {}"))
    }

    @Test func everyFieldOfTheQubeTableIsDeclared() throws {
        let stubs = try Self.stubs()
        let qube = try QubeProcess()
        let result = try qube.runScript("local keys = {} for k in pairs(qube) do keys[#keys + 1] = k end table.sort(keys) print(table.concat(keys, ' '))\n")
        let keys = result.standardOutput.split(whereSeparator: \.isWhitespace)
        #expect(keys.count >= 5)
        for key in keys {
            #expect(stubs.contains("function qube.\(key)(") || stubs.contains("---@field \(key) "), "qube.\(key)")
        }
    }

    @Test func everyMethodAndFieldOfTheHostObjectsIsDeclared() throws {
        let stubs = try Self.stubs()
        let (network, node, genesis) = try Self.hostObjects()
        let classes: [(String, String, [String], [String])] = [
            ("Network", "qube.Network", NetworkObject.luaMethods.keys.sorted(), network.luaFieldNames),
            ("Node", "qube.Node", NodeObject.luaMethods.keys.sorted(), node.luaFieldNames),
            ("Genesis", "qube.Genesis", GenesisObject.luaMethods.keys.sorted(), genesis.luaFieldNames),
        ]
        for (local, className, methods, fields) in classes {
            let body = try #require(Self.classBody(className, in: stubs), "class \(className)")
            for field in fields {
                #expect(body.contains("---@field \(field) "), "\(className).\(field)")
            }
            for method in methods {
                #expect(stubs.contains("\nfunction \(local):\(method)("), "\(className):\(method)")
            }
        }
    }

    @Test func everyNetworkOptionAndExternalRecordKeyIsDeclared() throws {
        let stubs = try Self.stubs()
        let options = try #require(Self.classBody("qube.NetworkOptions", in: stubs))
        for key in LuaSurface.network.names {
            #expect(options.contains("---@field \(key)"), "network{\(key)}")
        }
        let record = try #require(Self.classBody("qube.ExternalRecord", in: stubs))
        for key in LuaSurface.externalRecord.names {
            #expect(record.contains("---@field \(key)"), "external record \(key)")
        }
    }

    @Test func luacheckConfigurationDeclaresTheSandboxesGlobalsAndNoWithheldName() throws {
        let qube = try QubeProcess()
        let result = try qube.run(["stubs", "--luacheckrc", "-o", "-"])
        #expect(result.status == 0)
        let config = result.standardOutput
        for name in QubeGlobals.names where name != "qube" {
            #expect(config.contains("        \"\(name)\",\n"), "global \(name)")
        }
        #expect(config.contains("        qube = { fields = { args = { other_fields = true }, \"exists\", \"json\", \"version\", \"yaml\" } },\n"))
        #expect(config.contains("        io = { fields = {} },\n"), "io is withheld whole")
        #expect(config.contains("\"clock\"") && !config.contains("\"execute\"") && !config.contains("\"dump\""))
        #expect(!config.contains("\"dofile\"") && !config.contains("\"loadfile\""))
        #expect(config.contains("std = \"qube\"\n"))
        let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.luacheckrc")
        #expect(config == (try String(contentsOf: committed, encoding: .utf8)), "the committed .luacheckrc is generated")
    }

    /// The annotation lines of `---@class name`, up to the first line that is not one.
    static func classBody(_ name: String, in stubs: String) -> String? {
        guard let start = stubs.range(of: "---@class \(name)\n") else { return nil }
        return stubs[start.upperBound...].split(separator: "\n").prefix { $0.hasPrefix("---") }.joined(separator: "\n")
    }
}
