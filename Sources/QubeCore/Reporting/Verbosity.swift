/// How much qube says about the work it does (`qube run --quiet`, `--verbose`).
public enum Verbosity: Sendable, Equatable {
    /// Errors and warnings only (`--quiet`): what the script prints stands alone.
    case quiet
    /// One live line or a start line and a summary per phase, and what changed.
    case normal
    /// Also each node's step of a phase: every wait, restart and vote cast.
    case verbose
}
