/// The bytes of a Lua string, which may hold any byte including NUL.
public struct LuaString: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The raw bytes.
    public var bytes: [UInt8]

    /// A string of raw bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The UTF-8 bytes of `text`.
    public init(_ text: String) { self.bytes = Array(text.utf8) }

    /// The UTF-8 bytes of a literal.
    public init(stringLiteral value: String) { self.init(value) }

    /// The bytes decoded as UTF-8; throws when they are not valid UTF-8.
    public func utf8String() throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LuaHostError("string is not valid UTF-8")
        }
        return text
    }

    /// The text, with invalid UTF-8 shown as U+FFFD.
    public var description: String { String(decoding: bytes, as: UTF8.self) }
}
