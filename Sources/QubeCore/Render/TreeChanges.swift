/// How a rendered tree differs from the one it replaced, file by file.
public struct TreeChanges: Equatable, Sendable {
    /// Files that are new or whose contents or permissions changed, in the order written.
    public var changed: [String]
    /// How many files are exactly as before.
    public var unchanged: Int
    /// Files of the previous tree that the new one no longer has, in the previous tree's order.
    public var removed: [String]
}
