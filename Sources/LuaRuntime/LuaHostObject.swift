/// A Swift object that Lua scripts can hold, read and call methods on.
///
/// Lua sees it as a userdata of its own type: `obj:method(...)` calls an entry of
/// ``luaMethods``, `obj.field` reads ``luaField(_:)``, `tostring(obj)` gives
/// ``luaDescription``. Fields are read-only, unknown names are errors with a
/// "did you mean", `getmetatable(obj)` gives only the type name, and Lua keeps the
/// object alive (retained) until it collects the userdata.
public protocol LuaHostObject: AnyObject {
    /// The type's name in Lua messages: `bad argument #1 (network expected, got string)`.
    static var luaTypeName: String { get }
    /// The methods, by name; each receives the object and the arguments after it.
    static var luaMethods: [String: LuaMethod<Self>] { get }
    /// The names of the readable fields, offered as "did you mean" suggestions.
    var luaFieldNames: [String] { get }
    /// The value of the field `name`; `nil` when there is no such field (`.nil` when the
    /// field exists but holds nil).
    func luaField(_ name: String) throws -> LuaValue?
    /// What `tostring(obj)` shows.
    var luaDescription: String { get }
}

/// A method of a host object type: the object, then the arguments after it.
public typealias LuaMethod<Object> = (Object, LuaArguments) throws -> [LuaValue]

extension LuaHostObject {
    /// No methods.
    public static var luaMethods: [String: LuaMethod<Self>] { [:] }
    /// No fields.
    public var luaFieldNames: [String] { [] }
    /// No fields.
    public func luaField(_ name: String) throws -> LuaValue? { nil }
    /// The type name.
    public var luaDescription: String { Self.luaTypeName }
}
