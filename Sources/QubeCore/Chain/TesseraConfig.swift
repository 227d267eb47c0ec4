import Foundation

/// The Tessera config file of a local node (docs/formats.md §6), with only keys every supported Tessera
/// line knows (tessera-config-keys-*.txt): the shape is the same for 0.10.x, 20.10.x, 21.7.x
/// and 24.4.x, and what differs between them is the launcher (``TesseraRelease/launcher``).
///
/// - P2P: advertised as ``Network/tesseraAddress(of:)``, the address other organisations reach
///   the node at when it is exposed (else `http://<service DNS name>:9001`), bound to `0.0.0.0:9001`.
/// - ThirdParty: `http://<service DNS name>:9080`, bound to `0.0.0.0:9080`.
/// - Q2T: the unix socket ``PodPaths/tesseraSocket`` that geth reaches through `PRIVATE_CONFIG`.
/// - peers: the P2P URLs of the network's first ``localPeerLimit`` local nodes (itself included,
///   as the list is the same for all), then the URL of every external node that has a `Tm_Url`
///   (`https://` when its record has a TLS fingerprint, else `http://`). Tessera's peer discovery spreads the rest, so the list need not name every local node;
///   capping it keeps a network's Tessera configs growing linearly with its size, not with its
///   square.
/// - keys: `tm.key`/`tm.pub` in ``PodPaths/keys``, with `passwordFile` `tm.password` when locked.
/// - H2 database in ``PodPaths/tesseraData``, tables created on first start.
///
/// With ``Network/usesTesseraTLS`` (``TesseraTLS``), the P2P server is `https://` and carries
/// the `sslConfig` of ``TesseraTLS/sslConfig``; local peers are `https://`, and external
/// ones too when their record has a fingerprint; `features.enableRemoteKeyValidation` is on, so
/// a peer cannot claim another node's key for its own URL; and the servers are listed Q2T, P2P,
/// ThirdParty, so that ThirdParty starts last (``TesseraWait``). `useWhiteList` stays false:
/// Tessera 0.10.5 compares it against the caller's IP address, which NAT and LoadBalancers
/// between organisations replace, while the certificate WHITELIST authenticates every peer
/// whatever address it comes from.
///
/// In the pod the file is ``podPath(of:)``: the manifests mount the node's ConfigMap
/// ``ResourceNames/tesseraConfigMap(_:)`` at ``PodPaths/tesseraConfigDirectory``, holding its
/// config under the key ``fileName(of:)``.
public enum TesseraConfig {
    /// The ConfigMap key and file name of a node's config: `<node>.json`.
    public static func fileName(of node: String) -> String { "\(node).json" }

    /// Where the tessera container reads a node's config.
    public static func podPath(of node: String) -> String { PodPaths.tesseraConfigDirectory + "/" + fileName(of: node) }

    /// The P2P URL other Tessera nodes reach a local node at.
    static func p2pURL(of node: String, namespace: String, tls: Bool) -> String {
        "\(scheme(tls: tls))://\(ResourceNames.serviceDNSName(node, namespace: namespace)):\(Ports.tesseraP2P)"
    }

    /// The URL scheme of P2P with and without TLS.
    static func scheme(tls: Bool) -> String { tls ? "https" : "http" }

    /// The most local nodes a Tessera config lists as peers.
    public static let localPeerLimit = 16

    /// The config file of `node`.
    public static func file(for node: NodeSpec, in network: Network, keysLocked: Bool) -> Data {
        let host = ResourceNames.serviceDNSName(node.name, namespace: network.spec.namespace)
        let tls = network.usesTesseraTLS
        func server(_ app: String, advertising url: String, port: Int, scheme: String = "http") -> [String: ChainJSON] {
            [
                "app": .string(app), "communicationType": .string("REST"),
                "serverAddress": .string(url), "bindingAddress": .string("\(scheme)://0.0.0.0:\(port)"),
            ]
        }
        let q2t = ChainJSON.object([
            "app": .string("Q2T"), "communicationType": .string("REST"), "serverAddress": .string("unix:" + PodPaths.tesseraSocket),
        ])
        let peers =
            network.nodes.prefix(localPeerLimit).map { p2pURL(of: $0.name, namespace: network.spec.namespace, tls: tls) }
            + network.externalNodes.compactMap { external in
                external.tesseraEndpoint.map { "\(scheme(tls: external.tesseraTLSFingerprint != nil))://\($0)" }
            }
        var keys: [String: ChainJSON] = [
            "keyData": .array([
                .object([
                    "privateKeyPath": .string(PodPaths.keys + "/tm.key"), "publicKeyPath": .string(PodPaths.keys + "/tm.pub"),
                ])
            ])
        ]
        if keysLocked { keys["passwordFile"] = .string(PodPaths.keys + "/tm.password") }
        let thirdParty = ChainJSON.object(
            server("ThirdParty", advertising: "http://\(host):\(Ports.tesseraThirdParty)", port: Ports.tesseraThirdParty))
        var p2p = server("P2P", advertising: network.tesseraAddress(of: node).url, port: Ports.tesseraP2P, scheme: scheme(tls: tls))
        if tls { p2p["sslConfig"] = TesseraTLS.sslConfig }
        var config: [String: ChainJSON] = [
            "useWhiteList": .bool(false),
            "jdbc": .object([
                "username": .string("sa"), "password": .string(""), "autoCreateTables": .bool(true),
                "url": .string("jdbc:h2:\(PodPaths.tesseraData)/db;MODE=Oracle;TRACE_LEVEL_SYSTEM_OUT=0"),
            ]),
            "serverConfigs": .array(tls ? [q2t, .object(p2p), thirdParty] : [thirdParty, q2t, .object(p2p)]),
            "peer": .array(peers.map { .object(["url": .string($0)]) }),
            "keys": .object(keys),
            "alwaysSendTo": .array([]),
        ]
        if tls { config["features"] = .object(["enableRemoteKeyValidation": .bool(true)]) }
        return ChainJSON.object(config).data
    }
}
