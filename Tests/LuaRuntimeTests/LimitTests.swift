import Testing
import LuaRuntime

@Suite struct LimitTests {
    @Test func runawayLoopExhaustsTheInstructionBudget() throws {
        let message = try errorMessage(
            running: "local n = 0\nwhile true do\n  n = n + 1\nend\n", as: "loop.lua",
            options: LuaOptions.hosted(instructionLimit: 100_000))
        let lines = ["loop.lua:2: ", "loop.lua:3: "]
        let text = try #require(message)
        #expect(lines.contains { text.hasPrefix($0) })
        #expect(text.hasSuffix("instruction budget exhausted (100000 instructions; raise with --max-instructions)"))
    }

    @Test func budgetCannotBeOutrunByCatchingTheError() throws {
        let source = """
            local function spin() while true do end end
            while true do
              pcall(spin)
            end
            """
        let message = try errorMessage(running: source, as: "evade.lua", options: LuaOptions.hosted(instructionLimit: 50_000))
        #expect(message?.hasPrefix("evade.lua:") == true)
        #expect(message?.hasSuffix("instruction budget exhausted (50000 instructions; raise with --max-instructions)") == true)
    }

    @Test func hostCallsDoNotCountAgainstTheBudget() throws {
        let vm = try LuaVM(options: LuaOptions.hosted(instructionLimit: 10_000))
        try vm.register("work") { _ in
            var total = 0
            for i in 0..<1_000_000 { total &+= i }
            return [.integer(total)]
        }
        #expect(try vm.run("return work()", chunkName: "w.lua") == [.integer(499_999_500_000)])
    }

    @Test func memoryBombHitsTheCeilingAtItsLine() throws {
        let source = """
            local parts = {}
            for i = 1, 1e9 do
              parts[i] = string.rep('x', 1024 * 1024)
            end
            """
        let message = try errorMessage(
            running: source, as: "bomb.lua", options: LuaOptions.hosted(memoryLimit: 64 * 1024 * 1024))
        #expect(message == "bomb.lua:3: memory limit exhausted (67108864 bytes; raise with --max-memory)")
    }

    @Test func singleHugeAllocationHitsTheCeiling() throws {
        let message = try errorMessage(
            running: "local a = 1\nlocal s = string.rep('x', 1 << 30)\n", as: "huge.lua",
            options: LuaOptions.hosted(memoryLimit: 16 * 1024 * 1024))
        #expect(message == "huge.lua:2: memory limit exhausted (16777216 bytes; raise with --max-memory)")
    }

    @Test func stateIsUsableAfterAMemoryError() throws {
        let vm = try LuaVM(options: LuaOptions.hosted(memoryLimit: 8 * 1024 * 1024))
        #expect(throws: LuaError.self) { try vm.run("local s = string.rep('x', 1 << 30)", chunkName: "m.lua") }
        #expect(try vm.run("return #string.rep('y', 1000)", chunkName: "m.lua") == [1000])
    }

    @Test func scriptCanCatchAMemoryErrorAndContinue() throws {
        let vm = try LuaVM(options: LuaOptions.hosted(memoryLimit: 8 * 1024 * 1024))
        let results = try vm.run("return pcall(string.rep, 'x', 1 << 30)", chunkName: "m.lua")
        #expect(results == [false, "not enough memory"])
    }

    @Test func defaultsStopRunawaysBeforeTwoGibibytes() {
        let options = LuaOptions()
        #expect(options.memoryLimit.map { $0 < 2 << 30 } == true)
        #expect(options.instructionLimit != nil)
        #expect(options.isSandboxed)
    }
}
