import Foundation

/// How many nodes' keys to generate at once: one per core, fewer when the memory-hard KDFs
/// (256 MiB scrypt, up to 1 GiB Argon2 per derivation) would not fit in available memory.
enum GenerationBudget {
    /// The number of parallel workers for `count` nodes whose derivations each need
    /// `bytesPerNode` bytes; at least 1.
    static func workers(for count: Int, bytesPerNode: Int) -> Int {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // Keep a quarter of available memory for everything else.
        let byMemory = availableMemory().map { Int($0 / 4 * 3) / max(bytesPerNode, 1) } ?? 1
        return max(1, min(count, cores, byMemory))
    }

    /// MemAvailable from /proc/meminfo, else the free physical pages, in bytes.
    static func availableMemory() -> UInt64? {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
            let kib = line.split(separator: " ").dropFirst().first.flatMap({ UInt64($0) })
        {
            return kib * 1024
        }
        let pages = sysconf(Int32(_SC_AVPHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? UInt64(pages) * UInt64(size) : nil
    }
}
