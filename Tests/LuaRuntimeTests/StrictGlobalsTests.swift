import Testing
import LuaRuntime

@Suite struct StrictGlobalsTests {
    @Test func misspeltGlobalIsAnErrorWithSuggestion() throws {
        let source = "local a = network {}\n\n\nlocal b = netwrk {}\n"
        let message = try errorMessage(running: source, as: "topology.lua", options: .suggestingNames) { vm in
            try vm.register("network") { _ in [] }
        }
        #expect(message == "topology.lua:4: unknown global 'netwrk' (did you mean 'network'?)")
    }

    @Test func misspeltStandardNameIsCaughtToo() throws {
        #expect(
            try errorMessage(running: "prnt('x')", options: .suggestingNames)
                == "script.lua:1: unknown global 'prnt' (did you mean 'print'?)")
    }

    @Test func withoutANameHintTheErrorSuggestsNothing() throws {
        #expect(try errorMessage(running: "prnt('x')") == "script.lua:1: unknown global 'prnt'")
    }

    @Test func topLevelDefinitionsAreAllowedAndLocalsUnaffected() throws {
        let source = """
            function helper() return 1 end
            count = 0
            local function bump() count = count + helper() end
            bump()
            local undefinedLocal
            return count, undefinedLocal
            """
        let directory = try ScriptDirectory()
        try directory.write("s.lua", source)
        #expect(try directory.run("s.lua", in: LuaVM()) == [1, nil])
    }

    @Test func assigningAnUnknownGlobalInsideAFunctionIsAnError() throws {
        let source = "count = 0\nlocal function f()\n  cuont = 1\nend\nf()\n"
        #expect(
            try errorMessage(running: source, options: .suggestingNames)
                == "script.lua:3: assignment to unknown global 'cuont' inside a function (did you mean 'count'?) "
                + "(make it local, or assign it at the top level first)")
    }

    @Test func globalsDeclaredNilCanBeRead() throws {
        let vm = try LuaVM()
        try vm.setGlobal("optional", to: .nil)
        #expect(try vm.run("x = nil\nreturn optional, x", chunkName: "n.lua") == [nil, nil])
    }

    @Test func strictnessCanBeTurnedOff() throws {
        #expect(try errorMessage(running: "return nothing", options: LuaOptions(hasStrictGlobals: false)) == nil)
    }
}
