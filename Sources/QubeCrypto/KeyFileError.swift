/// A key file (keystore, tm.key) that cannot be read or opened.
public struct KeyFileError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong, naming the JSON member at fault; never any secret.
    public var reason: String
    /// An error with the given reason.
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
