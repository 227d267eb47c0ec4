/// The luacheck configuration of topology scripts, read off the sandbox a script runs in.
///
/// The configuration declares a std of its own, `qube`, holding exactly the globals a sandboxed
/// script finds: Lua 5.4's libraries less what the sandbox withholds (`io`, `os.execute`,
/// `string.dump`, ...), `arg`, and qube's globals with the fields of the `qube` table. luacheck
/// then flags a misspelt or withheld name in an editor or in CI, before the script runs. Being
/// read off a live sandbox, it cannot drift from what `qube run` installs.
enum LuacheckConfiguration {
    /// A Lua chunk that returns the configuration's text, less ``header``, for the globals of the
    /// VM it runs in.
    ///
    /// Tables become `name = { fields = {...} }` with their string keys (a field that is itself
    /// a table accepts any field below it); everything else, and `arg`, is a plain read-only global.
    static let generator = """
        local function sorted(t)
            local keys = {}
            for key in pairs(t) do
                if type(key) == "string" then keys[#keys + 1] = key end
            end
            table.sort(keys)
            return keys
        end
        local lines = { "stds.qube = {", "    read_globals = {" }
        for _, name in ipairs(sorted(_G)) do
            local value = rawget(_G, name)
            if type(value) == "table" and name ~= "_G" and name ~= "arg" then
                local fields = {}
                for _, field in ipairs(sorted(value)) do
                    if type(rawget(value, field)) == "table" then
                        fields[#fields + 1] = ("%s = { other_fields = true }"):format(field)
                    else
                        fields[#fields + 1] = ("%q"):format(field)
                    end
                end
                local list = #fields == 0 and "{}" or ("{ %s }"):format(table.concat(fields, ", "))
                lines[#lines + 1] = ("        %s = { fields = %s },"):format(name, list)
            else
                lines[#lines + 1] = ("        %q,"):format(name)
            end
        end
        lines[#lines + 1] = "    },"
        lines[#lines + 1] = "}"
        lines[#lines + 1] = 'std = "qube"'
        lines[#lines + 1] = 'exclude_files = { "**/qube.d.lua", ".build*/**" }'
        return table.concat(lines, "\\n") .. "\\n"
        """

    /// The comment the file opens with.
    static let header = """
        -- luacheck configuration of qube topology scripts, written by `qube stubs --luacheckrc`:
        -- the globals of qube's sandbox (Lua 5.4 less what it withholds, arg, and qube's own).
        """
}
