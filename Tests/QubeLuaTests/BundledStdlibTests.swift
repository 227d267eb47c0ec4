import Foundation
import LuaRuntime
@testable import QubeLua
import Testing

/// The stdlib compiled into qube is the checkout's `stdlib/`, file for file and byte for byte.
@Suite struct BundledStdlibTests {
    @Test func theBundleIsTheStdlibDirectory() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../stdlib").standardizedFileURL
        var onDisk: [String: String] = [:]
        let walker = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]))
        for case let file as URL in walker where (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            onDisk[String(file.standardizedFileURL.path.dropFirst(root.path.count + 1))] = try String(contentsOf: file, encoding: .utf8)
        }
        #expect(onDisk.keys.contains("qube/nodes.lua") && onDisk.keys.contains("qube.d.lua"))
        #expect(BundledStdlib.files == onDisk, "rebuild qube after editing stdlib/")
    }

    @Test func requireFindsTheBundleAndNamesItsFiles() throws {
        let vm = try LuaVM(options: LuaOptions(bundledStdlib: ["qube/broken.lua": "local x = 1\nerror('broken here')\n"]))
        #expect(throws: LuaError.self) { try vm.run("require 'qube.broken'", chunkName: "s.lua") }
        do {
            try vm.run("require 'qube.broken'", chunkName: "s.lua")
        } catch let error as LuaError {
            #expect(error.message == "stdlib/qube/broken.lua:2: broken here")
        }
        let unsafe = try LuaVM(options: LuaOptions(isSandboxed: false, bundledStdlib: ["qube/m.lua": "return 42\n"]))
        #expect(try unsafe.run("return (require 'qube.m')", chunkName: "s.lua") == [42])
    }
}
