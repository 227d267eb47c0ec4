import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Crash-safe file writes: a reader, or a re-run after `kill -9`, sees the old file or the new
/// one, never a torn mix.
public enum AtomicFile {
    /// An error from the file system, naming the path.
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `data` to `target` through a temporary file in the same directory: write, fsync,
    /// rename over the target, fsync the directory. The file gets `permissions` before any byte
    /// is written, so a secret is never readable by others, not even briefly. Only the
    /// ``WriteGuard`` hands out targets. A target that is a directory, a FIFO, a device or a
    /// socket is refused, never replaced: with `--unsafe`, renaming over `/dev/null` would turn
    /// the machine's device into a file.
    public static func write(_ data: Data, to target: WriteGuard.Target, permissions: mode_t = 0o644) throws(WriteError) {
        let url = target.url
        var status = stat()
        if lstat(url.path, &status) == 0, status.st_mode & S_IFMT != S_IFREG, status.st_mode & S_IFMT != S_IFLNK {
            throw WriteError(path: url.path, reason: "it is \(OwnFile.kind(of: status.st_mode)), not a regular file")
        }
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        if let failure = writeNewFile(data, at: temporary, permissions: permissions, sync: true) {
            throw WriteError(path: url.path, reason: failure)
        }
        guard rename(temporary, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: url.path, reason: reason)
        }
        syncDirectory(directory)
    }

    /// Creates `path` exclusively with `permissions` (set before any byte is written), writes
    /// `data` and, with `sync`, fsyncs it. Returns why it failed, or nil; a file it created is
    /// removed again on failure, and a file that already existed is left alone.
    private static func writeNewFile(_ data: Data, at path: String, permissions: mode_t, sync: Bool) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        let failure = fill(fd, with: data, permissions: permissions, sync: sync)
        close(fd)
        if failure != nil { unlink(path) }
        return failure
    }

    /// Sets `permissions` on the new file `fd`, writes `data` and, with `sync`, fsyncs it.
    private static func fill(_ fd: Int32, with data: Data, permissions: mode_t, sync: Bool) -> String? {
        if fchmod(fd, permissions) != 0 { return String(cString: strerror(errno)) }
        let failure = data.withUnsafeBytes { buffer -> String? in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += n
            }
            return nil
        }
        if failure == nil, sync, fsync(fd) != 0 { return String(cString: strerror(errno)) }
        return failure
    }

    /// Removes the temporary files that writes in `directory` left when their process died
    /// (`kill -9`, power cut): names `.<file>.<pid>.<random>.tmp` whose process is gone. A file
    /// of a live process, this one included, is left alone.
    static func removeStaleTemporaryFiles(in target: WriteGuard.Target) {
        let directory = target.url
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for entry in entries where entry.hasPrefix(".") && entry.hasSuffix(".tmp") {
            let parts = entry.split(separator: ".")
            guard parts.count >= 4, let pid = pid_t(parts[parts.count - 3]), UInt32(parts[parts.count - 2]) != nil, pid > 0,
                pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            unlink(directory.appendingPathComponent(entry).path)
        }
    }

    /// Creates `target` and its missing parents with `permissions`. A failure names the
    /// directory that could not be made and the system's reason (`Permission denied`), or the
    /// file in the way.
    public static func createDirectory(_ target: WriteGuard.Target, permissions: mode_t = 0o755) throws(WriteError) {
        let url = target.url
        var path = ""
        for component in url.standardizedFileURL.pathComponents {
            path = path.isEmpty || component == "/" ? component : (path == "/" ? "/" : path + "/") + component
            var status = stat()
            if stat(path, &status) == 0 {
                guard status.st_mode & S_IFMT == S_IFDIR else {
                    throw WriteError(path: url.path, reason: "\(path) is \(OwnFile.kind(of: status.st_mode)), not a directory")
                }
                continue
            }
            guard mkdir(path, permissions) == 0 || errno == EEXIST else {
                throw WriteError(path: url.path, reason: "cannot create directory \(path): \(String(cString: strerror(errno)))")
            }
            // mkdir's mode is cut by the umask; the directory gets `permissions` as asked.
            chmod(path, permissions)
        }
    }

    /// Flushes a directory's entries, so a rename in it survives a power cut.
    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
