import Testing
import LuaRuntime

/// A host object with a method, fields and a deinit counter.
private final class Probe: LuaHostObject {
    nonisolated(unsafe) static var released = 0
    static let luaTypeName = "probe"
    static var luaMethods: [String: LuaMethod<Probe>] {
        [
            "rename": { probe, arguments in
                probe.name = try arguments.string(at: 1)
                return [.object(probe)]
            },
            "child": { probe, _ in [.object(Probe(name: probe.name + ".child"))] },
        ]
    }

    var name: String
    init(name: String) { self.name = name }
    deinit { Probe.released += 1 }

    var luaFieldNames: [String] { ["name", "port"] }
    func luaField(_ field: String) throws -> LuaValue? {
        switch field {
        case "name": .string(name)
        case "port": .nil
        default: nil
        }
    }
    var luaDescription: String { "probe(\(name))" }
}

/// A second type, to check methods cannot be called on the wrong type.
private final class Other: LuaHostObject {
    static let luaTypeName = "other"
}

@Suite(.serialized) struct HostObjectTests {
    @Test func methodsFieldsAndDescription() throws {
        let vm = try LuaVM()
        try vm.setGlobal("p", to: .object(Probe(name: "n1")))
        let results = try vm.run(
            "local q = p:rename('n2')\nreturn p.name, q == p, tostring(p), p.port, p:child().name", chunkName: "o.lua")
        #expect(results == ["n2", true, "probe(n2)", nil, "n2.child"])
    }

    @Test func unknownFieldIsAnErrorWithSuggestion() throws {
        let message = try errorMessage(running: "local x = 1\nreturn p.nmae", options: .suggestingNames) { vm in
            try vm.setGlobal("p", to: .object(Probe(name: "n1")))
        }
        #expect(message == "script.lua:2: no field 'nmae' on probe (did you mean 'name'?)")
    }

    @Test func assignmentIsAnErrorNamingTheField() throws {
        let message = try errorMessage(running: "\np.name = 'x'") { vm in
            try vm.setGlobal("p", to: .object(Probe(name: "n1")))
        }
        #expect(message == "script.lua:2: cannot assign to field 'name' of probe: its fields are read-only")
    }

    @Test func metatableIsHidden() throws {
        let vm = try LuaVM()
        try vm.setGlobal("p", to: .object(Probe(name: "n1")))
        #expect(try vm.run("return getmetatable(p), type(p)", chunkName: "m.lua") == ["probe", "userdata"])
        let message = try errorMessage(running: "setmetatable(p, {})") { vm in
            try vm.setGlobal("p", to: .object(Probe(name: "n1")))
        }
        #expect(message == "script.lua:1: bad argument #1 to 'setmetatable' (table expected, got probe)")
    }

    @Test func methodOnTheWrongSelfIsAClearError() throws {
        let message = try errorMessage(running: "p.rename(o, 'x')") { vm in
            try vm.setGlobal("p", to: .object(Probe(name: "n1")))
            try vm.setGlobal("o", to: .object(Other()))
        }
        #expect(message == "script.lua:1: calling 'rename' on bad self (probe expected, got other)")
        let wrongArgument = try errorMessage(running: "take(o)") { vm in
            try vm.setGlobal("o", to: .object(Other()))
            try vm.register("take") { [.object(try $0.object(Probe.self, at: 1))] }
        }
        #expect(wrongArgument == "script.lua:1: bad argument #1 to 'take' (probe expected, got other)")
    }

    @Test func sameObjectIsTheSameLuaValue() throws {
        let vm = try LuaVM()
        let probe = Probe(name: "n")
        try vm.setGlobal("a", to: .object(probe))
        try vm.setGlobal("b", to: .object(probe))
        #expect(try vm.run("return a == b, rawequal(a, b)", chunkName: "s.lua") == [true, true])
        let back = try vm.global("a")
        guard case .object(let object) = back else { Issue.record("not an object"); return }
        #expect(object === probe)
    }

    @Test func garbageCollectionReleasesTheSwiftObject() throws {
        let vm = try LuaVM()
        weak var weakProbe: Probe?
        do {
            let probe = Probe(name: "temporary")
            weakProbe = probe
            try vm.setGlobal("p", to: .object(probe))
        }
        #expect(weakProbe != nil)
        try vm.run("p = nil\ncollectgarbage()", chunkName: "g.lua")
        #expect(weakProbe == nil)
    }

    @Test func thousandsOfObjectsAreAllReleased() throws {
        let vm = try LuaVM()
        try vm.register("make") { arguments in [.object(Probe(name: try arguments.string(at: 1)))] }
        let before = Probe.released
        try vm.run(
            """
            local kept = {}
            for i = 1, 3000 do
              local p = make('n' .. i):rename('m' .. i)
              if i % 2 == 0 then kept[#kept + 1] = p:child() end
            end
            kept = nil
            collectgarbage()
            collectgarbage()
            """, chunkName: "many.lua")
        #expect(Probe.released - before == 4500)
    }

    @Test func closingTheStateReleasesObjects() throws {
        weak var weakProbe: Probe?
        do {
            let vm = try LuaVM()
            let probe = Probe(name: "held")
            weakProbe = probe
            try vm.setGlobal("p", to: .object(probe))
        }
        #expect(weakProbe == nil)
    }
}
