import LuaRuntime
import QubeCore
import QubeKube

/// The deploys a script requested, applied once it ends: each network's final state, once.
///
/// `net:deploy{...}` records a request here (its options checked at the call line); when the
/// script returns without error, ``applyAll()`` renders every requested network whose model
/// changed since its last render and applies it, in the order of the first requests. A script
/// error applies nothing. Several requests for one network are one deploy, with what any of
/// them asked for: `wait` and `force` if one did, the longest `timeout`.
final class PendingDeploys {
    /// One network's deploy, as the script asked for it.
    struct Request {
        let network: NetworkObject
        var options: DeployOptions
        /// The script line of the first request, which locates an error of the deploy.
        let location: (file: String, line: Int)?
    }

    private(set) var requests: [Request] = []

    /// Records that `network` is to be deployed with `options`; a network already pending keeps
    /// its place and gains what `options` add.
    func request(_ network: NetworkObject, options: DeployOptions, at location: (file: String, line: Int)?) {
        guard let index = requests.firstIndex(where: { $0.network === network }) else {
            requests.append(Request(network: network, options: options, location: location))
            return
        }
        var merged = requests[index].options
        merged.wait = merged.wait || options.wait
        merged.force = merged.force || options.force
        merged.timeout = max(merged.timeout, options.timeout)
        requests[index].options = merged
    }

    /// The options of the deploy of `network` that waits for the end of the run, if one does.
    func options(of network: NetworkObject) -> DeployOptions? {
        requests.first { $0.network === network }?.options
    }

    /// Forgets every request: the script failed, so nothing it asked for is applied.
    func discardAll() {
        requests = []
    }

    /// Applies every request in order; the first failure stops the rest and is thrown located
    /// at the line of its request, as `file:line: message`.
    func applyAll() throws {
        let pending = requests
        requests = []
        for request in pending {
            do {
                try request.network.apply(request.options, atEndOfRun: true)
            } catch {
                let location = request.location.map { "\($0.file):\($0.line): " } ?? ""
                throw LuaError(location + "deploy of network '\(request.network.session.network.spec.name)' at the end of the run: \(error)")
            }
        }
    }
}
