/// Splits a command-line string into words as a POSIX shell would, without expanding anything.
///
/// Outside quotes, blanks (space, tab, newline) separate words and a backslash keeps the next
/// character literally (a backslash-newline is removed). Inside single quotes every character
/// is literal. Inside double quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and newline,
/// and stays literal before anything else. `$`, backticks, globs, `~`, `#`, `;`, `|` and
/// redirections are never expanded or interpreted: they stay literal characters of the word,
/// so no input can run a command. `''` and `""` make an empty word.
public enum ShellWords {
    /// The words of `text`; throws for an unterminated quote, a trailing backslash or a NUL byte.
    public static func split(_ text: String, field: String = "gethParams") throws(ValidationError) -> [String] {
        guard !text.unicodeScalars.contains("\0") else {
            throw ValidationError(field: field, "contains a NUL character, which cannot be passed to a program")
        }
        var words: [String] = []
        var current: [Unicode.Scalar] = []
        var inWord = false
        var scalars = text.unicodeScalars.makeIterator()
        while let c = scalars.next() {
            switch c {
            case " ", "\t", "\n":
                if inWord { words.append(String(String.UnicodeScalarView(current))) }
                current = []
                inWord = false
            case "'":
                inWord = true
                while true {
                    guard let q = scalars.next() else { throw ValidationError(field: field, "has an unterminated single quote") }
                    if q == "'" { break }
                    current.append(q)
                }
            case "\"":
                inWord = true
                while true {
                    guard let q = scalars.next() else { throw ValidationError(field: field, "has an unterminated double quote") }
                    if q == "\"" { break }
                    if q == "\\" {
                        guard let escaped = scalars.next() else { throw ValidationError(field: field, "has an unterminated double quote") }
                        switch escaped {
                        case "$", "`", "\"", "\\": current.append(escaped)
                        case "\n": break
                        default: current.append(contentsOf: ["\\", escaped])
                        }
                    } else {
                        current.append(q)
                    }
                }
            case "\\":
                guard let escaped = scalars.next() else { throw ValidationError(field: field, "ends with a backslash that escapes nothing") }
                if escaped != "\n" {
                    current.append(escaped)
                    inWord = true
                }
            default:
                current.append(c)
                inWord = true
            }
        }
        if inWord { words.append(String(String.UnicodeScalarView(current))) }
        return words
    }
}
