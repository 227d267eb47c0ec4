import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one gate every path qube writes passes through: rendered trees and their lock files,
/// exchange files, genesis files and key files.
///
/// Rules, in the order they are checked:
/// 1. **Real paths.** A path is resolved component by component from a directory descriptor
///    (`fstatat(AT_SYMLINK_NOFOLLOW)`, `openat(O_DIRECTORY | O_NOFOLLOW)`), never by string
///    comparison. A symbolic link below the script's directory is followed only when it leads
///    to a place inside it; with ``confinesWrites`` (no `--unsafe`) the resolved path must be
///    inside the script's directory.
/// 2. **The key store is written only by the key store.** Nothing may be written inside a key
///    store (`<script dir>/keys` and every network's key directory) except through the
///    ``KeyStoreWriter`` that store holds; `--unsafe` does not lift this.
/// 3. **No overlap.** A rendered tree may not be, contain or lie inside a key store, the
///    script's directory, or another network's tree; a key store may not overlap a rendered
///    tree or another network's key store.
/// 4. **Only qube's own trees are replaced** (see ``TreeManifest``).
///
/// The guard does not defend against another process changing the directories between the
/// check and the write; qube assumes no one else writes the script's directory while it runs.
public final class WriteGuard: @unchecked Sendable {
    /// A path the guard accepted for writing: the resolved real path, with no symbolic link in
    /// any existing component. Only the guard makes one, so a write that takes one went through it.
    public struct Target: Sendable {
        /// The resolved path.
        public let path: String
        /// The path as the user sees it: relative to the script's directory when inside it.
        public let displayPath: String
        public var url: URL { URL(fileURLWithPath: path) }
        /// The directory that holds the target.
        var parent: Target {
            Target(
                path: url.deletingLastPathComponent().path,
                displayPath: displayPath.contains("/") ? String(displayPath[..<displayPath.lastIndex(of: "/")!]) : ".")
        }

        fileprivate init(path: String, displayPath: String) {
            self.path = path
            self.displayPath = displayPath
        }
    }

    /// The capability to write inside one key store, which only that store holds: the guard
    /// refuses every other writer.
    public struct KeyStoreWriter: Sendable {
        /// The key store's directory, as declared.
        public let directory: URL
        fileprivate let writeGuard: WriteGuard

        fileprivate init(directory: URL, writeGuard: WriteGuard) {
            self.directory = directory
            self.writeGuard = writeGuard
        }

        /// `url`, which must lie inside this key store, checked for writing (rule 1).
        public func target(_ url: URL) throws(Refusal) -> Target {
            let target = try writeGuard.resolve(url, action: "write")
            let store = writeGuard.realPath(of: directory)
            guard WriteGuard.path(target.path, isInside: store) else {
                throw Refusal(target.displayPath, action: "write", "it is outside the key store \(writeGuard.display(store))")
            }
            return target
        }
    }

    /// Why the guard refused a path. It names the path and the rule, never a byte of any file.
    public struct Refusal: Error, CustomStringConvertible, Sendable {
        /// The path as the user sees it.
        public var path: String
        /// `write`, `replace` or `read`.
        public var action: String
        /// Which rule the path breaks.
        public var reason: String

        init(_ path: String, action: String, _ reason: String) {
            self.path = path
            self.action = action
            self.reason = reason
        }

        public var description: String { "refusing to \(action) \(Names.quoted(path, limit: 200)): \(reason)" }
    }

    /// The script's directory as the user named it, or nil for a guard with no sandbox.
    private let scriptDirectory: String?
    /// The script's directory, resolved once: the sandbox's root.
    private let root: String?
    /// Whether every write must stay inside ``root`` (no `--unsafe`).
    public let confinesWrites: Bool

    /// A directory a network owns: its key store or its rendered tree.
    private struct Claim {
        enum Kind { case keyStore, tree }
        /// The network's name; `""` for `<script dir>/keys`, the root of the default key stores.
        var owner: String
        var kind: Kind
        var directory: URL
    }

    private let lock = NSLock()
    private var claims: [Claim] = []

    private func claims(_ kind: Claim.Kind) -> [Claim] { lock.withLock { claims.filter { $0.kind == kind } } }

    /// A guard for a script in `scriptDirectory` (whose `keys/` it protects); with
    /// `confinesWrites` every write must stay inside that directory. A guard without a script
    /// directory (library use) protects only the key stores and trees registered with it.
    public init(scriptDirectory: URL? = nil, confinesWrites: Bool = false) {
        let lexical = scriptDirectory.map { $0.standardizedFileURL.path }
        self.scriptDirectory = lexical
        self.root = lexical.map { Self.resolvedRoot($0) }
        self.confinesWrites = confinesWrites && lexical != nil
        if let lexical { claims.append(Claim(owner: "", kind: .keyStore, directory: URL(fileURLWithPath: lexical + "/keys"))) }
    }

    /// The guard of a command run in the current directory (`qube init`, `qube stubs`): writes
    /// anywhere, except into the key store `./keys`.
    public static func ofCurrentDirectory() -> WriteGuard {
        WriteGuard(scriptDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    // MARK: Registering

    /// Registers `network`'s key store and rendered tree, refusing either when it overlaps a
    /// tree or another network's key store, and returns the store's writing capability. A
    /// network claims once: the capability cannot be had a second time.
    public func claim(keyStore: URL, tree: URL, for network: String) throws(Refusal) -> KeyStoreWriter {
        let store = try resolve(keyStore, action: "write")
        guard !lock.withLock({ claims.contains { $0.owner == network } }) else {
            throw Refusal(store.displayPath, action: "write", "network '\(network)' already has a key store")
        }
        let out = try resolve(tree, action: "replace")
        let others = claims(.tree) + [Claim(owner: network, kind: .tree, directory: tree)]
            + claims(.keyStore).filter { $0.owner != "" && $0.owner != network }
        try refuseOverlap(of: store, with: others, action: "write")
        try checkTree(out, for: network)
        lock.withLock {
            claims.append(Claim(owner: network, kind: .keyStore, directory: keyStore))
            claims.append(Claim(owner: network, kind: .tree, directory: tree))
        }
        return KeyStoreWriter(directory: keyStore, writeGuard: self)
    }

    /// The writing capability of a key store used on its own, outside a script (tests, tools),
    /// with a guard of its own that protects it and nothing else.
    static func standaloneKeyStoreWriter(for directory: URL) -> KeyStoreWriter {
        let writeGuard = WriteGuard()
        writeGuard.claims.append(Claim(owner: directory.lastPathComponent, kind: .keyStore, directory: directory))
        return KeyStoreWriter(directory: directory, writeGuard: writeGuard)
    }

    // MARK: Checking

    /// Checks that `url` may be written at all (rule 1): it leads where it says, and inside the
    /// script's directory when writes are confined. What may be written there is checked by the
    /// write itself.
    public func check(_ url: URL) throws(Refusal) {
        _ = try resolve(url, action: "write")
    }

    /// `url` checked for writing one file: resolved (rule 1), and neither inside a key store
    /// (rule 2) nor inside a rendered tree, which the next render would replace.
    public func file(_ url: URL) throws(Refusal) -> Target {
        let target = try resolve(url, action: "write")
        for claim in lock.withLock({ claims }) where Self.path(target.path, isInside: realPath(of: claim.directory)) {
            let rule = claim.kind == .keyStore ? "; only genKeys writes there" : ", which render replaces"
            throw Refusal(target.displayPath, action: "write", "it is inside \(describe(claim))\(rule)")
        }
        if let store = Self.keyStoreOnDisk(holding: target.url.deletingLastPathComponent().path) {
            throw Refusal(target.displayPath, action: "write", "it is inside the key directory \(display(store)); only genKeys writes there")
        }
        return target
    }

    /// The nearest directory at or above `directory` that is a node's key directory on disk (one
    /// holding a `nodekey`), so that a key store no `network{}` of this run declares (a `keysDir`
    /// or Qubernetes `Key_Dir_Base` of another run or script) still keeps every key file out of
    /// reach. `directory` is a resolved path, so `lstat` of each ancestor's entry sees no link.
    static func keyStoreOnDisk(holding directory: String) -> String? {
        var components = components(of: directory)
        while !components.isEmpty {
            let path = joined(components)
            var status = stat()
            if lstat(path + "/nodekey", &status) == 0, status.st_mode & S_IFMT == S_IFREG { return path }
            components.removeLast()
        }
        return nil
    }

    /// `url` checked as the rendered tree of `network`: resolved, and not overlapping a key
    /// store, the script's directory or another network's tree (rule 3). The tree is then
    /// `network`'s for the rest of the run.
    public func tree(_ url: URL, for network: String) throws(Refusal) -> Target {
        let target = try resolve(url, action: "replace")
        try checkTree(target, for: network)
        lock.withLock {
            if !claims.contains(where: { $0.kind == .tree && $0.owner == network && realPath(of: $0.directory) == target.path }) {
                claims.append(Claim(owner: network, kind: .tree, directory: url))
            }
        }
        return target
    }

    /// `url` checked for reading a file another organisation sent: refused inside a key store,
    /// whatever links lead there, so no reader's error can quote a key.
    public func checkReadable(_ url: URL) throws(Refusal) {
        let real = realPath(of: url)
        for claim in claims(.keyStore) where Self.path(real, isInside: realPath(of: claim.directory)) {
            throw Refusal(
                display(url.standardizedFileURL.path), action: "read",
                "it is inside \(describe(claim)), and qube reads key files only through genKeys and render")
        }
        if let store = Self.keyStoreOnDisk(holding: URL(fileURLWithPath: real).deletingLastPathComponent().path) {
            throw Refusal(
                display(url.standardizedFileURL.path), action: "read",
                "it is inside the key directory \(display(store)), and qube reads key files only through genKeys and render")
        }
    }

    /// `path` as the user sees it: relative to the script's directory when inside it.
    func display(_ path: String) -> String {
        for base in [scriptDirectory, root].compactMap({ $0 }) {
            if path == base { return "." }
            if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        }
        return path
    }

    private func checkTree(_ target: Target, for network: String) throws(Refusal) {
        if let root, Self.path(root, isInside: target.path) {
            throw Refusal(target.displayPath, action: "replace", "it holds the script's directory")
        }
        try refuseOverlap(of: target, with: claims(.keyStore) + claims(.tree).filter { $0.owner != network }, action: "replace")
        if let store = Self.keyStoreOnDisk(holding: target.path) {
            throw Refusal(target.displayPath, action: "replace", "it is inside the key directory \(display(store))")
        }
    }

    private func refuseOverlap(of target: Target, with others: [Claim], action: String) throws(Refusal) {
        for claim in others {
            let other = realPath(of: claim.directory)
            if Self.path(target.path, isInside: other) {
                throw Refusal(target.displayPath, action: action, "it \(target.path == other ? "is" : "is inside") \(describe(claim))")
            }
            if Self.path(other, isInside: target.path) {
                throw Refusal(target.displayPath, action: action, "it holds \(describe(claim))")
            }
        }
    }

    private func describe(_ claim: Claim) -> String {
        let place = display(realPath(of: claim.directory))
        switch claim.kind {
        case .keyStore where claim.owner.isEmpty: return "the key store (\(place))"
        case .keyStore: return "the key store of network '\(claim.owner)' (\(place))"
        case .tree: return "the rendered tree of network '\(claim.owner)' (\(place))"
        }
    }

    static func path(_ path: String, isInside directory: String) -> Bool {
        path == directory || directory == "/" || path.hasPrefix(directory + "/")
    }

    // MARK: Resolving

    /// The most links one resolution follows, as Linux's `MAXSYMLINKS`.
    private static let maximumLinks = 40

    /// `url` resolved for writing (rule 1).
    func resolve(_ url: URL, action: String) throws(Refusal) -> Target {
        let shown = display(url.standardizedFileURL.path)
        let path = try walk(Self.components(of: url.standardizedFileURL.path), confined: confinesWrites) { reason in
            Refusal(shown, action: action, reason)
        }
        if confinesWrites, let root, !Self.path(path, isInside: root) {
            throw Refusal(shown, action: action, "it is outside the script's directory \(scriptDirectory ?? root) (run with --unsafe to allow it)")
        }
        return Target(path: path, displayPath: shown)
    }

    /// Where `url` really leads, every link followed: for comparing places, never for writing.
    private func realPath(of url: URL) -> String {
        (try? walk(Self.components(of: url.standardizedFileURL.path), confined: false) { _ in Refusal("", action: "", "") })
            ?? url.standardizedFileURL.path
    }

    /// Resolves the absolute path `components`, opening each existing component from its
    /// parent's descriptor without following links; a link restarts the walk on the path it
    /// names. With `confined`, a link at or below ``root`` must lead inside it.
    private func walk(_ components: [String], confined: Bool, refusal: (String) -> Refusal) throws(Refusal) -> String {
        var pending = components
        var links = 0
        restart: while true {
            var (fd, resolved, rest) = start(pending)
            guard fd >= 0 else { throw refusal("cannot open \(display("/" + resolved.joined(separator: "/"))): \(Self.errorText())") }
            let inside = root.map { Self.path(Self.joined(resolved), isInside: $0) } ?? false
            defer { close(fd) }
            for (index, name) in rest.enumerated() {
                var status = stat()
                guard fstatat(fd, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
                    guard errno == ENOENT else { throw refusal("cannot inspect \(display(Self.joined(resolved + [name]))): \(Self.errorText())") }
                    return Self.joined(resolved + rest[index...])
                }
                switch status.st_mode & S_IFMT {
                case S_IFLNK:
                    links += 1
                    guard links <= Self.maximumLinks else { throw refusal("too many levels of symbolic links") }
                    let link = Self.joined(resolved + [name])
                    guard let text = Self.readLink(fd, name) else { throw refusal("cannot read the link \(display(link)): \(Self.errorText())") }
                    let next = Self.components(of: text.hasPrefix("/") ? text : Self.joined(resolved) + "/" + text) + rest[(index + 1)...]
                    if confined, inside, let root, !Self.path(Self.joined(next), isInside: root) {
                        throw refusal("\(Names.quoted(display(link), limit: 200)) is a symbolic link that leads outside the script's directory")
                    }
                    pending = next
                    close(fd)
                    fd = -1
                    continue restart
                case S_IFDIR:
                    let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    guard child >= 0 else { throw refusal("cannot open \(display(Self.joined(resolved + [name]))): \(Self.errorText())") }
                    close(fd)
                    fd = child
                    resolved.append(name)
                default:
                    guard index == rest.count - 1 else {
                        throw refusal("\(Names.quoted(display(Self.joined(resolved + [name])), limit: 200)) is not a directory")
                    }
                    return Self.joined(resolved + [name])
                }
            }
            return Self.joined(resolved)
        }
    }

    /// Where a walk of `components` starts: the sandbox root when the path lies below it (the
    /// root itself was resolved once, and is where the script runs), else `/`.
    private func start(_ components: [String]) -> (fd: Int32, resolved: [String], rest: [String]) {
        let path = Self.joined(components)
        if let root, let scriptDirectory {
            for base in [root, scriptDirectory] where Self.path(path, isInside: base) {
                let rest = Array(components.dropFirst(Self.components(of: base).count))
                return (open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC), Self.components(of: root), rest)
            }
        }
        return (open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC), [], components)
    }

    private static func resolvedRoot(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    /// The components of an absolute path, `.` dropped and `..` applied lexically.
    private static func components(of path: String) -> [String] {
        var out: [String] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." { _ = out.popLast() } else { out.append(String(part)) }
        }
        return out
    }

    private static func joined<S: Sequence<String>>(_ components: S) -> String {
        "/" + components.joined(separator: "/")
    }

    private static func readLink(_ fd: Int32, _ name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlinkat(fd, name, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
