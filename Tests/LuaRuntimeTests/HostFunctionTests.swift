import Testing
import LuaRuntime
import QubeCore

@Suite struct HostFunctionTests {
    @Test func hostFunctionReceivesArgumentsAndReturnsResults() throws {
        let vm = try LuaVM()
        try vm.register("add") { arguments in
            [.integer(try arguments.integer(at: 1) + arguments.integer(at: 2))]
        }
        #expect(try vm.run("return add(2, 3)", chunkName: "t.lua") == [5])
    }

    @Test func swiftErrorIsLocatedAtTheCallingLine() throws {
        let message = try errorMessage(running: "local a = 1\n\nfail()\n", as: "topology.lua") { vm in
            try vm.register("fail") { _ in throw ValidationError(field: "name", "must not be empty") }
        }
        #expect(message == "topology.lua:3: name: must not be empty")
    }

    @Test func argumentErrorsReadLikeLuas() throws {
        let message = try errorMessage(running: "\naddNode('x')\n") { vm in
            try vm.register("addNode") { arguments in
                _ = try arguments.table(at: 1)
                return []
            }
        }
        #expect(message == "script.lua:2: bad argument #1 to 'addNode' (table expected, got string)")
        let missing = try errorMessage(running: "count()") { vm in
            try vm.register("count") { [.integer(try $0.integer(at: 1))] }
        }
        #expect(missing == "script.lua:1: bad argument #1 to 'count' (number expected, got no value)")
        let fractional = try errorMessage(running: "count(1.5)") { vm in
            try vm.register("count") { [.integer(try $0.integer(at: 1))] }
        }
        #expect(fractional == "script.lua:1: bad argument #1 to 'count' (number has no integer representation)")
    }

    @Test func hostErrorAtAChosenLevelNamesTheCallersLine() throws {
        let source = """
            local function helper()
              check()
            end
            helper()
            """
        let message = try errorMessage(running: source) { vm in
            try vm.register("check") { _ in throw LuaHostError("checked by the caller's caller", level: 2) }
        }
        #expect(message == "script.lua:4: checked by the caller's caller")
        let unlocated = try errorMessage(running: "check()") { vm in
            try vm.register("check") { _ in throw LuaHostError("no location", level: 0) }
        }
        #expect(unlocated == "no location")
    }

    @Test func scriptCanCatchHostErrorsWithPcall() throws {
        let vm = try LuaVM()
        try vm.register("fail") { _ in throw LuaHostError("nope") }
        let results = try vm.run("local ok, e = pcall(fail)\nreturn ok, e", chunkName: "p.lua")
        #expect(results == [false, "nope"])
    }

    @Test func errorFromAHostFunctionInsideACallbackNamesTheCallbacksLine() throws {
        let source = """
            forEach({1, 2}, function(n)
              if n == 2 then
                inner(n)
              end
            end)
            """
        let vm = try LuaVM()
        try vm.register("forEach") { arguments in
            let items = try arguments.table(at: 1).arrayElements ?? []
            let callback = try arguments.function(at: 2)
            for item in items { try callback.call(item) }
            return []
        }
        try vm.register("inner") { arguments in
            throw ValidationError("item \(try arguments.integer(at: 1)) is bad")
        }
        let directory = try ScriptDirectory()
        try directory.write("cb.lua", source)
        let error = try #require(throws: LuaError.self) { try directory.run("cb.lua", in: vm) }
        #expect(error.message == "cb.lua:3: item 2 is bad")
        // The state stays usable after the error crossed Swift twice.
        #expect(try vm.run("return 1 + 1", chunkName: "after.lua") == [2])
    }

    @Test func luaErrorInsideACallbackPropagatesUnchanged() throws {
        let vm = try LuaVM()
        try vm.register("call") { arguments in try arguments.function(at: 1).call() }
        let error = try #require(throws: LuaError.self) {
            try vm.run("local x = 1\ncall(function()\n  error('deep')\nend)", chunkName: "c.lua")
        }
        #expect(error.message == "c.lua:3: deep")
    }

    @Test func functionsAreHeldAndCalledLater() throws {
        let vm = try LuaVM()
        var stored: LuaFunction?
        try vm.register("keep") { arguments in
            stored = try arguments.function(at: 1)
            return []
        }
        try vm.run("local base = 10\nkeep(function(a, b) return base + a, b end)", chunkName: "k.lua")
        let function = try #require(stored)
        #expect(try function.call(5, "x") == [15, "x"])
        #expect(try vm.run("return 1", chunkName: "x.lua") == [1])
    }

    @Test func hostFunctionMayBePassedAsAValue() throws {
        let vm = try LuaVM()
        let twice = vm.makeFunction(named: "twice") { [.integer(try $0.integer(at: 1) * 2)] }
        try vm.setGlobal("helpers", to: ["twice": .function(twice)])
        #expect(try vm.run("return helpers.twice(21)", chunkName: "h.lua") == [42])
    }
}

@Suite struct HostFunctionEdgeTests {
    @Test func tracebackOfAnErrorThroughACallbackShowsTheCallbackFrames() throws {
        let vm = try LuaVM()
        try vm.register("call") { arguments in try arguments.function(at: 1).call() }
        let source = "local function deep()\n  error('x')\nend\ncall(function()\n  deep()\nend)\n"
        let error = try #require(throws: LuaError.self) { try vm.run(source, chunkName: "d.lua") }
        #expect(error.message == "d.lua:2: x")
        let traceback = try #require(error.traceback)
        #expect(traceback.contains("d.lua:2: in "))
        #expect(traceback.contains("d.lua:5: in function <d.lua:4>"))
        #expect(traceback.contains("in function 'call'"))
    }

    @Test func recursionThroughHostFunctionsEndsInAnError() throws {
        let vm = try LuaVM()
        try vm.register("call") { arguments in try arguments.function(at: 1).call() }
        let error = try #require(throws: LuaError.self) {
            try vm.run("local function r() return call(r) end\nr()", chunkName: "r.lua")
        }
        #expect(error.message == "C stack overflow")
    }

    @Test func nonStringKeysOnGlobalsAndObjects() throws {
        let vm = try LuaVM()
        #expect(try vm.run("_G[1] = 'one'\nreturn _G[1], _G[2]", chunkName: "k.lua") == ["one", nil])
    }
}
