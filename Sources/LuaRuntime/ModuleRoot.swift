import Foundation

/// The directory tree a script may `require` modules from, and how to name its files.
struct ModuleRoot {
    /// The directory as the user gave it, ready to prefix a relative path (`""`, `examples/`).
    let displayPrefix: String
    /// The directory's path for file access, ending in `/`.
    let directory: String

    /// The root of the script at `scriptPath`, which messages call `displayName`.
    init(scriptPath: String, displayName: String) {
        displayPrefix = Self.directoryPrefix(of: displayName)
        let directory = Self.directoryPrefix(of: scriptPath)
        self.directory = directory.isEmpty ? "./" : directory
    }

    /// The current directory, for chunks that are not files.
    init() {
        displayPrefix = ""
        directory = "./"
    }

    /// How messages name the stdlib's root, a directory or the bundled copy.
    static let stdlibDisplayPrefix = "stdlib/"

    /// The root of the stdlib directory `directory`.
    init(stdlib directory: String) {
        displayPrefix = Self.stdlibDisplayPrefix
        self.directory = directory.hasSuffix("/") ? directory : directory + "/"
    }

    /// The directory part of `path` with its trailing slash, or `""`.
    private static func directoryPrefix(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    }

    /// Whether `path` resolves (symbolic links followed) to a file inside this tree.
    func contains(_ path: String) -> Bool {
        guard let root = Self.realPath(directory), let file = Self.realPath(path) else { return false }
        return file.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// Whether a regular file exists at `path`.
    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
