import CLua
import Testing
import LuaRuntime

/// string.find, match, gmatch and gsub under the instruction budget, with the results of
/// Lua's own string library.
@Suite struct PatternBudgetTests {
    /// 2^40 backtracking steps in one call, where the count hook never fires.
    static let catastrophic = #"("a"):rep(40):match(("a?"):rep(40) .. ("a"):rep(40))"#

    @Test(arguments: [
        "local m = \(catastrophic)",
        #"local i = ("a"):rep(40):find(("a?"):rep(40) .. ("a"):rep(40))"#,
        #"local s = ("a"):rep(40):gsub(("a?"):rep(40) .. ("a"):rep(40), "")"#,
        #"for m in ("a"):rep(40):gmatch(("a?"):rep(40) .. ("a"):rep(40)) do end"#,
        #"local m = ("x"):rep(100000):match((".-"):rep(4) .. "y")"#,
    ])
    func backtrackingStopsAtTheCallersLine(line: String) throws {
        let message = try errorMessage(running: "local a = 1\n\(line)\n", as: "p.lua", options: LuaOptions.hosted(instructionLimit: 1_000_000))
        #expect(message == "p.lua:2: instruction budget exhausted (1000000 instructions; raise with --max-instructions)")
    }

    @Test func aCaughtBudgetErrorStaysExhausted() throws {
        let source = """
            while true do
              pcall(function() return \(Self.catastrophic) end)
            end
            """
        let message = try errorMessage(running: source, as: "evade.lua", options: LuaOptions.hosted(instructionLimit: 1_000_000))
        #expect(message?.hasPrefix("evade.lua:") == true)
        #expect(message?.hasSuffix("instruction budget exhausted (1000000 instructions; raise with --max-instructions)") == true)
    }

    @Test func ordinaryMatchingFitsTheDefaultBudget() throws {
        let vm = try LuaVM(options: .hosted())
        let results = try vm.run(#"return ("key = value"):match("^(%w+)%s*=%s*(%w+)$")"#, chunkName: "m.lua")
        #expect(results == ["key", "value"])
    }

    /// Subjects and patterns covering every pattern item, anchors, captures, sets, %b, %f,
    /// back-references and malformed patterns.
    static let subjects = [
        "hello world", "  key = value  ", "a,b,,c", "THE (quick) fox", "aaa", "", "x = 1; y = 22",
        "f(a(b)c)d", "caf\\xc3\\xa9 ol\\xc3\\xa9", "\\0a\\0b", "[]]-^$%", "THE END", "1.5e3 -2 0x1F",
    ]
    static let patterns = [
        "%a+", "(%w+)=(%w+)", "(%w+)%s*=%s*(%w+)", "^(%s*)(.-)(%s*)$", "%b()", "%bxy", "%f[%w]%w+", "%f[%W]",
        "()a()", "(a)(b)%2%1", "(a)%1", "[%a_][%w_]*", "[^%s]+", "[]]", "[a-]", "[%]]", "[^]]", "[]-a]", "a-b", "a*", "a?",
        "a+", ".-", ".", "$", "^", "", "^$", "%d+%.?%d*", "(h)(e)(l)(l)(o)", "[%a-z]", "%", "[a", "(()", ")", "%g+", "%1",
        "x*$", "[A-Z]+", "%u%l+", "%x+", "%p", "%c", "a.b", "%.", "%%", "[%w%-]+", "(a*(.)%w(%s*))", "%f[%a]", "%z",
        "%b", "%f", "%fa", "[", "[^", "(", "^a", "a$", "%s*$", ".-b", "(.-),", "%-", "[+-]?%d+", "[%d.]+", "%w+$",
        "\\0", "[\\0-a]", "((a)(b))", "(%a)(%a)(%a)(%a)(%a)(%a)(%a)(%a)(%a)(%a)", "%S+", "%D", "[%S]", "o.", "l+", "^%s*",
    ]

    /// Runs every function on every case and returns the results, one line per call
    /// (an error as just "error": messages may differ, their presence may not).
    static let probe = """
        local subjects, patterns = ...
        local out = {}
        local function add(ok, ...)
          if not ok then out[#out + 1] = "error"; return end
          local t = table.pack(...)
          for i = 1, t.n do t[i] = type(t[i]) .. ":" .. tostring(t[i]) end
          out[#out + 1] = table.concat(t, ",")
        end
        local function each(s, p, init)
          local r = {}
          for a, b in string.gmatch(s, p, init) do r[#r + 1] = tostring(a) .. "/" .. tostring(b) end
          return table.concat(r, ";")
        end
        for _, s in ipairs(subjects) do
          for _, p in ipairs(patterns) do
            for _, init in ipairs({ 1, 2, -3, 0, 100 }) do
              add(pcall(string.find, s, p, init))
              add(pcall(string.match, s, p, init))
              add(pcall(each, s, p, init))
            end
            add(pcall(string.find, s, p, 1, true))
            add(pcall(string.gsub, s, p, "<%0>"))
            add(pcall(string.gsub, s, p, "%1%%"))
            add(pcall(string.gsub, s, p, "[%2]", 2))
            add(pcall(string.gsub, s, p, "%x"))
            add(pcall(string.gsub, s, p, function(a, b) if a == "a" then return nil end return "(" .. tostring(a) .. tostring(b) .. ")" end))
            add(pcall(string.gsub, s, p, { a = "A", l = false, o = 7, [""] = "E" }))
            add(pcall(string.gsub, s, p, { a = {} }))
            add(pcall(string.gsub, s, p, true))
          end
        end
        return table.concat(out, "\\n")
        """

    /// The probe's lines under Lua's own string library, in a plain state.
    static func stockResults(subjects: String, patterns: String) -> String? {
        guard let state = luaL_newstate() else { return nil }
        defer { lua_close(state) }
        luaL_openlibs(state)
        let chunk = "return load(\(luaQuoted(probe)))(load('return ' .. \(luaQuoted(subjects)))(), load('return ' .. \(luaQuoted(patterns)))())"
        var length = 0
        guard luaL_loadstring(state, chunk) == LUA_OK, lua_pcallk(state, 0, 1, 0, 0, nil) == LUA_OK,
            let text = lua_tolstring(state, -1, &length)
        else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self)
    }

    static func luaQuoted(_ text: String) -> String { "[==[" + text + "]==]" }

    static func luaList(_ items: [String]) -> String { "{" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "}" }

    @Test func resultsAreThoseOfLuasOwnStringLibrary() throws {
        let subjects = Self.luaList(Self.subjects), patterns = Self.luaList(Self.patterns)
        let expected = try #require(Self.stockResults(subjects: subjects, patterns: patterns))
        let vm = try LuaVM(options: LuaOptions.hosted(isSandboxed: false, hasStrictGlobals: false))
        let results = try vm.run(
            "return load(\(Self.luaQuoted(Self.probe)))(load('return ' .. \(Self.luaQuoted(subjects)))(), load('return ' .. \(Self.luaQuoted(patterns)))())",
            chunkName: "probe.lua")
        guard case .string(let actual)? = results.first else {
            Issue.record("the probe returned \(results)")
            return
        }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.description.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(actualLines.count == expectedLines.count)
        var differences = 0
        for (index, (want, got)) in zip(expectedLines, actualLines).enumerated() where want != got {
            differences += 1
            if differences <= 10 { Issue.record("call \(index): expected \(want), got \(got)") }
        }
        #expect(differences == 0)
        #expect(expectedLines.count > 10_000)
    }
}
