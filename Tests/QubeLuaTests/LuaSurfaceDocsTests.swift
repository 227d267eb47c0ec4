import Foundation
import QubeLua
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
}
