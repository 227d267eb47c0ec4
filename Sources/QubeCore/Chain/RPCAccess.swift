/// The `Host` names and WebSocket origins a node's JSON-RPC accepts from in-cluster clients.
///
/// geth answers an HTTP request only when its `Host` header is an IP address or one of
/// `--rpcvhosts` / `--http.vhosts`, whose default is `localhost` (node/defaults.go
/// `HTTPVirtualHosts: []string{"localhost"}` and rpc/http.go `virtualHostHandler` at v2.7.0
/// @6005360c90b6; the same at v21.4.2 @1d7926a19a1e, flag `http.vhosts`), so a client calling the
/// node by its Service name is refused with 403. qube lists the node's own Service names, never `*`.
///
/// WebSocket checks no `Host`, only a browser's `Origin` (a request without one is accepted):
/// v2.7.0 and v21.4.2 rpc/websocket.go `wsHandshakeValidator` compare the lowercased `Origin`
/// with each allowed origin exactly, scheme included, so qube lists `http://` and `https://`
/// forms of the same names; the later releases' scheme- and port-aware match (`ruleAllowsOrigin`)
/// accepts the same forms.
///
/// A node's `gethParams` win: geth reads the new spelling over the legacy one whatever their
/// order (v21.4.2 cmd/utils/flags.go `setHTTP`, `setWS`), so qube leaves a setting out whenever
/// the user's words name it in either spelling, rather than relying on urfave/cli v1's
/// last-one-wins for a repeated flag.
enum RPCAccess {
    /// The names the node's Service resolves to in the cluster, and `localhost`.
    static func hostNames(of node: String, namespace: String) -> [String] {
        let service = ResourceNames.internalService(node)
        return ["localhost", service, "\(service).\(namespace)", "\(service).\(namespace).svc", ResourceNames.serviceDNSName(node, namespace: namespace)]
    }

    /// `hostNames` as browser origins, `http://` and `https://`.
    static func origins(of node: String, namespace: String) -> [String] {
        hostNames(of: node, namespace: namespace).flatMap { ["http://\($0)", "https://\($0)"] }
    }

    /// The geth flags that set vhosts and WebSocket origins, in both spellings, each with the
    /// spelling this release accepts first.
    static func flags(_ spelling: GoQuorumRelease.RPCFlagSpelling) -> (vhosts: [String], origins: [String]) {
        switch spelling {
        case .rpc: (["rpcvhosts", "http.vhosts"], ["wsorigins", "ws.origins"])
        case .http: (["http.vhosts", "rpcvhosts"], ["ws.origins", "wsorigins"])
        }
    }

    /// The flag names among `words` as Go's flag package reads them: `-name`, `--name`, `--name=value`.
    static func flagNames(in words: [String]) -> Set<String> {
        Set(words.filter { $0.hasPrefix("-") && $0 != "--" }.map { String($0.drop { $0 == "-" }.prefix { $0 != "=" }) })
    }

    /// The vhosts and origins flags for `node`, leaving out each one the user's words set.
    static func arguments(
        for node: String, namespace: String, spelling: GoQuorumRelease.RPCFlagSpelling, userWords: [String]
    ) -> [String] {
        let named = flagNames(in: userWords)
        let (vhosts, origins) = flags(spelling)
        var arguments: [String] = []
        if named.isDisjoint(with: vhosts) {
            arguments += ["--" + vhosts[0], hostNames(of: node, namespace: namespace).joined(separator: ",")]
        }
        if named.isDisjoint(with: origins) {
            arguments += ["--" + origins[0], Self.origins(of: node, namespace: namespace).joined(separator: ",")]
        }
        return arguments
    }
}
