import Foundation

/// How qube marks up what it writes to standard error: errors red and warnings' `warning:`
/// yellow on a terminal, plain text in files and pipes or when `NO_COLOR` is set (no-color.org).
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

    /// A line of progress or report, with a leading `warning:` yellow.
    func line(_ text: String) -> String {
        guard isColoured, text.hasPrefix(Self.warningPrefix) else { return text }
        return "\u{1B}[33m" + Self.warningPrefix + "\u{1B}[0m" + text.dropFirst(Self.warningPrefix.count)
    }
}
