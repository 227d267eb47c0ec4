import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file of a staging tree, made from pieces appended in order, that costs no write when it
/// turns out to be the current tree's file byte for byte.
///
/// While every byte appended so far equals the start of the current file (a regular file with
/// exactly the permissions wanted), nothing is written: pieces are compared with the current
/// file as they come, ``pieceSize`` bytes at a time. At the first difference the staged file is
/// created, the equal part copied from the current file, and the rest written as it comes. So a
/// file of any size is made in a bounded buffer, and an unchanged one is only read.
/// ``finish()`` then hard-links an equal current file into staging (see ``finish()``).
final class StagedFile {
    /// How many appended bytes are gathered before they are compared or written.
    static let pieceSize = 64 << 10

    private let stagedPath: String
    private let currentPath: String
    private let permissions: mode_t
    /// The current file, open while every byte appended so far equals its start; -1 after.
    private var current: Int32 = -1
    private var currentStatus = stat()
    /// The staged file, once it is written; -1 before.
    private var staged: Int32 = -1
    /// Bytes appended and not yet compared or written.
    private var pending: [UInt8] = []
    /// The current file's next bytes, read to compare with `pending`.
    private var compared: [UInt8] = []
    /// Bytes compared or written so far.
    private var count = 0

    /// Prepares the file `stagedPath`, to be compared with `currentPath` of the tree it replaces.
    init(at stagedPath: String, replacing currentPath: String, permissions: mode_t) {
        self.stagedPath = stagedPath
        self.currentPath = currentPath
        self.permissions = permissions
        let fd = open(currentPath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return }
        guard fstat(fd, &currentStatus) == 0, currentStatus.st_mode & S_IFMT == S_IFREG, currentStatus.st_mode & 0o7777 == permissions else {
            close(fd)
            return
        }
        current = fd
    }

    deinit {
        if current >= 0 { close(current) }
        if staged >= 0 { close(staged) }
    }

    /// Appends the next bytes of the file.
    func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws(AtomicFile.WriteError) {
        pending.append(contentsOf: bytes)
        if pending.count >= Self.pieceSize { try flush() }
    }

    /// Ends the file and says what became of the current one: hard-linked into staging when it
    /// is a regular file of this user, linked nowhere else, with exactly the permissions and
    /// bytes appended.
    ///
    /// An unchanged file then costs a read instead of a new inode, and deleting the old tree
    /// frees nothing. That matters beyond the saved writes: ext4 without a journal skips every
    /// inode freed in the last minute (six while its inode table is unwritten) when it allocates
    /// one, so a re-render that deleted and recreated 1000 files spent most of its time in that
    /// search.
    func finish() throws(AtomicFile.WriteError) -> DirectoryReplacement.LinkOutcome {
        try flush()
        guard current >= 0 else {
            if staged < 0 { try createStaged() }
            try closeStaged()
            return .different
        }
        var byte: UInt8 = 0
        guard count == currentStatus.st_size, readFully(into: &byte, count: 1, from: current) == 0 else {
            try diverge()
            try closeStaged()
            return .different
        }
        if currentStatus.st_uid == geteuid(), currentStatus.st_nlink == 1, link(currentPath, stagedPath) == 0 {
            // The name could have been swapped for another file since it was compared: keep the
            // link only if it is the very inode that was read.
            var linked = stat()
            if lstat(stagedPath, &linked) == 0, linked.st_ino == currentStatus.st_ino, linked.st_dev == currentStatus.st_dev {
                return .linked
            }
            unlink(stagedPath)
        }
        try diverge()
        try closeStaged()
        return .sameContents
    }

    /// Compares or writes the pending bytes.
    private func flush() throws(AtomicFile.WriteError) {
        guard !pending.isEmpty else { return }
        if current >= 0 {
            if compared.count < pending.count { compared = [UInt8](repeating: 0, count: pending.count) }
            let matches = compared.withUnsafeMutableBytes { buffer in
                readFully(into: buffer.baseAddress!, count: pending.count, from: current) == pending.count
                    && pending.withUnsafeBytes { memcmp($0.baseAddress!, buffer.baseAddress!, pending.count) == 0 }
            }
            if matches {
                count += pending.count
                pending.removeAll(keepingCapacity: true)
                return
            }
            try diverge()
        }
        if staged < 0 { try createStaged() }
        try write(pending, count: pending.count)
        count += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    /// Stops comparing: creates the staged file with the `count` bytes already found equal,
    /// copied from the current file.
    private func diverge() throws(AtomicFile.WriteError) {
        guard current >= 0 else { return }
        defer {
            close(current)
            current = -1
        }
        try createStaged()
        var copied = 0
        var buffer = [UInt8](repeating: 0, count: min(count, Self.pieceSize))
        while copied < count {
            let got = buffer.withUnsafeMutableBytes { pread(current, $0.baseAddress!, min($0.count, count - copied), off_t(copied)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw failure(at: currentPath, got < 0 ? String(cString: strerror(errno)) : "it shrank while it was read") }
            try write(buffer, count: got)
            copied += got
        }
    }

    /// Creates the staged file exclusively, with its permissions set before any byte is written.
    private func createStaged() throws(AtomicFile.WriteError) {
        let fd = open(stagedPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw failure(at: stagedPath, String(cString: strerror(errno))) }
        staged = fd
        guard fchmod(fd, permissions) == 0 else { throw failure(at: stagedPath, String(cString: strerror(errno))) }
    }

    /// Writes the first `count` of `bytes` to the staged file.
    private func write(_ bytes: [UInt8], count: Int) throws(AtomicFile.WriteError) {
        let fd = staged
        let failed = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written >= 0 else { return true }
                offset += written
            }
            return false
        }
        if failed { throw failure(at: stagedPath, String(cString: strerror(errno))) }
    }

    private func closeStaged() throws(AtomicFile.WriteError) {
        let fd = staged
        staged = -1
        guard close(fd) == 0 else { throw failure(at: stagedPath, String(cString: strerror(errno))) }
    }

    private func failure(at path: String, _ reason: String) -> AtomicFile.WriteError {
        AtomicFile.WriteError(path: path, reason: reason)
    }
}
