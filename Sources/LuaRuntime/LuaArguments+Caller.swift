import CLua

extension LuaArguments {
    /// Where the Lua code that made this call stands: its chunk name (the script path as the
    /// user gave it) and line; for a call from the stdlib, the script line that called it.
    /// Nil when the caller is not Lua code with line information.
    public var callerLocation: (file: String, line: Int)? {
        var record = lua_Debug()
        guard lua_getstack(vm.state, vm.scriptLevel(1), &record) != 0, lua_getinfo(vm.state, "Sl", &record) != 0,
            record.currentline > 0, let source = record.source
        else { return nil }
        var name = String(cString: source)
        if name.hasPrefix("=") || name.hasPrefix("@") { name.removeFirst() }
        return (name, Int(record.currentline))
    }
}
