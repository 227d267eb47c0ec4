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
///    permissions, is hard-linked into staging instead of written again (see
///    ``linkUnchanged(_:permissions:from:to:)``);
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

    /// One file of the new tree: its path relative to the tree, its permissions, and what makes
    /// its bytes, called once, when the file is staged, and let go of right after.
    struct File {
        var path: String
        var permissions: mode_t
        var contents: () -> Data
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
                let staged = staging + "/" + file.path
                let data = file.contents()
                let outcome = Self.linkUnchanged(data, permissions: file.permissions, from: target.path + "/" + file.path, to: staged)
                if outcome != .linked {
                    try AtomicFile.create(data, at: URL(fileURLWithPath: staged), permissions: file.permissions)
                }
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

    /// Hard-links `current` to `staged` when it is a regular file of this user, linked nowhere
    /// else, with exactly `permissions` and exactly `data`; says whether it did, and if not,
    /// whether the file differs.
    ///
    /// An unchanged file then costs a read instead of a new inode, and deleting the old tree
    /// frees nothing. That matters beyond the saved writes: ext4 without a journal skips every
    /// inode freed in the last minute (six while its inode table is unwritten) when it allocates
    /// one, so a re-render that deleted and recreated 1000 files spent most of its time in that
    /// search.
    private static func linkUnchanged(_ data: Data, permissions: mode_t, from current: String, to staged: String) -> LinkOutcome {
        let fd = open(current, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return .different }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_mode & 0o7777 == permissions,
            status.st_size == data.count, Self.contents(of: fd, equal: data)
        else { return .different }
        guard status.st_uid == geteuid(), status.st_nlink == 1, link(current, staged) == 0 else { return .sameContents }
        // The name could have been swapped for another file since it was compared: keep the
        // link only if it is the very inode that was read.
        var linked = stat()
        guard lstat(staged, &linked) == 0, linked.st_ino == status.st_ino, linked.st_dev == status.st_dev else {
            unlink(staged)
            return .sameContents
        }
        return .linked
    }

    /// Whether reading `fd` to its end gives exactly `data`.
    private static func contents(of fd: Int32, equal data: Data) -> Bool {
        data.withUnsafeBytes { expected in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            var offset = 0
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { return false }
                if count == 0 { return offset == expected.count }
                guard offset + count <= expected.count,
                    buffer.withUnsafeBytes({ memcmp($0.baseAddress!, expected.baseAddress! + offset, count) == 0 })
                else { return false }
                offset += count
            }
        }
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
