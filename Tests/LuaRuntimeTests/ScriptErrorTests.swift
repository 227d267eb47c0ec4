import Testing
import LuaRuntime

@Suite struct ScriptErrorTests {
    @Test func runtimeErrorNamesTheScriptAndLine() throws {
        let message = try errorMessage(running: "local x = 1\n\nerror('boom')\n", as: "topology.lua")
        #expect(message == "topology.lua:3: boom")
    }

    @Test func errorKeepsTracebackApart() throws {
        let directory = try ScriptDirectory()
        try directory.write("t.lua", "local function f()\n  local y = nil + 1\nend\nf()\n")
        let vm = try LuaVM()
        let error = try #require(throws: LuaError.self) { try directory.run("t.lua", in: vm) }
        #expect(error.description == "t.lua:2: attempt to perform arithmetic on a nil value")
        #expect(!error.description.contains("stack traceback"))
        let traceback = try #require(error.traceback)
        #expect(traceback.hasPrefix("stack traceback:"))
        #expect(traceback.contains("t.lua:2: in local 'f'"))
        #expect(error.verboseDescription == error.message + "\n" + traceback)
    }

    @Test func syntaxErrorNamesTheLine() throws {
        let message = try errorMessage(running: "local a = 1\nlocal = 2\n", as: "bad.lua")
        #expect(message == "bad.lua:2: <name> expected near '='")
    }

    @Test func pathIsNamedAsGiven() throws {
        let message = try errorMessage(running: "\nerror 'x'", as: "examples/x.lua")
        #expect(message == "examples/x.lua:2: x")
    }

    @Test func missingScriptIsAClearError() throws {
        let vm = try LuaVM()
        let error = try #require(throws: LuaError.self) { try vm.runScript(atPath: "/nonexistent/t.lua") }
        #expect(error.message == "cannot open /nonexistent/t.lua: No such file or directory")
    }

    @Test func shebangLineIsSkippedAndLinesStayRight() throws {
        let message = try errorMessage(running: "#!/usr/bin/env qube\nerror('second line')\n")
        #expect(message == "script.lua:2: second line")
    }

    @Test func argTableAndVarargsCarryScriptArguments() throws {
        let directory = try ScriptDirectory()
        try directory.write("a.lua", "local n = select('#', ...)\nreturn arg[0], arg[1], arg[2], n, ...\n")
        let results = try directory.run("a.lua", in: LuaVM(), arguments: ["one", "two"])
        #expect(results == ["a.lua", "one", "two", 2, "one", "two"])
    }

    @Test func nonStringErrorObjectsAreDescribed() throws {
        #expect(try errorMessage(running: "error({})") == "(error object is a table value)")
        let withToString = "error(setmetatable({}, {__tostring = function() return 'custom' end}))"
        #expect(try errorMessage(running: withToString) == "custom")
    }
}
