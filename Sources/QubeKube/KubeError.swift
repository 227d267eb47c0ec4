import QubeCore

/// Why a cluster operation failed, phrased for the user: each message names the context and,
/// where one is at fault, the object. kubectl's own words are summarized, never echoed whole.
public enum KubeError: Error, Equatable, CustomStringConvertible, Sendable {
    /// No kubectl binary was found.
    case kubectlNotFound(String)
    /// kubectl could not be started or did not finish in time.
    case kubectlFailed(String)
    /// The network names no kube context.
    case noContext(network: String)
    /// The network names a context the kubeconfig does not have.
    case unknownContext(String, known: [String])
    /// `context = "current"` but the kubeconfig has no current context.
    case noCurrentContext(String)
    /// The cluster's API server did not answer.
    case unreachable(context: String, detail: String)
    /// A server-side apply found fields another field manager owns.
    case conflict(context: String, detail: String)
    /// The API server or kubectl refused a request.
    case rejected(context: String, action: String, detail: String)
    /// kubectl answered something that is not the JSON asked for.
    case unreadableOutput(context: String, action: String, detail: String)
    /// `kubectl rollout status` ended without a complete rollout (kubectl's summary).
    case rolloutIncomplete(context: String, statefulSet: String, detail: String)
    /// A node's StatefulSet did not become ready in time.
    case rolloutFailed(context: String, node: String, reason: String)
    /// The rendered tree under `out/<network>/k8s` is missing or unreadable.
    case renderedTree(path: String, problem: String)
    /// exportExternal cannot tell where other organisations reach a node.
    case notExported(context: String?, node: String, reason: String)
    /// exportExternal found nodes whose Tessera advertises another P2P address than their Tm_Url.
    case notAdvertised(context: String?, mismatches: [TesseraAddressMismatch])
    /// A node's geth console cannot be reached: geth is not running, or not yet listening on IPC.
    case consoleUnreachable(context: String, node: String, detail: String)
    /// A node's geth console refused an expression (a JavaScript or RPC error).
    case consoleRefused(context: String, node: String, expression: String, message: String)
    /// A node was ready but not back in consensus in time (connected, not syncing, its chain
    /// advancing); `tally` says what it showed last.
    case notInConsensus(context: String, node: String, tally: String)
    /// Restarting a validator would take more of the chain's validators down than it tolerates.
    case tooManyValidatorsDown(context: String, node: String, tally: String)

    public var description: String {
        switch self {
        case .kubectlNotFound(let searched):
            "kubectl not found (\(searched)); install it or set QUBE_KUBECTL to its path"
        case .kubectlFailed(let reason):
            reason
        case .noContext(let network):
            "network '\(network)' names no kube context: set context = \"<name>\" to bind it to a cluster "
                + "(or context = \"current\" to use kubectl's current context)"
        case .unknownContext(let context, let known):
            "kube context \(Names.quoted(context)) is not in the kubeconfig"
                + (known.isEmpty ? " (it has no contexts)" : " (known: \(known.joined(separator: ", ")))")
                + Suggestion.hint(for: context, in: known)
        case .noCurrentContext(let detail):
            "context = \"current\" but kubectl has no current context (\(detail))"
        case .unreachable(let context, let detail):
            "cannot reach the cluster of context '\(context)': \(detail)"
        case .conflict(let context, let detail):
            "context '\(context)': server-side apply conflicts with fields another manager owns: \(detail); "
                + "deploy with force = true to take them over"
        case .rejected(let context, let action, let detail):
            "context '\(context)': \(action) failed: \(detail)"
        case .unreadableOutput(let context, let action, let detail):
            "context '\(context)': \(action) returned unreadable output: \(detail)"
        case .rolloutIncomplete(let context, let statefulSet, let detail):
            "context '\(context)': statefulset/\(statefulSet) did not finish rolling out: \(detail)"
        case .rolloutFailed(let context, let node, let reason):
            "context '\(context)': node '\(node)' is not ready: \(reason)"
        case .renderedTree(let path, let problem):
            "\(path): \(problem)"
        case .notExported(let context, let node, let reason):
            (context.map { "context '\($0)': " } ?? "") + "cannot export node '\(node)': \(reason)"
        case .notAdvertised(let context, let mismatches):
            (context.map { "context '\($0)': " } ?? "") + "cannot export "
                + mismatches.map { mismatch in
                    "node '\(mismatch.node)': other organisations reach its Tessera at \(mismatch.reached), "
                        + (mismatch.deployed.map { "but its config deployed in the cluster advertises \($0); deploy the rendered tree, then export" }
                            ?? "but it advertises \(mismatch.advertised.url)" + Self.advertisingFix(mismatch))
                }.joined(separator: "; ")
        case .consoleUnreachable(let context, let node, let detail):
            "context '\(context)': node '\(node)' does not answer on its geth console (\(detail))"
        case .consoleRefused(let context, let node, let expression, let message):
            "context '\(context)': node '\(node)' refused \(expression): \(message)"
        case .notInConsensus(let context, let node, let tally):
            "context '\(context)': node '\(node)' is not back in consensus in time: \(tally)"
        case .tooManyValidatorsDown(let context, let node, let tally):
            "context '\(context)': not restarting validator '\(node)': \(tally)"
        }
    }

    /// What makes a node advertise the address it is exported at.
    private static func advertisingFix(_ mismatch: TesseraAddressMismatch) -> String {
        switch mismatch.advertised.source {
        case .script:
            " (from the script's expose settings); make expose.nodeIp, tmNodePort or loadBalancerIP say \(mismatch.reached), "
                + "rather than passing another nodeIp to exportExternal"
        case .cluster, .recorded, .pending:
            " (the cluster assigned the address after the last render); render and deploy again so it advertises "
                + "\(mismatch.reached), then export"
        }
    }
}
