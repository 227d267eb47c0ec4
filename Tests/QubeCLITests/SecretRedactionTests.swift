import Foundation
import Testing

/// Every reader of outside files, pointed at key files (in the key store and copied out of
/// it): no byte of a secret reaches stdout, stderr, or a file a script renders its error into.
@Suite struct SecretRedactionTests {
    /// The readers a script can point at a file, as Lua calls of `path`.
    static let readers = [
        "readExternal(path)", "readGenesis(path)", "loadQubernetes(path, { name = 'q' })",
    ]
    /// Key files, and a hand-written password that reads as YAML (a mapping key and a value).
    static let files = ["nodekey", "password.txt", "tm.key", "acctkeyfile.json", "passphrase.txt"]
    /// Where the files are read from: the key store, and a copy outside it.
    static let directories = ["keys/org-a/n1", "copies/n1"]

    /// The secrets in `directory`: whole files, and the private parts of the JSON key files.
    private func secrets(in directory: URL) throws -> [String] {
        func text(_ name: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let tessera = try JSONSerialization.jsonObject(with: Data(try text("tm.key").utf8)) as? [String: Any]
        let keystore = try JSONSerialization.jsonObject(with: Data(try text("acctkeyfile.json").utf8)) as? [String: Any]
        let tesseraPrivate = (tessera?["data"] as? [String: Any])?["bytes"] as? String
        let cipherText = (keystore?["crypto"] as? [String: Any])?["ciphertext"] as? String
        return [try text("nodekey"), try text("password.txt"), try text("passphrase.txt"), tesseraPrivate ?? "", cipherText ?? ""]
    }

    /// Whether `text` holds any 10-byte run of `secret`: a quoted prefix or excerpt counts.
    private func leaks(_ secret: String, in text: String) -> Bool {
        let bytes = Array(secret.utf8), haystack = Array(text.utf8)
        guard bytes.count >= 10 else { return haystack.firstRange(of: bytes) != nil }
        return (0...(bytes.count - 10)).contains { haystack.firstRange(of: bytes[$0..<$0 + 10]) != nil }
    }

    @Test func noReaderErrorQuotesAKeyFile() throws {
        let qube = try QubeProcess()
        let setup = try qube.runScript("""
            local net = network { name = "org-a" }
            net:addNode { name = "n1" }
            net:genKeys { kdf = "light" }
            """)
        #expect(setup.status == 0, "\(setup.standardError)")
        let store = qube.directory.appendingPathComponent("keys/org-a/n1")
        try Data("correct horse: battery staple\n".utf8).write(to: store.appendingPathComponent("passphrase.txt"))
        try FileManager.default.createDirectory(at: qube.directory.appendingPathComponent("copies"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: store, to: qube.directory.appendingPathComponent("copies/n1"))
        let secrets = try secrets(in: store)
        #expect(secrets.allSatisfy { $0.utf8.count >= 10 }, "a secret is missing: \(secrets.map(\.count))")

        var outputs: [(what: String, text: String)] = []
        // Caught: each message printed, and rendered into an annotation of a network.
        var calls = ""
        for directory in Self.directories {
            for file in Self.files {
                for reader in Self.readers {
                    calls += """
                        do
                            local path = "\(directory)/\(file)"
                            local ok, message = pcall(function() return \(reader) end)
                            assert(not ok, "reading " .. path .. " succeeded")
                            print(message)
                            annotations["qube.example/m" .. #messages] = tostring(message)
                            messages[#messages + 1] = message
                        end

                        """
                }
            }
        }
        let caught = try qube.runScript("""
            local annotations, messages = {}, {}
            \(calls)
            local net = network { name = "leak", expose = { annotations = annotations } }
            net:addNode { name = "m1" }
            net:genKeys { kdf = "light" }
            net:render()
            """, as: "caught.lua")
        #expect(caught.status == 0, "\(caught.standardError)")
        outputs.append(("caught.lua stdout", caught.standardOutput))
        outputs.append(("caught.lua stderr", caught.standardError))
        let rendered = qube.directory.appendingPathComponent("out/leak")
        let tree = FileManager.default.enumerator(at: rendered, includingPropertiesForKeys: nil)
        var renderedFiles = 0
        while let url = tree?.nextObject() as? URL {
            guard url.lastPathComponent != "secrets.yaml", let data = FileManager.default.contents(atPath: url.path) else { continue }
            renderedFiles += 1
            outputs.append((url.path, String(decoding: data, as: UTF8.self)))
        }
        #expect(renderedFiles > 0)
        // Uncaught: the error as qube prints it, with a traceback.
        for directory in Self.directories {
            for file in Self.files {
                for reader in Self.readers {
                    try qube.write("uncaught.lua", "local path = '\(directory)/\(file)'\nlocal x = \(reader)\n")
                    let result = try qube.run(["run", "-v", "uncaught.lua"])
                    #expect(result.status == 1, "\(reader) of \(directory)/\(file)")
                    outputs.append(("\(reader) of \(directory)/\(file)", result.standardOutput + result.standardError))
                }
            }
        }
        for (what, text) in outputs {
            for secret in secrets where leaks(secret, in: text) {
                Issue.record("\(what) quotes a secret:\n\(text)")
            }
        }
    }
}
