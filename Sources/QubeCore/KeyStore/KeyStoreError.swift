/// A key directory that is incomplete, inconsistent or unreadable. The store is left as it was.
public struct KeyStoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The path of the file (or directory) at fault.
    public var path: String
    /// What is wrong with it; never any secret.
    public var problem: String

    /// An error about the file at `path`.
    public init(path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }

    /// The write guard's refusal of a key store write.
    init(_ refusal: WriteGuard.Refusal) {
        self.init(path: refusal.path, "refusing to \(refusal.action) here: \(refusal.reason)")
    }

    public var description: String { "\(path): \(problem)" }
}
