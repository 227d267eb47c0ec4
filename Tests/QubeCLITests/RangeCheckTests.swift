import Testing

/// Numeric options at the ends of their ranges: a clear error at the script line or a CLI
/// error, never a crash.
@Suite struct RangeCheckTests {
    @Test(arguments: [
        ("math.maxinteger", "9223372036854775807 seconds"),
        ("\"9223372036854775807s\"", "9223372036854775807 seconds"),
        ("\"9223372036854775807h\"", "9223372036854775807 seconds"),
        ("\"999999h\"", "3599996400 seconds"),
        ("0", "0 seconds"),
        ("-5", "-5 seconds"),
        ("\"-1m\"", "-60 seconds"),
    ])
    func deployTimeoutOutOfRangeIsAnError(timeout: String, shown: String) throws {
        let qube = try QubeProcess()
        let result = try qube.runScript("""
            local net = network { name = "org-a" }

            net:deploy { wait = true, timeout = \(timeout) }
            """)
        #expect(result.status == 1)
        #expect(result.standardError == "topology.lua:3: deploy: timeout: must be from 1 second to 168h (a week), got \(shown)\n")
    }

    @Test func exportTimeoutOutOfRangeIsAnError() throws {
        let qube = try QubeProcess()
        let result = try qube.runScript("""
            local net = network { name = "org-a" }
            net:exportExternal { timeout = math.maxinteger }
            """)
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "topology.lua:2: exportExternal: timeout: must be from 1 second to 168h (a week), got 9223372036854775807 seconds\n")
    }

    @Test(arguments: ["16K", "1", "1023K"])
    func aTinyMemoryLimitIsACommandLineError(limit: String) throws {
        let qube = try QubeProcess()
        try qube.write("topology.lua", "print('hi')\n")
        let result = try qube.run(["run", "--max-memory", limit, "topology.lua"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("--max-memory: \(limit) is below the 1M a Lua state needs"), "\(result.standardError)")
        #expect(!result.standardError.contains("Fatal error"))
    }

    @Test func theSmallestMemoryLimitRuns() throws {
        let qube = try QubeProcess()
        try qube.write("topology.lua", "print('hi')\n")
        let result = try qube.run(["run", "-q", "--max-memory", "1M", "topology.lua"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "hi\n")
    }

    @Test(arguments: ["9223372036854775807", "0", "-1"])
    func anInstructionLimitOutOfRangeIsACommandLineError(limit: String) throws {
        let qube = try QubeProcess()
        try qube.write("topology.lua", "print('hi')\n")
        let result = try qube.run(["run", "--max-instructions=\(limit)", "topology.lua"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("--max-instructions must be from 1 to 1125899906842624, got \(limit)"), "\(result.standardError)")
    }
}
