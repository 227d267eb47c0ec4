import CLua
import CLuaRuntime

/// The Swift side of a function Lua can call.
///
/// It receives the call's arguments and returns its results; a thrown error
/// becomes a Lua error located at the calling line (see ``LuaHostError``).
public typealias LuaHostFunction = (LuaArguments) throws -> [LuaValue]

/// A host function with the name its errors use, retained by Lua through a box.
final class HostFunction {
    let name: String
    let body: LuaHostFunction

    init(name: String, body: @escaping LuaHostFunction) {
        self.name = name
        self.body = body
    }
}

extension LuaVM {
    /// A Lua function that calls `body`; `name` appears in argument errors.
    public func makeFunction(named name: String, _ body: @escaping LuaHostFunction) -> LuaFunction {
        withStack {
            pushHostFunction(HostFunction(name: name, body: body))
            return popFunction()
        }
    }

    /// Pushes a C closure over `function`. Needs two free stack slots.
    func pushHostFunction(_ function: HostFunction) {
        qube_lua_pushhostfunction(state, Unmanaged.passRetained(function).toOpaque())
    }

    /// Pops the function on top of the stack into a reference.
    func popFunction() -> LuaFunction {
        let identity = lua_topointer(state, -1)
        let reference = luaL_ref(state, qube_LUA_REGISTRYINDEX)
        return LuaFunction(vm: self, reference: reference, identity: identity)
    }

    /// Runs a host function for the trampoline: its results pushed and counted, or
    /// its error's message pushed and -1, for the trampoline to raise from C.
    func perform(_ function: HostFunction, on thread: OpaquePointer) -> Int32 {
        let caller = state
        state = thread
        defer { state = caller }
        releaseDroppedReferences()
        let arguments = LuaArguments(vm: self, functionName: function.name, first: 1, count: Int(lua_gettop(thread)))
        defer { arguments.invalidate() }
        do {
            let results = try function.body(arguments)
            try reserveStack(results.count + 1)
            for result in results { try push(result) }
            return Int32(results.count)
        } catch {
            pushMessage(of: error)
            return -1
        }
    }

    /// Pushes the message Lua raises for `error`: a Lua error's own (already located),
    /// a host error located at its level, anything else located at the calling line
    /// (past stdlib frames, ``scriptLevel(_:)``).
    private func pushMessage(of error: any Error) {
        _ = lua_checkstack(state, 3)
        switch error {
        case let error as LuaError:
            reraisedError = error
            pushText(error.message)
        case let error as LuaHostError:
            if error.level > 0 { luaL_where(state, scriptLevel(Int32(clamping: error.level))) } else { pushText("") }
            pushText(error.message)
            lua_concat(state, 2)
        default:
            luaL_where(state, scriptLevel(1))
            pushText(String(describing: error))
            lua_concat(state, 2)
        }
    }
}
