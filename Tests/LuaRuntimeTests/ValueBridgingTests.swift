import Testing
import LuaRuntime

@Suite struct ValueBridgingTests {
    /// Passes `value` into Lua and back through an identity function.
    private func roundTrip(_ value: LuaValue, in vm: LuaVM) throws -> LuaValue {
        try vm.setGlobal("value", to: value)
        return try #require(try vm.run("return value", chunkName: "r.lua").first)
    }

    @Test func integersAndFloatsStayApart() throws {
        let vm = try LuaVM()
        #expect(try vm.run("return 3, 3.0, 7 // 2, 7 / 2, 2^53", chunkName: "n.lua") == [3, 3.0, 3, 3.5, 9007199254740992.0])
        try vm.setGlobal("i", to: .integer(Int.max))
        try vm.setGlobal("f", to: .number(1.0))
        #expect(try vm.run("return math.type(i), math.type(f), i", chunkName: "n.lua") == ["integer", "float", .integer(Int.max)])
    }

    @Test func stringsAreBytesAndSurviveEmbeddedNul() throws {
        let vm = try LuaVM()
        let bytes = LuaString(bytes: [0x61, 0x00, 0x62, 0xFF])
        #expect(try roundTrip(.string(bytes), in: vm) == .string(bytes))
        #expect(try vm.run("return #value, value:byte(2), value:byte(4)", chunkName: "s.lua") == [4, 0, 255])
        #expect(try vm.run("return 'a\\0b'", chunkName: "s.lua") == [.string(LuaString(bytes: [0x61, 0, 0x62]))])
    }

    @Test func invalidUTF8FailsClearlyAsText() throws {
        #expect(throws: (any Error).self) { try LuaString(bytes: [0xC3, 0x28]).utf8String() }
        #expect(try LuaString("héllo").utf8String() == "héllo")
        let message = try errorMessage(running: "name('\\xff')") { vm in
            try vm.register("name") { [.string(try $0.string(at: 1))] }
        }
        #expect(message == "script.lua:1: bad argument #1 to 'name' (string is not valid UTF-8)")
    }

    @Test func nestedTablesCrossBothWays() throws {
        let vm = try LuaVM()
        let results = try vm.run(
            "return { name = 'a', nodes = { { name = 'n1' }, { name = 'n2', port = 30303 } }, flags = { true, false } }",
            chunkName: "t.lua")
        guard case .table(let table) = try #require(results.first) else { Issue.record("not a table"); return }
        #expect(table["name"] == "a")
        guard case .table(let nodes) = table["nodes"] else { Issue.record("nodes not a table"); return }
        let list = try #require(nodes.arrayElements)
        #expect(list.count == 2)
        #expect(list[1] == ["name": "n2", "port": 30303])
        #expect(table["flags"] == [true, false])
        #expect(table.stringKeys == ["flags", "name", "nodes"])

        let swiftTable: LuaValue = ["list": [1, 2.5, "three"], "nested": ["deep": ["x": nil, "y": 1]]]
        #expect(try roundTrip(swiftTable, in: vm) == ["list": [1, 2.5, "three"], "nested": ["deep": ["y": 1]]])
        #expect(try vm.run("return #value.list, value.nested.deep.y", chunkName: "t.lua") == [3, 1])
    }

    @Test func cyclicTableIsRefusedNotRecursedForever() throws {
        let message = try errorMessage(running: "local t = {}\nt.self = t\ntake(t)\n") { vm in
            try vm.register("take") { arguments in
                _ = try arguments.table(at: 1)
                return []
            }
        }
        #expect(message == "script.lua:3: bad argument #1 to 'take' (a table that contains itself cannot be passed to the host)")
    }

    @Test func sharedSubtablesAreNotCycles() throws {
        let vm = try LuaVM()
        let results = try vm.run("local shared = {1}\nreturn { a = shared, b = shared }", chunkName: "s.lua")
        #expect(results == [["a": [1], "b": [1]]])
    }

    @Test func sequencesAndEmptyTables() {
        #expect(LuaTable(array: ["a", "b"]).arrayElements == ["a", "b"])
        #expect(LuaTable().arrayElements == [])
        #expect(LuaTable([2: "x"]).arrayElements == nil)
        #expect(LuaTable(["k": "v"]).arrayElements == nil)
    }

    @Test func functionIdentitySurvivesTheRoundTrip() throws {
        let vm = try LuaVM()
        let results = try vm.run("global 'f'\nf = function() end\nreturn f, f", chunkName: "f.lua")
        #expect(results.count == 2)
        #expect(results[0] == results[1])
        try vm.setGlobal("g", to: results[0])
        #expect(try vm.run("return f == g", chunkName: "f.lua") == [true])
    }

    @Test func releasedFunctionReferencesAreUnrefd() throws {
        let vm = try LuaVM()
        try vm.run("global 'f'\nf = function() return 1 end", chunkName: "f.lua")
        let before = vm.memoryInUse
        for _ in 0..<5000 {
            _ = try vm.global("f")
        }
        vm.collectGarbage()
        // 5000 live registry slots would hold far more than this.
        #expect(vm.memoryInUse < before + 16 * 1024)
    }
}

extension LuaTable {
    /// The keys that are strings, as text (invalid UTF-8 shown as U+FFFD), sorted.
    fileprivate var stringKeys: [String] {
        entries.keys.compactMap { key in
            if case .string(let text) = key { text.description } else { nil }
        }.sorted()
    }
}
