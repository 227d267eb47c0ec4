import Testing

/// Outside the sandbox `debug.setmetatable` can still make a finalizer: its errors are
/// reported and the memory ceiling holds while it runs, up to the state's closing.
@Suite struct UnsafeFinalizerTests {
    @Test func anErrorInAFinalizerIsReportedNotSwallowed() throws {
        let qube = try QubeProcess()
        let result = try qube.runScript("""
            debug.setmetatable({}, { __gc = function() error("boom") end })
            collectgarbage()
            print("done")
            """, options: ["--unsafe"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "done\n")
        #expect(result.standardError == "warning: error in __gc (topology.lua:1: boom)\n")
    }

    @Test func aFinalizerAllocatingAtExitStopsAtTheMemoryCeiling() throws {
        let qube = try QubeProcess()
        let result = try qube.runScript("""
            local keep = debug.setmetatable({}, { __gc = function()
              local t = {}
              for i = 1, 1e12 do t[i] = ("x"):rep(1024) .. i end
            end })
            print("done")
            """, options: ["--unsafe", "--max-memory", "8M"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "done\n")
        #expect(result.standardError == "warning: error in __gc (not enough memory)\n")
    }
}
