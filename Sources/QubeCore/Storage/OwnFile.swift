import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads small files within a bound: those qube writes beside its outputs for itself (tree
/// manifests, release records, recorded addresses), never through a symbolic link, and those a
/// script names (exchange files, genesis files), through links.
///
/// A file is opened with `O_NONBLOCK` (and, by default, `O_NOFOLLOW`) and read only when it is a
/// regular file, so a FIFO or a device (or a link to a key file) is refused before a byte is
/// read, and a file larger than the bound is refused unread.
public enum OwnFile {
    /// What is at a path.
    public enum Contents: Equatable, Sendable {
        /// Nothing.
        case absent
        /// A regular file of at most the bound, and its bytes.
        case bytes(Data)
        /// Something qube does not read: a link, a directory, a device, a FIFO, a file over the
        /// bound or one that cannot be opened, with the reason, phrased to follow the file's
        /// name ("is a FIFO, not a regular file", "cannot be opened: permission denied").
        case refused(String)
    }

    /// The contents of `path`, read only if it is a regular file of at most `limit` bytes; a
    /// symbolic link is refused unless `followingLinks`.
    public static func read(_ path: String, limit: Int, followingLinks: Bool = false) -> Contents {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followingLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            switch errno {
            case ENOENT: return .absent
            case ELOOP where !followingLinks: return .refused("is not a regular file")
            default: return .refused("cannot be opened: " + String(cString: strerror(errno)).lowercased())
            }
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return .refused("cannot be examined: " + String(cString: strerror(errno)).lowercased()) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            guard followingLinks else { return .refused("is not a regular file") }
            return .refused("is \(kind(of: status.st_mode)), not a regular file")
        }
        guard status.st_size <= limit else {
            let bound = limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes"
            return .refused("is \(status.st_size) bytes; more than \(bound) is refused")
        }
        guard let data = readToEnd(fd, expected: Int(status.st_size), limit: limit) else { return .refused("cannot be read") }
        return .bytes(data)
    }

    /// What a file of `mode` is, for a message: "a directory", "a FIFO", ...
    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFREG: "a regular file"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }
}

/// Reads `fd` to its end with plain `read` calls into one buffer sized for the `expected`
/// bytes (a file may still grow or shrink meanwhile); nil past `limit` or on an error.
/// `FileHandle` costs more than the read itself for the small files that keys are.
private func readToEnd(_ fd: Int32, expected: Int, limit: Int) -> Data? {
    var bytes = [UInt8](repeating: 0, count: min(expected, limit) + 1)
    var count = 0
    while true {
        if count == bytes.count {
            guard count <= limit else { return nil }
            bytes += [UInt8](repeating: 0, count: min(count, limit + 1 - count))
        }
        let wanted = bytes.count - count
        let got = bytes.withUnsafeMutableBytes { readFully(into: $0.baseAddress! + count, count: wanted, from: fd) }
        guard got >= 0 else { return nil }
        count += got
        if got < wanted { break }
    }
    guard count <= limit else { return nil }
    return Data(bytes[..<count])
}

/// Reads up to `count` bytes of `fd` into `buffer`, retrying short and interrupted reads;
/// returns how many it read (fewer only at the end of the file), or -1 on an error.
func readFully(into buffer: UnsafeMutableRawPointer, count: Int, from fd: Int32) -> Int {
    var total = 0
    while total < count {
        let got = read(fd, buffer + total, count - total)
        if got < 0 && errno == EINTR { continue }
        guard got >= 0 else { return -1 }
        if got == 0 { break }
        total += got
    }
    return total
}
