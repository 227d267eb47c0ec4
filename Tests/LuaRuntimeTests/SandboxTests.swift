import Testing
import LuaRuntime

@Suite struct SandboxTests {
    @Test(arguments: [
        ("os.execute('ls')", "os.execute"),
        ("os.remove('x')", "os.remove"),
        ("os.rename('a', 'b')", "os.rename"),
        ("os.exit(1)", "os.exit"),
        ("os.tmpname()", "os.tmpname"),
        ("io.popen('ls')", "io.popen"),
        ("io.open('x')", "io.open"),
        ("package.loadlib('x', 'y')", "package.loadlib"),
        ("local p = package.cpath", "package.cpath"),
        ("package.path = './?.lua'", "package.path"),
        ("string.dump(print)", "string.dump"),
        ("local d = ('x').dump", "string.dump"),
        ("debug.getinfo(1)", "debug.getinfo"),
        ("debug.sethook()", "debug.sethook"),
        ("dofile('x.lua')", "dofile"),
        ("loadfile('x.lua')", "loadfile"),
    ])
    func withheldFunctionIsAClearError(call: String, name: String) throws {
        let message = try errorMessage(running: "local a = 1\n\n" + call + "\n", as: "sandbox.lua")
        #expect(message == "sandbox.lua:3: \(name) is not available in the sandbox (run with --unsafe to allow it)")
    }

    @Test func safeLibrariesWork() throws {
        let vm = try LuaVM(options: .hosted())
        let results = try vm.run(
            """
            local t = {3, 1, 2}
            table.sort(t)
            local co = coroutine.wrap(function() coroutine.yield(1) end)
            return table.concat(t, ','), string.format('%05.1f', math.pi), utf8.char(228), co(),
              type(os.time()), type(os.clock()), os.date('!%Y', 0), os.difftime(2, 1),
              type(debug.traceback()), os.getenv('QUBE_NO_SUCH_VARIABLE')
            """, chunkName: "safe.lua")
        #expect(results == ["1,2,3", "003.1", "ä", 1, "number", "number", "1970", 1.0, "string", nil])
    }

    @Test func loadAcceptsTextOnlyInTheSandboxEnvironment() throws {
        let vm = try LuaVM(options: .hosted())
        #expect(try vm.run("return load('return 1 + 1')()", chunkName: "l.lua") == [2])
        #expect(try vm.run("return load('return x', 'c', 't', {x = 5})()", chunkName: "l.lua") == [5])
        let binary = try vm.run("return load('\\27Lua', 'bin', 'b')", chunkName: "l.lua")
        #expect(binary == [nil, "attempt to load a binary chunk (mode is 't')"])
        let escape = try #require(throws: LuaError.self) {
            try vm.run("return load('return os.execute')()", chunkName: "l.lua")
        }
        #expect(
            escape.message
                == "[string \"return os.execute\"]:1: os.execute is not available in the sandbox (run with --unsafe to allow it)")
    }

    @Test func requireOfAWithheldLibraryGivesThePrunedOne() throws {
        let vm = try LuaVM(options: .hosted())
        let results = try vm.run(
            "local d = require('debug')\nreturn d == debug, rawget(d, 'getinfo'), type(d.traceback)", chunkName: "r.lua")
        #expect(results == [true, nil, "function"])
    }

    @Test func unsafeModeOpensTheFullLibrary() throws {
        let vm = try LuaVM(options: LuaOptions.hosted(isSandboxed: false))
        let results = try vm.run(
            "return type(io.open), type(os.execute), type(string.dump), type(debug.getinfo), type(dofile)",
            chunkName: "u.lua")
        #expect(results == ["function", "function", "function", "function", "function"])
    }

    @Test func hostObjectsCannotReachHostInternalsThroughLibraries() throws {
        let vm = try LuaVM(options: .hosted())
        #expect(try vm.run("return getmetatable(os), getmetatable(_G)", chunkName: "m.lua") == ["sandboxed library", "globals"])
    }
}

/// The runtime names no host's flags: what a refusal advises comes from ``LuaOptions/advice``.
@Suite struct AdviceTests {
    @Test func withoutAdviceRefusalsNameNoFlag() throws {
        #expect(try errorMessage(running: "os.execute('ls')", options: LuaOptions()) == "script.lua:1: os.execute is not available in the sandbox")
        #expect(
            try errorMessage(running: "while true do end", options: LuaOptions(instructionLimit: 10_000))
                == "script.lua:1: instruction budget exhausted (10000 instructions)")
        #expect(
            try errorMessage(running: "require 'a/b'", options: LuaOptions())?.hasSuffix(
                "of a module below the script's directory or in the host's modules") == true)
    }

    @Test func theHostsAdviceEndsTheRefusal() throws {
        let advice = LuaAdvice(liftSandbox: "set unsafe: true", raiseInstructionLimit: String(repeating: "é", count: 100))
        #expect(try errorMessage(running: "os.exit(1)", options: LuaOptions(advice: advice)) == "script.lua:1: os.exit is not available in the sandbox (set unsafe: true)")
        // Longer than the C buffer: cut at a character, never inside one.
        let budget = try errorMessage(running: "while true do end", options: LuaOptions(instructionLimit: 10_000, advice: advice))
        #expect(budget == "script.lua:1: instruction budget exhausted (10000 instructions; " + String(repeating: "é", count: 47) + ")")
    }
}
