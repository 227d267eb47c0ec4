/// A Lua function held by Swift, to be called later.
///
/// The function stays alive in Lua while this object lives; its reference is
/// released when this object is, at the state's next safe point.
public final class LuaFunction {
    weak var vm: LuaVM?
    let reference: Int32
    /// Lua's identity of the function (`lua_topointer`), stable while it is referenced.
    let identity: UnsafeRawPointer?

    init(vm: LuaVM, reference: Int32, identity: UnsafeRawPointer?) {
        self.vm = vm
        self.reference = reference
        self.identity = identity
    }

    deinit { vm?.releaseLater(reference) }

    /// Calls the function in protected mode and returns its results.
    ///
    /// Throws ``LuaError`` with the located message when the function raises an error
    /// (rethrowing it from a host function passes it on to Lua unchanged).
    @discardableResult
    public func call(_ arguments: [LuaValue]) throws -> [LuaValue] {
        guard let vm else { throw LuaError("cannot call a Lua function after its Lua state was closed") }
        return try vm.call(self, with: arguments)
    }

    /// Calls the function in protected mode with the given arguments and returns its results.
    @discardableResult
    public func call(_ arguments: LuaValue...) throws -> [LuaValue] {
        try call(arguments)
    }
}

extension LuaFunction: Hashable {
    /// Two references are equal when they name the same Lua function.
    public static func == (lhs: LuaFunction, rhs: LuaFunction) -> Bool {
        lhs.identity == rhs.identity && lhs.vm === rhs.vm
    }

    /// Hashes the function's identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(identity) }
}
