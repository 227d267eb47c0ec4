import Foundation
import PackagePlugin

/// Compiles the package's `stdlib/` into the target it is applied to, as a Swift source of
/// every file's text, so a qube binary runs its stdlib from wherever it was copied.
@main
struct StdlibBundler: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let stdlib = context.package.directoryURL.appending(path: "stdlib")
        let output = context.pluginWorkDirectoryURL.appending(path: "BundledStdlib.swift")
        var inputs: [URL] = []
        if let files = FileManager.default.enumerator(at: stdlib, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let file as URL in files where (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                inputs.append(file)
            }
        }
        return [
            .buildCommand(
                displayName: "Bundling stdlib/ into \(target.name)",
                executable: try context.tool(named: "stdlib-bundler").url,
                arguments: [stdlib.path, output.path],
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
