import Testing
import Foundation
import LuaRuntime

@Suite struct ModuleTests {
    @Test func requireFindsModulesBesideTheScript() throws {
        let directory = try ScriptDirectory()
        try directory.write("lib/util.lua", "local M = {}\nfunction M.twice(x) return 2 * x end\nreturn M\n")
        try directory.write("lib/pkg/init.lua", "return { name = ... }\n")
        try directory.write("main.lua", "return require('lib.util').twice(21), require('lib.pkg').name\n")
        #expect(try directory.run("main.lua", in: LuaVM(options: .hosted())) == [42, "lib.pkg"])
    }

    @Test func errorInAModuleNamesTheModuleFileAndLine() throws {
        let directory = try ScriptDirectory()
        try directory.write("examples/lib/bad.lua", "local M = {}\n\nerror('broken module')\nreturn M\n")
        try directory.write("examples/main.lua", "local x = 1\nrequire 'lib.bad'\n")
        let error = try #require(throws: LuaError.self) { try directory.run("examples/main.lua", in: LuaVM(options: .hosted())) }
        #expect(error.message == "examples/lib/bad.lua:3: broken module")
    }

    @Test func hostErrorCalledFromAModuleNamesTheModuleLine() throws {
        let directory = try ScriptDirectory()
        try directory.write("lib/m.lua", "return function()\n  fail()\nend\n")
        try directory.write("main.lua", "local f = require 'lib.m'\nf()\n")
        let vm = try LuaVM(options: .hosted())
        try vm.register("fail") { _ in throw LuaHostError("failed here") }
        let error = try #require(throws: LuaError.self) { try directory.run("main.lua", in: vm) }
        #expect(error.message == "lib/m.lua:2: failed here")
    }

    @Test(arguments: ["../x", "/etc/passwd", "lib/util", "./x", "a..b", ".x"])
    func pathsAreRefused(name: String) throws {
        let message = try errorMessage(running: "local a = 1\nrequire '\(name)'\n")
        #expect(
            message == "script.lua:2: module '\(name)' is not allowed in the sandbox: require takes a dotted name "
                + "(like 'lib.util') of a module below the script's directory or in the qube stdlib "
                + "(run with --unsafe to allow it)")
    }

    @Test func missingModuleListsWhereItLooked() throws {
        let message = try errorMessage(running: "\nrequire 'nope'\n")
        #expect(
            message == "script.lua:2: module 'nope' not found:\n\tno field package.preload['nope']"
                + "\n\tno file 'nope.lua'\n\tno file 'nope/init.lua'")
    }

    @Test func stdlibModulesAreFound() throws {
        let stdlib = try ScriptDirectory()
        try stdlib.write("qube/strings.lua", "return { shout = function(s) return s:upper() end }\n")
        let directory = try ScriptDirectory()
        try directory.write("t.lua", "return require('qube.strings').shout('hi')\n")
        let vm = try LuaVM(options: LuaOptions.hosted(stdlibDirectory: stdlib.path))
        #expect(try directory.run("t.lua", in: vm) == ["HI"])
    }

    @Test func cModulesAreRefused() throws {
        let directory = try ScriptDirectory()
        try directory.write("native.so", "not really a shared object")
        try directory.write("t.lua", "require 'native'\n")
        let error = try #require(throws: LuaError.self) { try directory.run("t.lua", in: LuaVM(options: .hosted())) }
        #expect(
            error.message
                == "t.lua:1: module 'native' is a C module; C modules cannot be loaded in the sandbox (run with --unsafe to allow it)")
    }

    @Test func symlinkLeavingTheTreeIsRefused() throws {
        let outside = try ScriptDirectory()
        let secret = try outside.write("secret.lua", "return 'secret'\n")
        let directory = try ScriptDirectory()
        try directory.write("t.lua", "return require 'escape'\n")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/escape.lua", withDestinationPath: secret)
        let error = try #require(throws: LuaError.self) { try directory.run("t.lua", in: LuaVM(options: .hosted())) }
        #expect(error.message == "t.lua:1: module 'escape' resolves outside its directory (escape.lua is a link)")
    }

    @Test func unsafeModeUsesPackagePaths() throws {
        let directory = try ScriptDirectory()
        try directory.write("lib/u.lua", "return 'found'\n")
        try directory.write("t.lua", "return (require 'lib.u')\n")
        let vm = try LuaVM(options: LuaOptions.hosted(isSandboxed: false))
        #expect(try directory.run("t.lua", in: vm) == ["found"])
    }
}
