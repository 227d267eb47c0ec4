import Foundation
@testable import QubeLua
import Testing

/// The committed stubs template and API reference hold exactly what the option schemas
/// generate; `QUBE_UPDATE_DOCS=1` rewrites them instead.
@Suite struct LuaSurfaceDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Compares the file at `path` with `generate` applied to it, or rewrites it.
    static func check(_ path: String, _ generate: (String) throws -> String) throws {
        let url = root.appendingPathComponent(path)
        let committed = try String(contentsOf: url, encoding: .utf8)
        let generated = try generate(committed)
        if ProcessInfo.processInfo.environment["QUBE_UPDATE_DOCS"] == "1" {
            if generated != committed { try Data(generated.utf8).write(to: url) }
            return
        }
        #expect(
            generated == committed,
            "\(path) differs from what the option schemas generate; run \(LuaSurfaceDocuments.regenerationCommand)")
    }

    @Test func stubsTemplateMatchesTheSchemas() throws {
        try Self.check(LuaSurfaceDocuments.stubsPath, LuaSurfaceDocuments.stubs(fromTemplate:))
    }

    @Test func apiReferenceMatchesTheSchemas() throws {
        try Self.check(LuaSurfaceDocuments.referencePath, LuaSurfaceDocuments.reference(fromTemplate:))
    }

    @Test func aMarkerWithoutItsEndOrANameIsAnError() {
        #expect(throws: LuaSurfaceDocuments.TemplateError.self) { try LuaSurfaceDocuments.stubs(fromTemplate: "-- generated: options\n") }
        #expect(throws: LuaSurfaceDocuments.TemplateError.self) {
            try LuaSurfaceDocuments.reference(fromTemplate: "<!-- generated: addNod -->\n<!-- end generated -->\n")
        }
    }

    @Test func regeneratingReplacesOnlyWhatLiesBetweenTheMarkers() throws {
        let template = "before\n<!-- generated: render -->\nstale\n<!-- end generated -->\nafter\n"
        #expect(
            try LuaSurfaceDocuments.reference(fromTemplate: template)
                == "before\n<!-- generated: render -->\n| key | type | default | meaning |\n|---|---|---|---|\n"
                + "| `dir` | string | `out/<network>` | the directory to render into |\n<!-- end generated -->\nafter\n")
    }

    @Test(arguments: LuaSurface.all.map(\.call)) func everyDefaultIsOfItsKeysTypeAndEveryKeyIsDeclaredOnce(call: String) throws {
        let schema = try #require(LuaSurface.all.first { $0.call == call })
        #expect(Set(schema.accepted).count == schema.accepted.count, "\(call) declares a key twice")
        for key in schema.keys {
            #expect(!(key.isRequired && key.defaultDescription != nil), "\(call).\(key.name) is required and has a default")
            guard let value = key.value else { continue }
            switch (key.type, value) {
            case (.string, .string), (.integer, .integer), (.boolean, .boolean), (.duration, .seconds), (.stringList, .stringList): break
            case (.choice(let choices), .string(let text)): #expect(choices.values.contains(text), "\(call).\(key.name)")
            default: Issue.record("\(call).\(key.name): default \(value) is not of its type")
            }
        }
    }
}
