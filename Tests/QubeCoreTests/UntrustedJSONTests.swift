import Foundation
import QubeCore
import Testing

/// Strict JSON for files from other organisations: what geth refuses, qube refuses first, with the line.
struct UntrustedJSONTests {
    private func problem(_ text: String) -> String? {
        do {
            try UntrustedJSON.check(Data(text.utf8), displayPath: "g.json")
            return nil
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        #"{"a": 1}"#, #"[]"#, #"{}"#, " \n\t{\"a\": [1, -2.5e+3, 0, 0.5, true, false, null, \"x\\u00e9\\ud83d\\ude00\\n\"]}\r\n",
        #"{"a": {"b": {"c": []}}}"#, #""text""#, "-0", "1E5",
    ])
    func acceptsStrictJSON(_ text: String) {
        #expect(problem(text) == nil)
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "g.json:1: not valid JSON: expected a key in double quotes, found '}'"),
        ("[1,\n2,\n]", "g.json:3: not valid JSON: expected a value, found ']'"),
        ("{\"chainId\": 1,\n \"chainId\": 2}", "g.json:2: not valid JSON: an object has the same key twice"),
        ("{'a': 1}", "g.json:1: not valid JSON: expected a key in double quotes, found '''"),
        ("\u{FEFF}{}", "g.json:1: not valid JSON: the file starts with a byte order mark"),
        ("{\"a\": 01}", "g.json:1: not valid JSON: a number has a leading zero"),
        ("{\"a\": 1.}", "g.json:1: not valid JSON: a number has no digits after its '.'"),
        ("{\"a\": NaN}", "g.json:1: not valid JSON: expected a value, found a letter"),
        ("{\"a\": \"\\ud800\"}", "g.json:1: not valid JSON: an unpaired UTF-16 surrogate in a \\u escape"),
        ("{\"a\": \"\\x41\"}", "g.json:1: not valid JSON: unknown escape '\\x' in a string"),
        ("{\"a\": \"tab\there\"}", "g.json:1: not valid JSON: a string holds a control character (byte 0x9); escape it"),
        ("{\"a\": 1} {}", "g.json:1: not valid JSON: unexpected '{' after the value"),
        ("{\"a\": 1", "g.json:1: not valid JSON: expected ',' or '}', found the end of the file"),
        ("", "g.json:1: not valid JSON: expected a value, found the end of the file"),
        ("{\"a\": \"unterminated", "g.json:1: not valid JSON: a string is not closed"),
        ("{\"a\": tru}", "g.json:1: not valid JSON: expected a value, found a letter"),
    ])
    func refusesWhatGethRefusesAndDuplicates(_ text: String, _ expected: String) {
        #expect(problem(text) == expected)
    }

    @Test func refusesInvalidUTF8NamingTheLine() {
        var data = Data("{\n\"a\": \"".utf8)
        data.append(0xFF)
        data.append(contentsOf: Array("\"}".utf8))
        #expect(throws: InputFileError(path: "g.json", line: 2, "not valid JSON: the file is not UTF-8 text")) {
            try UntrustedJSON.check(data, displayPath: "g.json")
        }
    }

    @Test func boundsTheNestingWithoutExhaustingTheStack() {
        let deep = String(repeating: "[", count: 1_000_000) + String(repeating: "]", count: 1_000_000)
        #expect(problem(deep) == "g.json:1: not valid JSON: nested deeper than \(UntrustedJSON.maximumDepth) levels")
        let allowed = String(repeating: "[", count: UntrustedJSON.maximumDepth) + String(repeating: "]", count: UntrustedJSON.maximumDepth)
        #expect(problem(allowed) == nil)
    }

    @Test func agreesWithFoundationOnEveryStrictDocument() throws {
        // Whatever the strict check accepts, Foundation parses to the same shape.
        let text = #"{"alloc": {"0x00": {"balance": "1"}}, "n": [1, 2.5, -3e2], "s": "\u00e9\/"}"#
        #expect(problem(text) == nil)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(parsed["s"] as? String == "é/")
    }
}
