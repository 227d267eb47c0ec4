import Foundation
import Testing

@testable import QubeCore

/// How the write guard resolves paths and hands out capabilities, below the bindings.
@Suite struct WriteGuardResolutionTests {
    /// A script directory `root/` beside `outside/`, and a confining guard for it.
    final class Sandbox {
        let base: URL
        var root: URL { base.appendingPathComponent("root") }
        let writeGuard: WriteGuard

        init() throws {
            base = FileManager.default.temporaryDirectory.appendingPathComponent("qube-guard-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: base.appendingPathComponent("root/real/sub"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: base.appendingPathComponent("outside"), withIntermediateDirectories: true)
            writeGuard = WriteGuard(scriptDirectory: base.appendingPathComponent("root"), confinesWrites: true)
        }

        deinit { try? FileManager.default.removeItem(at: base) }

        func link(_ name: String, to destination: String) throws {
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent(name).path, withDestinationPath: destination)
        }
    }

    @Test func aChainOfLinksThatEndsOutsideIsRefusedAtTheLinkThatLeaves() throws {
        let sandbox = try Sandbox()
        try sandbox.link("first", to: "second")
        try sandbox.link("second", to: "../outside")
        #expect {
            try sandbox.writeGuard.check(sandbox.root.appendingPathComponent("first/file"))
        } throws: { error in
            (error as? WriteGuard.Refusal)?.description
                == "refusing to write 'first/file': 'second' is a symbolic link that leads outside the script's directory"
        }
    }

    @Test func dotDotInALinkIsAppliedToTheRealDirectoryItSitsIn() throws {
        let sandbox = try Sandbox()
        try sandbox.link("alias", to: "real/sub")
        try sandbox.link("real/sub/up", to: "../../..")
        #expect(throws: WriteGuard.Refusal.self) { try sandbox.writeGuard.check(sandbox.root.appendingPathComponent("alias/up/x")) }
        try sandbox.link("real/sub/home", to: "../..")
        let target = try sandbox.writeGuard.file(sandbox.root.appendingPathComponent("alias/home/x.yaml"))
        #expect(target.path == sandbox.root.resolvingSymlinksInPath().appendingPathComponent("x.yaml").path)
    }

    @Test func aNetworkClaimsItsKeyStoreOnce() throws {
        let sandbox = try Sandbox()
        let keys = sandbox.root.appendingPathComponent("keys/net"), out = sandbox.root.appendingPathComponent("out/net")
        _ = try sandbox.writeGuard.claim(keyStore: keys, tree: out, for: "net")
        #expect(throws: WriteGuard.Refusal.self) { try sandbox.writeGuard.claim(keyStore: keys, tree: out, for: "net") }
    }

    @Test func aKeyStoreWriterWritesOnlyInsideItsOwnStore() throws {
        let sandbox = try Sandbox()
        let a = try sandbox.writeGuard.claim(
            keyStore: sandbox.root.appendingPathComponent("keys/a"), tree: sandbox.root.appendingPathComponent("out/a"), for: "a")
        _ = try sandbox.writeGuard.claim(
            keyStore: sandbox.root.appendingPathComponent("keys/b"), tree: sandbox.root.appendingPathComponent("out/b"), for: "b")
        _ = try a.target(sandbox.root.appendingPathComponent("keys/a/n1/nodekey"))
        #expect(throws: WriteGuard.Refusal.self) { try a.target(sandbox.root.appendingPathComponent("keys/b/n1/nodekey")) }
        #expect(throws: WriteGuard.Refusal.self) { try a.target(sandbox.root.appendingPathComponent("keys/a/../b/genesis.json")) }
    }
}
