import Foundation
import Testing

@testable import QubeCore

/// The rendered trees of fixed inputs, compared byte for byte with `Golden/k8s/<case>/`.
/// `QUBE_UPDATE_GOLDEN=1 swift test --filter RenderGolden` rewrites them; review the diff.
/// `k8s/.gitignore` is left out of the goldens (it would hide the golden secrets.yaml from git)
/// and checked by ``RenderTreeTests``.
@Suite struct RenderGoldenTests {
    @Test(arguments: ["seed", "qbft-loadbalancer"])
    func treeMatchesGolden(name: String) throws {
        let out = try RenderFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let input = try RenderFixtures.named(name)
        _ = try RenderedTree.write(input, to: out.appendingPathComponent(input.spec.name))
        var rendered = try RenderFixtures.files(under: out.appendingPathComponent(input.spec.name))
        rendered["k8s/.gitignore"] = nil
        let golden = RenderFixtures.goldenDirectory.appendingPathComponent(name)

        if ProcessInfo.processInfo.environment["QUBE_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(at: golden)
            for (path, data) in rendered {
                let url = golden.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
        }
        let expected = try RenderFixtures.files(under: golden)
        #expect(rendered.keys.sorted() == expected.keys.sorted())
        for (path, data) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(rendered[path] == data, "\(path) differs from Golden/k8s/\(name)/\(path)")
        }
    }
}
