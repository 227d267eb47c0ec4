import CLua

/// An owned Lua 5.4 state.
public final class LuaState {
    let L: OpaquePointer

    /// Creates a fresh state with no libraries opened.
    public init() {
        L = luaL_newstate()
    }

    deinit { lua_close(L) }
}
