import Testing
import LuaRuntime

/// Finalizers run with Lua's hooks off, so no instruction budget could stop one: scripts
/// cannot make them.
@Suite struct FinalizerTests {
    static let refusal = "__gc metamethods are not allowed: Lua runs finalizers outside the instruction budget"

    @Test(arguments: [
        "local t = setmetatable({}, { __gc = function() while true do end end })",
        // A placeholder swapped for a function later would still be called.
        "local mt = { __gc = true }\nlocal t = setmetatable({}, mt)",
        "local t = setmetatable({}, { __gc = function() error('boom') end })",
    ])
    func aFinalizerIsRefusedAtItsLine(source: String) throws {
        let lines = source.split(separator: "\n").count
        let message = try errorMessage(running: source, as: "gc.lua")
        #expect(message == "gc.lua:\(lines): \(Self.refusal)")
    }

    @Test func aFinalizerIsRefusedOutsideTheSandboxToo() throws {
        let vm = try LuaVM(options: LuaOptions(isSandboxed: false))
        let error = #expect(throws: LuaError.self) {
            try vm.run("setmetatable({}, { __gc = print })", chunkName: "f.lua")
        }
        #expect(error?.message == "f.lua:1: \(Self.refusal)")
    }

    @Test(arguments: [
        ("setmetatable(1, {})", "bad argument #1 to 'setmetatable' (table expected, got number)"),
        ("setmetatable({}, 1)", "bad argument #2 to 'setmetatable' (nil or table expected, got number)"),
        ("setmetatable(setmetatable({}, { __metatable = 1 }), {})", "cannot change a protected metatable"),
    ])
    func argumentErrorsNameSetmetatableAndTheLine(call: String, message: String) throws {
        #expect(try errorMessage(running: "local a = 1\n\(call)\n", as: "s.lua") == "s.lua:2: \(message)")
    }

    @Test func otherMetatablesWorkAsBefore() throws {
        let vm = try LuaVM()
        let source = """
            local t = setmetatable({}, { __index = function(_, k) return k .. "!" end })
            local protected = setmetatable({}, { __metatable = "locked" })
            local ok, message = pcall(setmetatable, protected, {})
            return t.x, getmetatable(protected), ok, message, setmetatable(t, nil) == t
            """
        #expect(try vm.run(source, chunkName: "m.lua") == ["x!", "locked", false, "cannot change a protected metatable", true])
    }
}
