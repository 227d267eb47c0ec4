import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a finished child process left behind.
struct ProcessResult: Sendable {
    var status: Int32
    var stdout: Data
    var stderr: Data
    /// Whether the process was killed because it ran past its timeout.
    var timedOut: Bool
}

/// Runs a program with an argv list (no shell), feeding stdin and capturing stdout and stderr.
enum ProcessRunner {
    /// Runs `executable` with `arguments`; `onLine` sees each stdout line as it arrives.
    /// The process is terminated when it runs longer than `timeout`.
    static func run(
        _ executable: URL, _ arguments: [String], input: Data?, timeout: Duration,
        onLine: (@Sendable (String) -> Void)? = nil
    ) throws -> ProcessResult {
        ignoreSIGPIPE
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdinPipe = Pipe()
        let stdoutPipe = Pipe()
        let stderrPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()

        let pending = DispatchGroup()
        if let input {
            let writer = stdinPipe.fileHandleForWriting
            pending.enter()
            DispatchQueue.global().async {
                try? writer.write(contentsOf: input)
                try? writer.close()
                pending.leave()
            }
        }
        let stderr = Collected()
        let errorReader = stderrPipe.fileHandleForReading
        pending.enter()
        DispatchQueue.global().async {
            stderr.append(errorReader.readDataToEndOfFile())
            pending.leave()
        }
        // The watchdog gets its own thread: the two blocking pipe transfers above can occupy
        // every thread of the global queue on a small machine, and a timer queued there would
        // only fire once the child had finished on its own.
        let killed = Collected()
        let exited = DispatchSemaphore(value: 0)
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let watchdog = Thread {
            guard exited.wait(timeout: .now() + seconds) == .timedOut, process.isRunning else { return }
            killed.append(Data([1]))
            signalGroup(of: process, SIGTERM)
            // A child that ignores SIGTERM (it inherits an ignored signal across exec) is killed.
            if exited.wait(timeout: .now() + 2) == .timedOut, process.isRunning {
                signalGroup(of: process, SIGKILL)
            }
        }
        watchdog.start()

        var stdout = Data()
        var partial = Data()
        let reader = stdoutPipe.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            stdout.append(chunk)
            guard let onLine else { continue }
            partial.append(chunk)
            while let newline = partial.firstIndex(of: 0x0A) {
                onLine(String(decoding: partial[..<newline], as: UTF8.self))
                partial.removeSubrange(...newline)
            }
        }
        if let onLine, !partial.isEmpty { onLine(String(decoding: partial, as: UTF8.self)) }
        process.waitUntilExit()
        exited.signal()
        pending.wait()
        return ProcessResult(
            status: process.terminationStatus, stdout: stdout, stderr: stderr.data, timedOut: !killed.data.isEmpty)
    }

    /// Sends `signal` to the child and everything it started.
    ///
    /// Foundation starts each child in a process group of its own, so kubectl's children (an exec
    /// credential plugin, which inherits kubectl's stderr) get the signal too: a plugin left
    /// running would hold the stderr pipe open and keep the call from returning at its timeout.
    /// Where the child leads no group of its own, only the child is signalled.
    private static func signalGroup(of process: Process, _ signal: Int32) {
        if kill(-process.processIdentifier, signal) != 0 {
            kill(process.processIdentifier, signal)
        }
    }

    /// A child that exits before reading all of stdin must not kill qube with SIGPIPE.
    private static let ignoreSIGPIPE: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// Bytes gathered on another thread.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes = Data()

        func append(_ more: Data) { lock.withLock { bytes.append(more) } }
        var data: Data { lock.withLock { bytes } }
    }
}
