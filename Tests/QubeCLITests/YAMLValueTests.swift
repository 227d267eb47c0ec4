import Foundation
import Testing
import Yams

/// `qube.yaml(value)` writes with the writer every other qube file uses: keys sorted, strings
/// plain only when no reader could take them for anything else.
@Suite struct YAMLValueTests {
    @Test func valuesReadBackAsTheyWere() throws {
        let qube = try QubeProcess()
        try qube.write(
            "values.lua",
            #"""
            print(qube.yaml {
              name = "hello world", short = "y", period = "1:30", octal = "017", count = 3, ratio = 0.5, small = 1e-5,
              on = true, list = { "a", "b" }, empty = {}, text = "line1\nline2\n",
            })
            """#)
        let result = try qube.run(["run", "-q", "values.lua"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardOutput == """
                count: 3
                empty: []
                list:
                - a
                - b
                name: "hello world"
                octal: "017"
                "on": true
                period: "1:30"
                ratio: 0.5
                short: "y"
                small: 1.0e-05
                text: |
                  line1
                  line2


                """)
        // YAML 1.1 readers (Psych, PyYAML) would take plain `y`, `1:30`, `017` or `on` for a
        // boolean or a number; quoted, every reader reads the strings.
        // print adds a line feed: a blank line after the literal block, which clips it.
        let read = try #require(try Yams.load(yaml: result.standardOutput) as? [String: Any])
        #expect(read["short"] as? String == "y" && read["period"] as? String == "1:30" && read["octal"] as? String == "017")
        #expect(read["on"] as? Bool == true && read["small"] as? Double == 1e-5 && read["text"] as? String == "line1\nline2\n")
    }
}
