import Foundation
import Testing

@testable import QubeCore

/// The tessera container's wrapper, run for real with `/bin/sh` around a fake Tessera.
@Suite struct TesseraTrustReloadTests {
    /// A fake Tessera that runs until TERM, then exits 0, recording that it was stopped.
    static func fakeTessera(_ directory: String) -> [String] {
        ["sh", "-c", "trap 'echo stopped > \"$0\"; exit 0' TERM; while :; do sleep 1; done", directory + "/stopped"]
    }

    /// The wrapper, running under `/bin/sh` as a container's main process would: with no signal
    /// blocked and TERM and INT at their defaults (a test runner's threads block most signals,
    /// and `Process` passes its mask on).
    struct Wrapper {
        var pid: pid_t
        var output: String

        /// Starts the wrapper watching `directory/known-peers` every second, around `tessera`.
        init(_ directory: String, running tessera: [String]) throws {
            let script = TesseraTrustReload.makeScript(knownPeersPath: directory + "/known-peers", pollSeconds: 1)
            output = directory + "/output"
            let argv = ["/bin/sh", "-c", script, TesseraTrustReload.scriptName] + tessera
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var none = sigset_t()
            sigemptyset(&none)
            posix_spawnattr_setsigmask(&attributes, &none)
            var defaults = sigset_t()
            sigemptyset(&defaults)
            sigaddset(&defaults, SIGTERM)
            sigaddset(&defaults, SIGINT)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            var cArgv = argv.map { strdup($0) } + [nil]
            defer { for pointer in cArgv { free(pointer) } }
            var pid: pid_t = 0
            let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArgv, nil)
            try #require(status == 0)
            self.pid = pid
        }

        /// Whether the wrapper still runs.
        var isRunning: Bool { waitpid(pid, nil, WNOHANG) == 0 }

        /// Waits at most `seconds` for the wrapper to exit; its exit status and output.
        func exit(within seconds: Double) -> (status: Int32?, output: String) {
            let deadline = Date().addingTimeInterval(seconds)
            var status: Int32 = 0
            while Date() < deadline {
                if waitpid(pid, &status, WNOHANG) == pid {
                    let code: Int32? = (status & 0x7f) == 0 ? (status >> 8) & 0xff : nil
                    return (code, String(decoding: FileManager.default.contents(atPath: output) ?? Data(), as: UTF8.self))
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            kill(pid, SIGKILL)
            waitpid(pid, nil, 0)
            return (nil, "still running after \(seconds) s")
        }
    }

    static func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qube-reload-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("a b\n".utf8).write(to: directory.appendingPathComponent("known-peers"))
        try body(directory.path)
    }

    @Test func theMountedFileIsWatchedEveryPollInterval() {
        #expect(TesseraTrustReload.script.contains("known_peers='/etc/tessera-known-peers/known-peers'"))
        #expect(TesseraTrustReload.script.contains("sleep \(TesseraTrustReload.pollSeconds) &"))
        #expect(TesseraTrustReload.command(running: ["/tessera/bin/tessera", "-configfile", "x"]).suffix(4)
            == [TesseraTrustReload.scriptName, "/tessera/bin/tessera", "-configfile", "x"])
    }

    @Test func aChangedFileStopsTesseraAndExitsZero() throws {
        try Self.withDirectory { directory in
            let wrapper = try Wrapper(directory, running: Self.fakeTessera(directory))
            Thread.sleep(forTimeInterval: 2.5)
            #expect(wrapper.isRunning, "an unchanged file keeps Tessera running")
            try Data("a b\nc d\n".utf8).write(to: URL(fileURLWithPath: directory + "/known-peers"))
            let run = wrapper.exit(within: 10)
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output == TesseraTrustReload.changedMessage + "\n")
            #expect(FileManager.default.fileExists(atPath: directory + "/stopped"))
        }
    }

    @Test func termStopsTesseraAndExits143() throws {
        try Self.withDirectory { directory in
            let wrapper = try Wrapper(directory, running: Self.fakeTessera(directory))
            Thread.sleep(forTimeInterval: 1.5)
            let sent = Date()
            kill(wrapper.pid, SIGTERM)
            let run = wrapper.exit(within: 10)
            #expect(run.status == 143, "\(run.output)")
            #expect(Date().timeIntervalSince(sent) < 3, "the trap runs without waiting out the poll")
            #expect(FileManager.default.fileExists(atPath: directory + "/stopped"))
        }
    }

    @Test func tesseraExitingByItselfGivesItsStatus() throws {
        try Self.withDirectory { directory in
            let run = try Wrapper(directory, running: ["sh", "-c", "sleep 1; exit 3"]).exit(within: 10)
            #expect(run.status == 3, "\(run.output)")
        }
    }
}
