import Foundation

/// qube's stdlib: the checkout's `stdlib/` (Lua modules and the LuaCATS stubs), compiled into
/// qube by the StdlibBundler plugin so a binary copied anywhere finds it.
public enum Stdlib {
    /// The environment variable naming a directory that replaces the compiled-in stdlib.
    public static let overrideVariable = "QUBE_STDLIB"

    /// The directory `QUBE_STDLIB` names in `environment`, if set and not empty.
    public static func overrideDirectory(in environment: [String: String]) -> String? {
        environment[overrideVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The file at `path` relative to the stdlib root (`qube.d.lua`): read from `directory`
    /// when given, else the compiled-in copy; nil when there is no such file.
    public static func file(_ path: String, in directory: String?) -> Data? {
        guard let directory else { return BundledStdlib.files[path].map { Data($0.utf8) } }
        return FileManager.default.contents(atPath: URL(fileURLWithPath: directory).appendingPathComponent(path).path)
    }
}
