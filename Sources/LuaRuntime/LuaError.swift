/// An error that came out of Lua: a script error, a syntax error or an exhausted limit.
///
/// The message already carries its location (`topology.lua:12: message`); the
/// traceback, when Lua could take one, is kept apart for verbose output.
public struct LuaError: Error, CustomStringConvertible {
    /// The message as Lua reports it, located.
    public var message: String
    /// Lua's `stack traceback:` text, when one was taken.
    public var traceback: String?

    /// An error with the given message and optional traceback.
    public init(_ message: String, traceback: String? = nil) {
        self.message = message
        self.traceback = traceback
    }

    /// The message alone: what a user reads by default.
    public var description: String { message }

    /// The message followed by the traceback, for verbose output.
    public var verboseDescription: String {
        traceback.map { "\(message)\n\($0)" } ?? message
    }
}
