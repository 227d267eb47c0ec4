import Foundation

/// How qube marks up what it writes to standard error: errors red, warnings' `warning:` yellow,
/// and the change summary's created, changed and pruned objects green, yellow and red on a
/// terminal; plain text in files and pipes or when `NO_COLOR` is set (no-color.org).
struct TerminalStyle {
    /// Whether the text gets ANSI colours.
    let isColoured: Bool

    /// The style for standard error under `environment`.
    init(environment: [String: String] = ProcessInfo.processInfo.environment, isTerminal: Bool = isatty(STDERR_FILENO) != 0) {
        isColoured = isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// The prefix of a warning line.
    static let warningPrefix = "warning:"

    /// An error message, red.
    func error(_ text: String) -> String {
        isColoured ? "\u{1B}[31m" + text + "\u{1B}[0m" : text
    }

    /// The change summary's object lines (`  created statefulset/n1`) by their colour.
    static let changeColours = [("  created ", "32"), ("  changed ", "33"), ("  pruned ", "31")]

    /// A line of progress or report, with a leading `warning:` yellow, and a change summary's
    /// object line in its change's colour.
    func line(_ text: String) -> String {
        guard isColoured else { return text }
        if text.hasPrefix(Self.warningPrefix) {
            return "\u{1B}[33m" + Self.warningPrefix + "\u{1B}[0m" + text.dropFirst(Self.warningPrefix.count)
        }
        if let (_, colour) = Self.changeColours.first(where: { text.hasPrefix($0.0) }) {
            return "\u{1B}[\(colour)m" + text + "\u{1B}[0m"
        }
        return text
    }
}
