import Foundation
import Testing

/// Errors of the file system name the path and the cause in the user's words, not Foundation's
/// generic text, and a special file in the way is never replaced.
@Suite struct FileSystemErrorTests {
    static let network = """
        local net = network { name = "a", tessera = false }
        net:addNode { name = "n1" }
        net:genKeys { kdf = "light" }

        """

    @Test func aGenesisIsNotWrittenOverAFIFO() throws {
        let qube = try QubeProcess()
        let fifo = qube.directory.appendingPathComponent("genesis.json").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let result = try qube.runScript(Self.network + "net:genesis():write(\"genesis.json\")\n", options: ["--unsafe"])
        #expect(result.status == 1)
        #expect(result.standardError == "topology.lua:4: cannot write \(fifo): it is a FIFO, not a regular file\n")
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")
    }

    @Test func aGenesisIsNotWrittenOverADirectory() throws {
        let qube = try QubeProcess()
        try qube.write("genesis.json/keep", "")
        let result = try qube.runScript(Self.network + "net:genesis():write(\"genesis.json\")\n")
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "topology.lua:4: cannot write \(qube.directory.appendingPathComponent("genesis.json").path): it is a directory, not a regular file\n")
    }

    @Test func readingAFIFONamesIt() throws {
        let qube = try QubeProcess()
        #expect(mkfifo(qube.directory.appendingPathComponent("genesis.json").path, 0o644) == 0)
        let result = try qube.runScript("readGenesis \"genesis.json\"\n")
        #expect(result.status == 1)
        #expect(result.standardError == "topology.lua:1: cannot read: 'genesis.json' is a FIFO, not a regular file\n")
    }

    /// A file qube reads back (a key file, the stored genesis) replaced by a FIFO is named and
    /// refused at the line that reads it, never waited on.
    @Test(arguments: ["keys/a/n1/acctkeyfile.json", "keys/a/genesis.json"])
    func aFileReadBackThatIsAFIFOIsNamedNotWaitedOn(_ file: String) throws {
        let qube = try QubeProcess()
        #expect(try qube.runScript(Self.network + "net:render()\n").status == 0)
        let path = qube.directory.appendingPathComponent(file).path
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o600) == 0)
        let result = try qube.runScript(Self.network + "net:render()\n")
        #expect(result.status == 1)
        #expect(result.standardError == "topology.lua:3: \(path): is a FIFO, not a regular file\n")
    }

    /// Root may write anywhere, so the test drops to `nobody` with setpriv to be refused.
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: getuid() == 0 && setpriv != nil, "needs root and setpriv to run qube as a user the directory refuses"))
    func aKeyDirectoryThatCannotBeMadeSaysWhichAndWhy() throws {
        let qube = try QubeProcess()
        try qube.write("topology.lua", Self.network)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.setpriv))
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", QubeProcess.executable.path, "run", "topology.lua"]
        process.currentDirectoryURL = qube.directory
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let said = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let keys = qube.directory.appendingPathComponent("keys").path
        #expect(said.hasSuffix("topology.lua:3: \(keys)/a: cannot create directory \(keys): Permission denied\n"), "\(said)")
    }
}
