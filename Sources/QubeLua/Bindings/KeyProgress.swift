import Foundation

/// Progress of key generation on standard error: a redrawn line on a terminal, a plain line
/// per node otherwise.
struct KeyProgress: Sendable {
    let network: String
    let log: @Sendable (String) -> Void
    private let isTerminal = isatty(STDERR_FILENO) != 0

    init(network: String, log: @escaping @Sendable (String) -> Void) {
        self.network = network
        self.log = log
    }

    /// Reports that `done` of `total` nodes have complete keys.
    func report(done: Int, total: Int) {
        if isTerminal {
            let width = 24, filled = total == 0 ? width : width * done / total
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\rgenKeys \(network) [\(bar)] \(done)/\(total)\(done == total ? "\n" : "")".utf8))
        } else {
            log("genKeys \(network): \(done)/\(total) nodes have keys")
        }
    }
}
