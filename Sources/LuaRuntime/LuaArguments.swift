import CLua

/// The arguments of a host function call, read on demand from the Lua stack.
///
/// Positions count from 1 as in Lua; for a method, position 1 is the first
/// argument after the object. The checking accessors throw errors that read
/// like Lua's own: `bad argument #1 to 'addNode' (table expected, got string)`.
///
/// Valid only during the call it was passed to.
public final class LuaArguments {
    /// The function's name, as argument errors give it.
    public let functionName: String
    /// How many arguments were passed.
    public let count: Int
    let vm: LuaVM
    /// Stack index of position 1.
    let first: Int32
    /// The arguments these were taken from, whose call they share.
    private let whole: LuaArguments?
    private var callIsInProgress = true

    init(vm: LuaVM, functionName: String, first: Int32, count: Int, whole: LuaArguments? = nil) {
        self.vm = vm
        self.functionName = functionName
        self.first = first
        self.count = max(0, count)
        self.whole = whole
    }

    /// Whether the call these arguments belong to is still running.
    var isValid: Bool { whole?.isValid ?? callIsInProgress }

    /// Marks the call finished: the arguments may no longer be read.
    func invalidate() { callIsInProgress = false }

    /// The arguments after the first, as a method sees them after its object.
    func droppingFirst() -> LuaArguments {
        LuaArguments(vm: vm, functionName: functionName, first: first + 1, count: count - 1, whole: self)
    }

    func stackIndex(_ position: Int) -> Int32 {
        precondition(isValid, "LuaArguments used after its host call returned")
        return first + Int32(clamping: position - 1)
    }

    /// The argument at `position` copied into Swift; `.nil` past the last argument.
    public func value(at position: Int) throws -> LuaValue {
        guard position >= 1, position <= count else { return .nil }
        do {
            return try vm.value(at: stackIndex(position))
        } catch let error as LuaHostError {
            throw self.error(at: position, error.message)
        }
    }

    /// Every argument copied into Swift.
    public func values() throws -> [LuaValue] {
        try (0..<count).map { try value(at: $0 + 1) }
    }

    /// The type name of the argument at `position`: `"string"`, a host type's name, or
    /// `"no value"` past the last argument.
    public func typeName(at position: Int) -> String {
        guard position >= 1, position <= count else { return "no value" }
        return vm.typeName(at: stackIndex(position))
    }

    /// Whether the argument at `position` is nil or absent.
    public func isNil(at position: Int) -> Bool {
        guard position >= 1, position <= count else { return true }
        return lua_type(vm.state, stackIndex(position)) == LUA_TNIL
    }

    /// The table at `position`.
    public func table(at position: Int) throws -> LuaTable {
        guard case .table(let table) = try checked(position, expecting: "table", LUA_TTABLE) else {
            throw typeError(at: position, expected: "table")
        }
        return table
    }

    /// The string at `position` as UTF-8 text.
    public func string(at position: Int) throws -> String {
        do {
            return try bytes(at: position).utf8String()
        } catch let error as LuaHostError {
            throw self.error(at: position, error.message)
        }
    }

    /// The string at `position` as raw bytes.
    public func bytes(at position: Int) throws -> LuaString {
        guard case .string(let string) = try checked(position, expecting: "string", LUA_TSTRING) else {
            throw typeError(at: position, expected: "string")
        }
        return string
    }

    /// The integer at `position`; a float with an integral value is accepted.
    public func integer(at position: Int) throws -> Int {
        switch try checked(position, expecting: "number", LUA_TNUMBER) {
        case .integer(let value):
            return value
        case .number(let value):
            guard let integer = Int(exactly: value) else {
                throw error(at: position, "number has no integer representation")
            }
            return integer
        default:
            throw typeError(at: position, expected: "number")
        }
    }

    /// The number at `position`, integers converted to floats.
    public func number(at position: Int) throws -> Double {
        switch try checked(position, expecting: "number", LUA_TNUMBER) {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default: throw typeError(at: position, expected: "number")
        }
    }

    /// The boolean at `position`.
    public func boolean(at position: Int) throws -> Bool {
        guard case .boolean(let value) = try checked(position, expecting: "boolean", LUA_TBOOLEAN) else {
            throw typeError(at: position, expected: "boolean")
        }
        return value
    }

    /// The function at `position`, to be called later.
    public func function(at position: Int) throws -> LuaFunction {
        guard case .function(let function) = try checked(position, expecting: "function", LUA_TFUNCTION) else {
            throw typeError(at: position, expected: "function")
        }
        return function
    }

    /// The host object of type `type` at `position`.
    public func object<Object: LuaHostObject>(_ type: Object.Type, at position: Int) throws -> Object {
        guard position >= 1, position <= count, let object = vm.hostObject(at: stackIndex(position)) as? Object
        else {
            throw typeError(at: position, expected: Object.luaTypeName)
        }
        return object
    }

    /// Performs `rawset(arg1, arg2, arg3)`, as a `__newindex` that accepts the assignment does.
    func assignRawly() throws {
        let table = stackIndex(1), key = stackIndex(2)
        switch lua_type(vm.state, key) {
        case LUA_TNIL: throw LuaHostError("index is nil")
        case LUA_TNUMBER where lua_isinteger(vm.state, key) == 0 && lua_tonumberx(vm.state, key, nil).isNaN:
            throw LuaHostError("index is NaN")
        default: break
        }
        try vm.reserveStack(2)
        lua_pushvalue(vm.state, key)
        lua_pushvalue(vm.state, stackIndex(3))
        lua_rawset(vm.state, table)
    }

    /// An error about the argument at `position`: `bad argument #N to 'name' (message)`.
    public func error(at position: Int, _ message: String) -> LuaHostError {
        LuaHostError("bad argument #\(position) to '\(functionName)' (\(message))")
    }

    private func typeError(at position: Int, expected: String) -> LuaHostError {
        error(at: position, "\(expected) expected, got \(typeName(at: position))")
    }

    private func checked(_ position: Int, expecting expected: String, _ type: Int32) throws -> LuaValue {
        guard position >= 1, position <= count, lua_type(vm.state, stackIndex(position)) == type else {
            throw typeError(at: position, expected: expected)
        }
        return try value(at: position)
    }
}
