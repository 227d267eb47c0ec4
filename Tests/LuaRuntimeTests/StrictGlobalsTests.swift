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

    @Test func declaredGlobalsCanBeAssignedAnywhereAndLocalsAreUnaffected() throws {
        let source = """
            global "helper"
            global("count", "unused")
            function helper() return 1 end
            count = 0
            local function bump() count = count + helper() end
            bump()
            rawset(_G, "direct", 2)
            local undefinedLocal
            return count, undefinedLocal, unused, direct
            """
        let directory = try ScriptDirectory()
        try directory.write("s.lua", source)
        #expect(try directory.run("s.lua", in: LuaVM(options: .hosted())) == [1, nil, nil, 2])
    }

    @Test func assigningAnUndeclaredGlobalAtTheTopLevelIsAnError() throws {
        let source = "local net = 1\n\nnetowrk = net\n"
        let message = try errorMessage(running: source, options: .suggestingNames) { vm in
            try vm.register("network") { _ in [] }
        }
        #expect(
            message
                == "script.lua:3: assignment to undeclared global 'netowrk' (did you mean 'network'?) "
                + "(make it local, or declare it first: global \"netowrk\")")
    }

    @Test func aTopLevelFunctionDefinitionNeedsADeclaration() throws {
        #expect(
            try errorMessage(running: "function helper() end\n")
                == "script.lua:1: assignment to undeclared global 'helper' (make it local, or declare it first: global \"helper\")")
    }

    @Test func assigningAnUndeclaredGlobalInsideAFunctionIsAnError() throws {
        let source = "global 'count'\ncount = 0\nlocal function f()\n  cuont = 1\nend\nf()\n"
        #expect(
            try errorMessage(running: source, options: .suggestingNames)
                == "script.lua:4: assignment to undeclared global 'cuont' (did you mean 'count'?) "
                + "(make it local, or declare it first: global \"cuont\")")
    }

    @Test func aMisspeltAssignmentSuggestsTheLocalOrUpvalueItMeant() throws {
        let local = "local total = 0\ntotl = 1\n"
        #expect(try errorMessage(running: local, options: .suggestingNames)?.hasPrefix("script.lua:2: assignment to undeclared global 'totl' (did you mean 'total'?)") == true)
        let upvalue = "local total = 0\nlocal function f() totl = total + 1 end\nf()\n"
        #expect(try errorMessage(running: upvalue, options: .suggestingNames)?.hasPrefix("script.lua:2: assignment to undeclared global 'totl' (did you mean 'total'?)") == true)
    }

    @Test func globalTakesOnlyNames() throws {
        #expect(try errorMessage(running: "global()") == "script.lua:1: global: expected the names of globals to declare, got none")
        #expect(try errorMessage(running: "global('a-b')") == "script.lua:1: global: 'a-b' is not a Lua name")
        #expect(try errorMessage(running: "global('dofile')") == "script.lua:1: dofile is not available in the sandbox (run with --unsafe to allow it)")
    }

    @Test func anUnknownGlobalWithAHostHintGetsTheHintInsteadOfASuggestion() throws {
        let message = try errorMessage(running: "local x = 1\naddnode { name = 'a' }\n") { vm in
            try vm.register("addNodes") { _ in [] }
            vm.hintUnknownGlobal("addNode", with: "addNode is a network method: net:addNode { ... }")
        }
        #expect(message == "script.lua:2: unknown global 'addnode': addNode is a network method: net:addNode { ... }")
    }

    @Test func globalsDeclaredNilCanBeRead() throws {
        let vm = try LuaVM(options: .hosted())
        try vm.setGlobal("optional", to: .nil)
        #expect(try vm.run("global 'x'\nx = nil\nreturn optional, x", chunkName: "n.lua") == [nil, nil])
    }

    @Test func strictnessCanBeTurnedOff() throws {
        #expect(try errorMessage(running: "return nothing", options: LuaOptions.hosted(hasStrictGlobals: false)) == nil)
    }
}
