import Foundation

/// The progress of one long phase on standard error: on a terminal, one line redrawn in place
/// with the count, the rate and the time left; elsewhere, the line that starts the phase and
/// the summary that ends it, never a line per item.
public final class PhaseProgress: @unchecked Sendable {
    private let title: String
    private let unit: String
    private let log: @Sendable (String) -> Void
    private let isTerminal: Bool
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private let lock = NSLock()
    /// When the live line was last drawn: it is redrawn at most every ``redrawInterval``, and
    /// always for the last item, so thousands of small items cost no more than a few draws.
    private var drawn: ContinuousClock.Instant?
    private static let redrawInterval = Duration.milliseconds(50)

    /// Starts the phase: `announcement` opens it (`genKeys org-a: making keys for 12 of 300 nodes`);
    /// `title` heads the live line on a terminal and `unit` names what is counted.
    public init(
        title: String, unit: String, announcement: String, isTerminal: Bool = isatty(STDERR_FILENO) != 0,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.title = title
        self.unit = unit
        self.log = log
        self.isTerminal = isTerminal
        started = clock.now
        if isTerminal { Self.draw(announcement) } else { log(announcement) }
    }

    /// Reports that `done` of `total` items are finished; redraws the line on a terminal only.
    public func update(done: Int, of total: Int) {
        guard isTerminal else { return }
        lock.withLock {
            let now = clock.now
            if done < total, let drawn, now - drawn < Self.redrawInterval { return }
            drawn = now
            let elapsed = (clock.now - started) / .seconds(1)
            let rate = elapsed > 0 ? Double(done) / elapsed : 0
            let left = rate > 0 ? Double(total - done) / rate : nil
            let width = 20, filled = total == 0 ? width : width * done / total
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            Self.draw(
                "\(title) [\(bar)] \(done)/\(total) \(unit)" + (rate > 0 ? String(format: ", %.1f/s", rate) : "")
                    + (left.map { ", \(Self.duration($0)) left" } ?? ""))
        }
    }

    /// How long the phase has run so far, in seconds.
    public var elapsed: Double { (clock.now - started) / .seconds(1) }

    /// Ends the phase with its summary, which replaces the live line on a terminal.
    public func finish(_ summary: String) {
        lock.withLock {
            if isTerminal { Self.draw(summary + "\n") } else { log(summary) }
        }
    }

    /// Whether a live line is on the terminal, not yet ended by a newline.
    nonisolated(unsafe) private static var isLineOpen = false
    private static let terminalLock = NSLock()

    /// Rewrites the terminal's current line.
    private static func draw(_ text: String) {
        terminalLock.withLock {
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
            isLineOpen = !text.hasSuffix("\n")
        }
    }

    /// Ends a live line left on the terminal, so the next line (a warning, or the error that
    /// stopped the phase) starts on its own line and the progress so far stays visible.
    public static func endLiveLine() {
        terminalLock.withLock {
            if isLineOpen { FileHandle.standardError.write(Data("\n".utf8)) }
            isLineOpen = false
        }
    }

    /// `42s`, `3m05s`, `1h02m`.
    public static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, whole % 3600 / 60)
    }
}
