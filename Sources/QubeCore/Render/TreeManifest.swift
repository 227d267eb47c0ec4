import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The list of files qube wrote into a rendered tree, kept in it as `.qube-tree`: how qube tells
/// its own tree, which it may replace, from a directory that holds someone else's files.
///
/// A directory may be replaced only when it is empty, or when every entry in it is a file the
/// manifest lists (a regular file, or a link put in its place: replacing the tree removes the
/// link, never what it points at) or a directory on the way to one. Anything else (a file the
/// user added, a directory without a manifest) makes render refuse, so no render deletes a file
/// qube did not write.
///
/// A tree without a manifest is adopted only when it is a tree the release before manifests
/// rendered: every entry is a regular file of the ``LegacyLayout`` with exactly the mode that
/// release gave it, or a 0755 directory on the way to one; no link, nothing else.
enum TreeManifest {
    /// The files (relative path → mode) the qube release before tree manifests would have
    /// written for the network being rendered: what a manifest-less tree may hold to be adopted.
    typealias LegacyLayout = [String: mode_t]

    /// The manifest's name at the top of the tree.
    static let fileName = ".qube-tree"
    /// The largest manifest read: far more than any tree lists.
    private static let maximumSize = 1 << 20
    private static let header = "# Written by qube: the files of this rendered tree. qube replaces the tree only while it holds nothing else.\n"

    /// The manifest of a tree holding `paths`.
    static func contents(listing paths: [String]) -> Data {
        Data((header + paths.sorted().map { $0 + "\n" }.joined()).utf8)
    }

    /// The first entry of the directory at `path` (relative to it) that the directory's
    /// manifest does not vouch for, or, without a manifest, that `legacyLayout` does not hold;
    /// nil when qube may replace the directory.
    static func foreignEntry(in path: String, legacyLayout: LegacyLayout) -> String? {
        guard let listed = listedPaths(in: path).map(Set.init) else {
            let directories = parentDirectories(of: legacyLayout.keys)
            return firstEntry(in: path, prefix: "") { entry, status in
                let mode = status.st_mode & 0o7777
                switch status.st_mode & S_IFMT {
                case S_IFDIR: return mode == 0o755 && directories.contains(entry)
                case S_IFREG: return legacyLayout[entry] == mode
                default: return false
                }
            }
        }
        let directories = parentDirectories(of: listed)
        return firstEntry(in: path, prefix: "") { entry, status in
            status.st_mode & S_IFMT == S_IFDIR ? directories.contains(entry) : entry == fileName || listed.contains(entry)
        }
    }

    /// Every directory on the way to one of `files` (`k8s` and `k8s/nodes` for `k8s/nodes/n1.yaml`).
    private static func parentDirectories(of files: some Sequence<String>) -> Set<String> {
        var directories: Set<String> = []
        for file in files {
            var prefix = Substring(file)
            while let slash = prefix.lastIndex(of: "/") {
                prefix = prefix[..<slash]
                directories.insert(String(prefix))
            }
        }
        return directories
    }

    /// The paths the manifest at the top of `directory` lists, or nil when it has none (or the
    /// manifest is not a regular file of reasonable size).
    static func listedPaths(in directory: String) -> [String]? {
        guard case .bytes(let data) = OwnFile.read(directory + "/" + fileName, limit: maximumSize),
            let text = String(data: data, encoding: .utf8), text.hasPrefix(header)
        else { return nil }
        return text.dropFirst(header.count).split(separator: "\n").map(String.init)
    }

    /// The first entry below `directory` (depth first, sorted) that `accepts` turns down, given
    /// its `lstat`; anything but a regular file, a link or a directory is turned down unasked.
    private static func firstEntry(in directory: String, prefix: String, accepts: (String, stat) -> Bool) -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return prefix.isEmpty ? nil : prefix }
        for name in names.sorted() {
            let entry = prefix + name
            var status = stat()
            guard lstat(directory + "/" + name, &status) == 0 else { return entry }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                guard accepts(entry, status) else { return entry }
                if let inner = firstEntry(in: directory + "/" + name, prefix: entry + "/", accepts: accepts) { return inner }
            case S_IFREG, S_IFLNK:
                guard accepts(entry, status) else { return entry }
            default:
                return entry
            }
        }
        return nil
    }
}
