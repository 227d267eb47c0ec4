import Yams

/// A scalar of a qctl configuration typed as Qubernetes' Ruby types it.
///
/// Qubernetes reads its configuration with `YAML.load_file` (`qubernetes`, `quorum-config`,
/// ConsenSys/qubernetes f266e62), in the Ruby 2.7 of its image (`Dockerfile`: ubuntu:20.10,
/// `ruby-full`), whose YAML reader is Psych 3.1.0, a YAML 1.1 reader. A quoted scalar is always
/// a String there. A plain one is typed by `Psych::ScalarScanner#tokenize` (ruby/psych v3.1.0,
/// commit e5813b44, `lib/psych/scalar_scanner.rb`), re-implemented here case by case in its
/// order: `1000`, `1_000`, `1,000`, `0x3e8`, `01750`, `0b1111101000` are all the Integer 1000,
/// `2.7.0` is a String but `21.4` a Float, `yes` and `on` are `true`, `16:40` is an Integer
/// (Psych weighs two base-60 parts as hours and minutes: 60000), `2020-10-27` a Date, `:x` a
/// Symbol. Tags, anchors and aliases never get here: ``UntrustedYAML`` refuses them.
enum PsychScalar: Equatable {
    /// A Ruby String.
    case text(String)
    /// A Ruby Integer within the range of `Int`.
    case integer(Int)
    /// A Ruby Integer beyond the range of `Int`.
    case hugeInteger
    /// A Ruby Float (including `.inf` and `.nan`).
    case float
    case boolean(Bool)
    case null
    /// A Ruby Time or Date.
    case date
    /// A Ruby Symbol.
    case symbol

    /// The value Ruby holds for `scalar`.
    init(_ scalar: Node.Scalar) {
        self = scalar.style == .plain ? Self.tokenize(scalar.string) : .text(scalar.string)
    }

    /// How the value reads in a message (`the number 1000`, `the boolean true`).
    var description: String {
        switch self {
        case .text(let text): "the text \(Names.quoted(text))"
        case .integer(let value): "the number \(value)"
        case .hugeInteger: "a whole number"
        case .float: "a decimal number"
        case .boolean(let value): "the boolean \(value)"
        case .null: "null"
        case .date: "a date"
        case .symbol: "a Ruby symbol"
        }
    }

    /// `ScalarScanner#tokenize` of Psych 3.1.0 for a plain scalar, its `case` branches in order.
    static func tokenize(_ string: String) -> PsychScalar {
        if string.isEmpty { return .null }
        // "Check for a String type, being careful not to get caught by hash keys, hex values, and
        // special floats": a word, or anything on more than one line.
        if string.prefixMatch(of: Patterns.word) != nil || string.contains("\n") {
            let word = string.lowercased()
            if string.unicodeScalars.count > 5 || !"ytonf~".contains(word.first!) { return .text(string) }
            if word == "~" || word == "null" { return .null }
            if ["yes", "true", "on"].contains(word) { return .boolean(true) }
            if ["no", "false", "off"].contains(word) { return .boolean(false) }
            return .text(string)
        }
        if string.wholeMatch(
            of: Patterns.time) != nil
            || string.wholeMatch(of: Patterns.date) != nil
        {
            return .date
        }
        if [".inf", "-.inf", ".nan"].contains(string.lowercased()) { return .float }
        if string.hasPrefix(":"), string.count > 1 { return .symbol }
        if string.wholeMatch(of: Patterns.sexagesimalInteger) != nil { return sexagesimal(string) }
        if string.wholeMatch(of: Patterns.sexagesimalFloat) != nil { return .float }
        if string.wholeMatch(of: Patterns.float) != nil {
            return string.wholeMatch(of: Patterns.signedDot) != nil ? .text(string) : .float
        }
        return integer(string.filter { $0 != "," && $0 != "_" }) ?? .text(string)
    }

    /// Psych's patterns, each compiled once: a regex literal used in place is parsed and
    /// compiled again at every call, which made reading a 1000-node configuration take most
    /// of a second. `Regex` is not declared `Sendable`, but a compiled one is never mutated
    /// (its matching program is built once, atomically), so sharing these is safe.
    private enum Patterns {
        /// A word, or anything that starts like one (`ScalarScanner`'s first `when`).
        nonisolated(unsafe) static let word = #/[^0-9.:\-]?[A-Za-z_ \t\r\n\f\x0B!@#$%\^&*(){}<>|\/\\~;=]+/#
        /// Psych's TIME.
        nonisolated(unsafe) static let time =
            #/-?[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t\r\f\x0B]+)[0-9]{1,2}:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t\r\f\x0B]*(?:Z|[-+][0-9]{1,2}:?(?:[0-9][0-9])?))?/#
        /// A date, `yyyy-mm-dd`.
        nonisolated(unsafe) static let date = #/[0-9]{4}-(?:1[012]|0[0-9]|[0-9])-(?:[12][0-9]|3[01]|0[0-9]|[0-9])/#
        /// A base-60 integer (`16:40`).
        nonisolated(unsafe) static let sexagesimalInteger = #/[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}/#
        /// A base-60 float (`16:40.5`).
        nonisolated(unsafe) static let sexagesimalFloat = #/[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*/#
        /// Psych's FLOAT, with the special floats.
        nonisolated(unsafe) static let float = #/[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)/#
        /// A lone `.` with an optional sign, which Psych keeps as a String.
        nonisolated(unsafe) static let signedDot = #/[-+]?\./#
        /// Psych's INTEGER: sign, then binary, octal, decimal or hexadecimal digits.
        nonisolated(unsafe) static let integer = #/([-+]?)(0b[01]+|0[0-7]+|0|[1-9][0-9]*|0x[0-9a-fA-F]+)/#
    }

    /// `parse_int`: `Integer(string)` when `string` (its `,` and `_` removed) matches Psych's
    /// INTEGER: binary `0b`, octal with a leading `0`, decimal, hexadecimal `0x`, signed.
    private static func integer(_ string: String) -> PsychScalar? {
        guard let match = string.wholeMatch(of: Patterns.integer) else { return nil }
        let digits = match.output.2
        let (radix, body): (Int, Substring) =
            digits.hasPrefix("0b") ? (2, digits.dropFirst(2))
            : digits.hasPrefix("0x") ? (16, digits.dropFirst(2))
            : digits.count > 1 && digits.hasPrefix("0") ? (8, digits.dropFirst()) : (10, digits)
        guard let magnitude = Int(body, radix: radix) else { return .hugeInteger }
        return .integer(match.output.1 == "-" ? -magnitude : magnitude)
    }

    /// Psych's base-60 integer: part `e` of the split on `:` weighs `60 ** (e - 2).abs`, each
    /// part read by Ruby's `String#to_i` (a sign, digits, single `_` between digits).
    private static func sexagesimal(_ string: String) -> PsychScalar {
        var total = 0
        for (position, part) in string.split(separator: ":").enumerated() {
            let weight = [3600, 60, 1][position]
            let (value, overflow) = rubyToI(part).multipliedReportingOverflow(by: weight)
            guard !overflow, case (let sum, false) = total.addingReportingOverflow(value) else { return .hugeInteger }
            total = sum
        }
        return .integer(total)
    }

    /// Ruby's `String#to_i` on `[-+]?[0-9][0-9_]*`: digits up to the first `__` or trailing `_`.
    private static func rubyToI(_ part: Substring) -> Int {
        var characters = Array(part)
        var negative = false
        if let sign = characters.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            characters.removeFirst()
        }
        var value = 0
        for (index, character) in characters.enumerated() {
            if character == "_" {
                guard index > 0, characters[index - 1] != "_", index + 1 < characters.count, characters[index + 1] != "_" else { break }
                continue
            }
            guard let digit = character.wholeNumberValue, case (let next, false) = value.multipliedReportingOverflow(by: 10),
                case (let sum, false) = next.addingReportingOverflow(digit)
            else { return negative ? Int.min : Int.max }
            value = sum
        }
        return negative ? -value : value
    }
}
