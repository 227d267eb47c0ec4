import Foundation
import Testing

/// The change summary coloured on a terminal only (errors: FirstContactTests): created objects
/// green, changed yellow, pruned red; plain in pipes and with `NO_COLOR`.
@Suite struct ColourTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script for a terminal"))
    func theChangeSummaryIsColouredOnATerminalOnly() throws {
        let qube = try QubeProcess()
        try qube.write("scenario/contexts", "kind-a\n")
        try qube.write("record/.keep", "")
        try qube.write(
            "t.lua",
            "local net = network { name = 'a', tessera = false, context = 'kind-a' }\nnet:addNode { name = 'n1' }\n"
                + "net:genKeys { kdf = 'light' }\nnet:deploy()\n")
        let environment = [
            "QUBE_KUBECTL": DeployTests.fakeKubectl,
            "FAKE_KUBECTL_SCENARIO": qube.directory.appendingPathComponent("scenario").path,
            "FAKE_KUBECTL_RECORD": qube.directory.appendingPathComponent("record").path,
        ]
        let created = "  created 1 namespace, 2 configmaps, 1 secret, 1 poddisruptionbudget, 1 networkpolicy, 1 service, 1 statefulset"
        let command = "\(QubeProcess.executable.path) run t.lua"
        #expect(try qube.runInTerminal(command, environment: environment).contains("\u{1B}[32m" + created + "\u{1B}[0m"))
        let plain = try qube.runInTerminal(command, environment: environment.merging(["NO_COLOR": "1"]) { $1 })
        #expect(plain.contains(created) && !plain.contains("\u{1B}[3"))
        #expect(try qube.run(["run", "t.lua"], environment: environment).standardError.contains(created + "\n"), "a pipe gets plain text")
    }
}
