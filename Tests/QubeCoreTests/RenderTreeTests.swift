import Foundation
import Testing

@testable import QubeCore
import Yams

/// The rendered tree on disk: determinism, permissions, removal of stale files, and the atomic
/// swap's behaviour when a render fails or an earlier one crashed.
@Suite struct RenderTreeTests {
    @Test func renderingTwiceGivesByteIdenticalTrees() throws {
        let out = try RenderFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let first = out.appendingPathComponent("a/org-a"), second = out.appendingPathComponent("b/org-a")
        let firstReport = try RenderedTree.write(try RenderFixtures.seed(), to: first)
        _ = try RenderedTree.write(try RenderFixtures.seed(), to: second)
        #expect(try RenderFixtures.files(under: first) == RenderFixtures.files(under: second))
        // Rendering again over an existing tree gives the same bytes too.
        let report = try RenderedTree.write(try RenderFixtures.seed(), to: first)
        #expect(try RenderFixtures.files(under: first) == RenderFixtures.files(under: second))
        #expect(report.files == firstReport.files && report.objects == firstReport.objects && report.directory == firstReport.directory)
        // ... and says so: the first render wrote every file, the second changed none.
        #expect(firstReport.changes == TreeChanges(changed: firstReport.files, unchanged: 0, removed: []))
        #expect(report.changes == TreeChanges(changed: [], unchanged: firstReport.files.count, removed: []))
    }

    @Test func secretsAreOnlyInAPrivateIgnoredFile() throws {
        let out = try RenderFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let tree = out.appendingPathComponent("org-a")
        let report = try RenderedTree.write(try RenderFixtures.seed(), to: tree)

        for path in report.files {
            let mode = try #require(FileManager.default.attributesOfItem(atPath: tree.appendingPathComponent(path).path)[.posixPermissions] as? Int)
            #expect(mode == (path == "k8s/secrets.yaml" ? 0o600 : 0o644), "\(path) has mode \(String(mode, radix: 8))")
        }
        #expect(try String(contentsOf: tree.appendingPathComponent("k8s/.gitignore"), encoding: .utf8).split(separator: "\n").contains("secrets.yaml"))
        #expect(report.objects.filter { $0.kind == "Secret" }.allSatisfy { $0.file == "k8s/secrets.yaml" })
        #expect(report.objects.filter { $0.file == "k8s/secrets.yaml" }.allSatisfy { $0.kind == "Secret" })

        // No private key file's content, raw or base64, appears anywhere but secrets.yaml.
        let input = try RenderFixtures.seed()
        let files = try RenderFixtures.files(under: tree)
        for node in input.nodes {
            let secret = node.secretFiles
            for name in RenderFixtures.privateFiles {
                let content = try #require(secret[name])
                for (path, data) in files where path != "k8s/secrets.yaml" {
                    #expect(data.range(of: content) == nil, "\(node.spec.name)'s \(name) appears in \(path)")
                    #expect(data.range(of: Data(content.base64EncodedString().utf8)) == nil, "\(node.spec.name)'s \(name) appears base64 in \(path)")
                }
                #expect(files["k8s/secrets.yaml"]!.range(of: Data(content.base64EncodedString().utf8)) != nil)
            }
        }
    }

    @Test func kustomizationListsEveryManifest() throws {
        let out = try RenderFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let tree = out.appendingPathComponent("org-a")
        let report = try RenderedTree.write(try RenderFixtures.seed(), to: tree)
        let kustomization = try String(contentsOf: tree.appendingPathComponent("k8s/kustomization.yaml"), encoding: .utf8)
        let resources = try #require(try Yams.load(yaml: kustomization) as? [String: Any])["resources"] as? [String]
        let manifests = Set(report.objects.map(\.file))
        #expect(Set(try #require(resources).map { "k8s/" + $0 }) == manifests)
        #expect(Set(report.files.filter { $0.hasPrefix("k8s/") && $0.hasSuffix(".yaml") && $0 != "k8s/kustomization.yaml" }) == manifests)
        // The PodDisruptionBudget; per node: Tessera ConfigMap, Secret, two Services, NetworkPolicy, StatefulSet.
        #expect(report.objects.count == 1 + 2 + 1 + 3 * 6)
    }

    @Test func removedNodeDisappearsFromTheTree() throws {
        let out = try RenderFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let tree = out.appendingPathComponent("org-a")
        _ = try RenderedTree.write(try RenderFixtures.seed(), to: tree)
        #expect(FileManager.default.fileExists(atPath: tree.appendingPathComponent("k8s/nodes/quorum-node3.yaml").path))

        let full = try RenderFixtures.seed()
        var network = try Network(full.spec)
        for node in full.nodes.prefix(2) { try network.addNode(node.spec) }
        let report = try RenderedTree.write(RenderFixtures.input(network, images: full.images), to: tree)

        let files = try RenderFixtures.files(under: tree)
        #expect(files.keys.filter { $0.contains("quorum-node3") }.isEmpty)
        #expect(!report.objects.contains { $0.name.hasPrefix("quorum-node3") })
        for path in ["k8s/secrets.yaml", "k8s/configmaps.yaml", "k8s/kustomization.yaml"] {
            #expect(files[path].map { String(decoding: $0, as: UTF8.self).contains("quorum-node3") } == false, "\(path)")
        }
    }

    @Test func reRenderKeepsUnchangedFilesAndReplacesTouchedOnes() throws {
        let out = try RenderFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let tree = out.appendingPathComponent("org-a")
        let report = try RenderedTree.write(try RenderFixtures.seed(), to: tree)
        let rendered = try RenderFixtures.files(under: tree)
        func status(_ path: String) throws -> stat {
            var status = stat()
            try #require(lstat(tree.appendingPathComponent(path).path, &status) == 0)
            return status
        }
        let inodes = try Dictionary(uniqueKeysWithValues: report.files.map { ($0, try status($0).st_ino) })

        // Edited content, loosened permissions, and a symlink to a copy with the right bytes.
        let edited = "k8s/configmaps.yaml", loosened = "k8s/kustomization.yaml", linked = "k8s/nodes/quorum-node1.yaml"
        try Data("tampered".utf8).write(to: tree.appendingPathComponent(edited))
        try #require(chmod(tree.appendingPathComponent(loosened).path, 0o666) == 0)
        let copy = out.appendingPathComponent("copy.yaml")
        try rendered[linked]!.write(to: copy)
        try FileManager.default.removeItem(at: tree.appendingPathComponent(linked))
        try FileManager.default.createSymbolicLink(at: tree.appendingPathComponent(linked), withDestinationURL: copy)

        _ = try RenderedTree.write(try RenderFixtures.seed(), to: tree)
        #expect(try RenderFixtures.files(under: tree) == rendered)
        for path in report.files {
            let now = try status(path)
            #expect(now.st_mode & S_IFMT == S_IFREG && now.st_nlink == 1, "\(path)")
            #expect(now.st_mode & 0o7777 == (path == "k8s/secrets.yaml" ? 0o600 : 0o644), "\(path)")
            let touched = [edited, loosened, linked].contains(path)
            #expect((now.st_ino == inodes[path]) != touched, "\(path) \(touched ? "kept" : "replaced")")
        }
    }

    @Test func invalidInputLeavesThePreviousTree() throws {
        let out = try RenderFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let tree = out.appendingPathComponent("org-a")
        _ = try RenderedTree.write(try RenderFixtures.seed(), to: tree)
        let before = try RenderFixtures.files(under: tree)

        var input = try RenderFixtures.seed()
        input.images.quorum = "quorumengineering/quorum:latest"
        #expect(throws: ValidationError.self) { try RenderedTree.write(input, to: tree) }
        #expect(try RenderFixtures.files(under: tree) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains("staging") }.isEmpty)
    }

    @Test func failureAfterWritingLeavesThePreviousTree() throws {
        struct InjectedFailure: Error {}
        let out = try RenderFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let tree = out.appendingPathComponent("org-a")
        _ = try RenderedTree.write(try RenderFixtures.seed(), to: tree)
        let before = try RenderFixtures.files(under: tree)

        let changed = try RenderFixtures.qbftLoadBalancer()
        #expect(throws: InjectedFailure.self) {
            try RenderedTree.write(changed, to: tree) {
                // The complete new tree exists beside the target at this point.
                let staging = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".org-a.staging-") }
                #expect(staging.count == 1)
                throw InjectedFailure()
            }
        }
        #expect(try RenderFixtures.files(under: tree) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains("staging") }.isEmpty)
    }

    @Test func renderRecoversFromAnInterruptedRender() throws {
        let out = try RenderFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let tree = out.appendingPathComponent("org-a")

        // A crash while writing left a half-written staging tree: the next render removes it.
        let stale = out.appendingPathComponent(".org-a.staging-0123456789abcdef/k8s")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: stale.appendingPathComponent("configmaps.yaml"))
        _ = try RenderedTree.write(try RenderFixtures.seed(), to: tree)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [".org-a.lock", "org-a"])
        let rendered = try RenderFixtures.files(under: tree)

        // A crash in the fallback swap, between moving the old tree aside and moving the new one
        // in, left no tree: the next render first restores the old one, then replaces it.
        try FileManager.default.moveItem(at: tree, to: out.appendingPathComponent(".org-a.previous"))
        _ = try RenderedTree.write(try RenderFixtures.seed(), to: tree)
        #expect(try RenderFixtures.files(under: tree) == rendered)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [".org-a.lock", "org-a"])
    }
}
