/// An error a host function raises at a chosen level of the Lua call stack.
///
/// Any other Swift error thrown by a host function is located at the Lua line that
/// called it (level 1). Level 2 names that line's caller, and so on; level 0 adds no
/// location.
public struct LuaHostError: Error, CustomStringConvertible {
    /// What went wrong, phrased to follow a `file.lua:LINE: ` prefix.
    public var message: String
    /// The stack level whose line locates the error.
    public var level: Int

    /// An error with `message`, located at `level`.
    public init(_ message: String, level: Int = 1) {
        self.message = message
        self.level = level
    }

    /// The message, unlocated (the trampoline adds the location).
    public var description: String { message }
}
