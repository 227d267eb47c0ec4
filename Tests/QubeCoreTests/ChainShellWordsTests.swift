import Testing
import QubeCore

struct ChainShellWordsTests {
    @Test(arguments: [
        ("", []),
        ("  \t\n ", []),
        (#"--rpcvhosts="*""#, ["--rpcvhosts=*"]),
        ("--a  --b\t--c\n--d", ["--a", "--b", "--c", "--d"]),
        ("'single quoted' \"double quoted\"", ["single quoted", "double quoted"]),
        ("it'\"'s", ["it\"s"]),
        ("'' \"\"", ["", ""]),
        (#"a\ b c\\d"#, ["a b", #"c\d"#]),
        (#""\$HOME \" \\ \x""#, [#"$HOME " \ \x"#]),
        ("a\\\nb", ["ab"]),
        ("\"a\\\nb\"", ["ab"]),
        ("--x='a\nb'", ["--x=a\nb"]),
        // Nothing is expanded or interpreted: these stay literal.
        ("$(rm -rf /)", ["$(rm", "-rf", "/)"]),
        ("'$(rm -rf /)'", ["$(rm -rf /)"]),
        ("\"`reboot`; $HOME\"", ["`reboot`; $HOME"]),
        ("*.json ~ #comment a;b|c >out", ["*.json", "~", "#comment", "a;b|c", ">out"]),
        ("--identity 'ünïcödé ✓'", ["--identity", "ünïcödé ✓"]),
    ])
    func splitsLikeAPOSIXShellWithoutExpansion(_ text: String, _ words: [String]) throws {
        #expect(try ShellWords.split(text) == words)
    }

    @Test(arguments: [
        ("'open", "gethParams: has an unterminated single quote"),
        ("\"open", "gethParams: has an unterminated double quote"),
        ("\"ends in escape\\", "gethParams: has an unterminated double quote"),
        ("trailing\\", "gethParams: ends with a backslash that escapes nothing"),
        ("a\u{0}b", "gethParams: contains a NUL character, which cannot be passed to a program"),
    ])
    func refusesWhatAShellWouldNotAccept(_ text: String, _ message: String) {
        #expect {
            try ShellWords.split(text)
        } throws: { error in
            "\(error)" == message
        }
    }
}
