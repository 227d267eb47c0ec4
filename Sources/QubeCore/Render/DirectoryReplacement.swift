import CPosix
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces a whole directory tree so that, even after a crash at any point, the directory is
/// either entirely the old tree or entirely the new one.
///
/// The target is a path the ``WriteGuard`` accepted as a tree. Sequence, under an exclusive
/// `flock` on `.<name>.lock` beside the target (never a symbolic link):
/// 1. remove leftovers of interrupted runs: `.<name>.staging-*` directories, and restore a
///    `.<name>.previous` tree when the target is missing (see step 3's fallback); refuse a
///    target that holds anything its ``TreeManifest`` does not list (or, without one, anything
///    but the ``legacyLayout``);
/// 2. write the new tree and its manifest into `.<name>.staging-<random>` beside the target and flush it to disk in
///    one `syncfs`, files and directories alike; any error removes the staging tree and leaves the
///    target untouched. A file the current tree already holds byte for byte, with the same
///    permissions, is hard-linked into staging instead of written again (see ``StagedFile``);
/// 3. swap staging and target with one atomic exchange (`renameat2(RENAME_EXCHANGE)`), or rename
///    staging into place when there is no target yet; fsync the parent;
/// 4. delete the staging name, which now holds the old tree.
///
/// On a file system that cannot exchange, step 3 renames the target to `.<name>.previous` and
/// staging into place: a crash between the two leaves no target, which step 1 of the next run
/// repairs from `.previous`.
struct DirectoryReplacement {
    /// The directory being replaced, e.g. `out/org-a`, as the write guard resolved it.
    var target: WriteGuard.Target
    /// What the target may hold, when it has no manifest, to be adopted as a tree of the
    /// release before manifests (see ``TreeManifest``).
    var legacyLayout: TreeManifest.LegacyLayout = [:]

    private var parent: String { target.parent.path }
    private var name: String { target.url.lastPathComponent }
    private var stagingPrefix: String { ".\(name).staging-" }
    private var previousPath: String { parent + "/.\(name).previous" }

    /// One file of the new tree: its path relative to the tree, its permissions, and what writes
    /// its bytes to the ``StagedFile`` it is given, called once, when the file is staged.
    struct File {
        var path: String
        var permissions: mode_t
        var write: (StagedFile) throws -> Void

        /// A file whose bytes `write` appends, in as many pieces as it likes.
        init(path: String, permissions: mode_t, write: @escaping (StagedFile) throws -> Void) {
            self.path = path
            self.permissions = permissions
            self.write = write
        }

        /// A file of the bytes `contents` makes.
        init(path: String, permissions: mode_t, contents: @escaping () -> Data) {
            self.init(path: path, permissions: permissions) { file in try file.append(contents()) }
        }
    }

    /// Writes `tree` as the new tree at `target`, one file at a time, telling `progress` how
    /// many of the tree's files are staged after each (the tree manifest is not counted).
    /// `beforeSwap` runs once the staging tree is complete; a throw from it aborts the swap.
    /// Returns which files differ from the tree it replaced.
    @discardableResult
    func replace(
        with tree: [File], progress: ((Int, Int) -> Void)? = nil, beforeSwap: () throws -> Void = {}
    ) throws -> TreeChanges {
        // Before the lock file is made: a directory qube may not replace gets nothing beside it.
        try refuseForeignTree()
        if !FileManager.default.fileExists(atPath: parent) {
            try AtomicFile.createDirectory(target.parent)
        }
        let lock = try lockParent()
        defer { close(lock) }
        try removeLeftovers()
        try refuseForeignTree()
        let previous = TreeManifest.listedPaths(in: target.path) ?? []
        let manifest = TreeManifest.contents(listing: tree.map(\.path))
        let files = tree + [File(path: TreeManifest.fileName, permissions: 0o644) { manifest }]
        var changed: [String] = []

        let random = (0..<2).map { _ in String(format: "%08x", UInt32.random(in: 0...UInt32.max)) }.joined()
        let staging = parent + "/" + stagingPrefix + random
        do {
            var directories: Set<String> = [""]
            for file in files {
                var path = Substring(file.path)
                while let slash = path.lastIndex(of: "/") {
                    path = path[..<slash]
                    directories.insert("/" + path)
                }
            }
            for directory in directories.sorted() {
                try Self.makeDirectory(staging + directory)
            }
            for (index, file) in files.enumerated() {
                defer { if index < tree.count { progress?(index + 1, tree.count) } }
                let staged = StagedFile(at: staging + "/" + file.path, replacing: target.path + "/" + file.path, permissions: file.permissions)
                try file.write(staged)
                let outcome = try staged.finish()
                if outcome == .different && file.path != TreeManifest.fileName { changed.append(file.path) }
            }
            guard qube_sync_file_system(staging) == 0 else {
                throw AtomicFile.WriteError(path: staging, reason: String(cString: strerror(errno)))
            }
            try beforeSwap()
            try swap(staging)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        AtomicFile.syncDirectory(parent)
        try? FileManager.default.removeItem(atPath: staging)
        let written = Set(tree.map(\.path))
        return TreeChanges(changed: changed, unchanged: tree.count - changed.count, removed: previous.filter { !written.contains($0) })
    }

    /// What became of a file's previous version when the tree was staged.
    enum LinkOutcome: Equatable {
        /// The previous file was hard-linked into the staging tree.
        case linked
        /// The previous file has the same contents and permissions but could not be linked.
        case sameContents
        /// There was no previous file, or its contents or permissions differ.
        case different
    }

    /// Refuses a target that holds anything its manifest does not list (see ``TreeManifest``).
    private func refuseForeignTree() throws(WriteGuard.Refusal) {
        guard FileManager.default.fileExists(atPath: target.path), let foreign = TreeManifest.foreignEntry(in: target.path, legacyLayout: legacyLayout) else { return }
        throw WriteGuard.Refusal(
            target.displayPath, action: "replace",
            "it holds \(Names.quoted(foreign, limit: 200)), which qube did not write (\(TreeManifest.fileName) does not list it); move it away, or render elsewhere")
    }

    private func lockParent() throws -> Int32 {
        let path = parent + "/.\(name).lock"
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == ELOOP {
                let shown = target.parent.displayPath == "." ? "" : target.parent.displayPath + "/"
                throw WriteGuard.Refusal(
                    shown + ".\(name).lock", action: "write",
                    "it is a symbolic link, and qube never follows one for its lock file; remove it")
            }
            throw AtomicFile.WriteError(path: path, reason: String(cString: strerror(errno)))
        }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw AtomicFile.WriteError(path: path, reason: "cannot lock: \(reason)")
            }
        }
        return fd
    }

    private func removeLeftovers() throws {
        let manager = FileManager.default
        for entry in try manager.contentsOfDirectory(atPath: parent) where entry.hasPrefix(stagingPrefix) {
            try Self.checkLeftover(parent + "/" + entry)
            try manager.removeItem(atPath: parent + "/" + entry)
        }
        guard manager.fileExists(atPath: previousPath) else { return }
        try Self.checkLeftover(previousPath)
        if manager.fileExists(atPath: target.path) {
            try manager.removeItem(atPath: previousPath)
        } else {
            try Self.move(previousPath, to: target.path)
        }
    }

    /// Refuses to remove or restore a leftover of an interrupted render that is not plainly one:
    /// a link, or a directory holding a node's key directory (a key store that merely bears a
    /// leftover's name), so no name a script chooses can make render move or delete keys.
    private static func checkLeftover(_ path: String) throws(AtomicFile.WriteError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw AtomicFile.WriteError(path: path, reason: "it bears the name of an interrupted render's leftover but is not a directory qube wrote")
        }
        let holdsKeys = FileManager.default.enumerator(atPath: path)?.contains { ($0 as? String).map { $0 == "nodekey" || $0.hasSuffix("/nodekey") } ?? false } ?? false
        if holdsKeys {
            throw AtomicFile.WriteError(path: path, reason: "it bears the name of an interrupted render's leftover but holds a node's keys")
        }
    }

    private func swap(_ staging: String) throws(AtomicFile.WriteError) {
        var status = stat()
        guard lstat(target.path, &status) == 0 else {
            guard errno == ENOENT else { throw AtomicFile.WriteError(path: target.path, reason: String(cString: strerror(errno))) }
            try Self.move(staging, to: target.path)
            return
        }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw AtomicFile.WriteError(path: target.path, reason: "not a directory") }
        if qube_exchange_paths(staging, target.path) == 0 { return }
        guard [EINVAL, ENOTSUP, ENOSYS].contains(errno) else {
            throw AtomicFile.WriteError(path: target.path, reason: String(cString: strerror(errno)))
        }
        try Self.move(target.path, to: previousPath)
        try Self.move(staging, to: target.path)
        try Self.move(previousPath, to: staging)
    }

    private static func move(_ from: String, to: String) throws(AtomicFile.WriteError) {
        guard rename(from, to) == 0 else { throw AtomicFile.WriteError(path: to, reason: String(cString: strerror(errno))) }
    }

    /// Creates one directory with exactly 0755, whatever the umask.
    private static func makeDirectory(_ path: String) throws(AtomicFile.WriteError) {
        guard mkdir(path, 0o755) == 0, chmod(path, 0o755) == 0 else {
            throw AtomicFile.WriteError(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
