import Foundation
import QubeKube

/// The deploy options of a test: what a script passes, spelt out, since the defaults are the Lua
/// schema's and QubeKube takes only resolved values.
extension DeployOptions {
    static func test(wait: Bool = false, timeout: Duration = .seconds(60), force: Bool = false, dryRun: Bool = false) -> Self {
        DeployOptions(wait: wait, timeout: timeout, force: force, dryRun: dryRun)
    }
}

/// The export options of a test, spelt out like ``DeployOptions/test(wait:timeout:force:dryRun:)``.
extension ExportOptions {
    static func test(nodeIP: String? = nil, inCluster: Bool = false, wait: Bool = false, timeout: Duration = .seconds(60)) -> Self {
        ExportOptions(nodeIP: nodeIP, inCluster: inCluster, wait: wait, timeout: timeout)
    }
}

/// The vote options of a test, spelt out like ``DeployOptions/test(wait:timeout:force:dryRun:)``.
extension VoteOptions {
    static func test(wait: Bool = false, timeout: Duration = .seconds(300), dryRun: Bool = false) -> Self {
        VoteOptions(wait: wait, timeout: timeout, dryRun: dryRun)
    }
}
