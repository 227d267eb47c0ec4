import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the small files qube writes beside its outputs for itself (tree manifests, release
/// records, recorded addresses), never through a symbolic link and never more than a bound.
///
/// A file a user or a script could have replaced is opened with `O_NOFOLLOW | O_NONBLOCK` and
/// read only when it is a regular file, so a link to a key file, a FIFO or a device is refused
/// before a byte is read, and a file larger than the bound is refused unread.
enum OwnFile {
    /// What is at a path.
    enum Contents: Equatable {
        /// Nothing.
        case absent
        /// A regular file of at most the bound, and its bytes.
        case bytes(Data)
        /// Something qube does not read: a link, a directory, a device, a FIFO, a file over the
        /// bound or one that cannot be opened, with the reason.
        case refused(String)
    }

    /// The contents of `path`, read only if it is a regular file of at most `limit` bytes.
    static func read(_ path: String, limit: Int) -> Contents {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            switch errno {
            case ENOENT: return .absent
            case ELOOP: return .refused("is not a regular file")
            default: return .refused(String(cString: strerror(errno)))
            }
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return .refused("is not a regular file") }
        guard status.st_size <= limit else {
            let bound = limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes"
            return .refused("is \(status.st_size) bytes; more than \(bound) is refused")
        }
        guard let data = try? FileHandle(fileDescriptor: fd, closeOnDealloc: false).read(upToCount: limit + 1), data.count <= limit
        else { return .refused("cannot be read") }
        return .bytes(data)
    }
}
