import CLua

/// Errors and call sites located at the script, not inside the stdlib acting for it.
///
/// A host function the stdlib calls on the script's behalf (`exchange.adopt` reading a file)
/// fails because of what the script passed, so its error names the script line that called
/// the stdlib; ``LuaError/verboseDescription`` keeps the whole traceback.
extension LuaVM {
    /// The stack level that stands for `level`: past the frames of stdlib chunks to the Lua
    /// frame that called them, or `level` itself when no such frame is above them.
    func scriptLevel(_ level: Int32) -> Int32 {
        var record = lua_Debug()
        var candidate = level
        while lua_getstack(state, candidate, &record) != 0, lua_getinfo(state, "S", &record) != 0,
            let source = record.source, Self.isStdlibChunk(String(cString: source))
        {
            candidate += 1
        }
        guard candidate != level, lua_getstack(state, candidate, &record) != 0, lua_getinfo(state, "l", &record) != 0,
            record.currentline > 0
        else { return level }
        return candidate
    }

    /// Whether `source`, a chunk's source as Lua records it, is a stdlib module.
    private static func isStdlibChunk(_ source: String) -> Bool {
        source.hasPrefix("=" + ModuleRoot.stdlibDisplayPrefix)
    }
}
