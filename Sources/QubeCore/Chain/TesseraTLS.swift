import Foundation
import QubeCrypto

/// Tessera P2P over TLS between organisations (docs/security.md, "Tessera P2P over TLS").
///
/// Every local Tessera of a network with ``NetworkSpec/usesTesseraTLS`` serves P2P with
/// `tls: STRICT` and dials its peers with the same `sslConfig`: Tessera builds its P2P client
/// from the P2P server's `sslConfig` (0.10.5 `ClientFactory.buildFrom`, ConsenSys/tessera@dd0f7f693f3a
/// tessera-jaxrs/jaxrs-client), and a TLS server demands a client certificate
/// (`ServerUtils.buildWebServer`: `setNeedClientAuth(true)`), so a node of the network that is
/// not exposed needs a certificate too, or it could not reach the exposed ones.
///
/// Trust is WHITELIST on both sides, which needs no CA shared between organisations: the
/// network's one known-hosts file ``knownPeers(of:keys:)`` lists `<subject CN> <fingerprint>` per line
/// (`AbstractTrustManager`: `line.split(" ")`, `items[0]` the CN, `items[1]` the SHA-1
/// thumbprint) for every local node and every external node whose record carries
/// `Tm_Tls_Fingerprint`; `WhiteListTrustManager` refuses any other certificate. The CN is
/// ``commonName(nodeID:)``, derived from the node id every record already carries in its
/// `Enode_Url`, so a record needs only the fingerprint. `AbstractTrustManager` reads the file
/// once, in its constructor, so the tessera container restarts itself when the file changes
/// (``TesseraTrustReload``): a change of whom the network trusts restarts no pod.
///
/// The key and certificate (``KeyFile/tesseraTLSKey``, ``KeyFile/tesseraTLSCertificate``) are
/// made once, by the first genKeys of a network that uses TLS, and never replaced: the
/// certificate names the node's in-cluster DNS name, `localhost`, `127.0.0.1` and the host the
/// script fixes for it (`expose.nodeIp`, `expose.loadBalancerIP`); a JDK client checks the
/// host it dials against those names. A node whose advertised host its certificate does not
/// name is refused at render (``checkNames(of:in:keys:)``).
public enum TesseraTLS {
    /// The subject CN of a node's certificate: the first 64 hex digits of its node id (the
    /// X.509 upper bound for a CN is 64 characters), unique per node and known to every
    /// organisation from the node's `Enode_Url`.
    public static func commonName(nodeID: String) -> String { String(nodeID.prefix(64)) }

    /// Where the tessera container finds the key and certificate: the node's Secret.
    static let keyPath = PodPaths.keys + "/" + KeyFile.tesseraTLSKey.name
    static let certificatePath = PodPaths.keys + "/" + KeyFile.tesseraTLSCertificate.name

    /// The ConfigMap key and file name of the network's known-hosts file, the same for every
    /// local node: `known-peers`, in ``ResourceNames/tesseraKnownPeersConfigMap(_:)``.
    public static let knownPeersFileName = "known-peers"

    /// Where the tessera container reads the known-hosts file.
    static let knownPeersPath = PodPaths.tesseraKnownPeersDirectory + "/" + knownPeersFileName

    /// The names a new certificate of `node` carries: DNS names, then IP addresses. An exposed
    /// node whose address the cluster assigns cannot have one yet: refused, naming the fix.
    public static func subjectNames(of node: NodeSpec, in network: Network) throws(ValidationError) -> (dnsNames: [String], ipAddresses: [String]) {
        var dns = [ResourceNames.serviceDNSName(node.name, namespace: network.spec.namespace), "localhost"]
        var ips = ["127.0.0.1"]
        guard network.spec.exposure(of: node).isExposed else { return (dns, ips) }
        guard let fixed = network.scriptTesseraEndpoint(of: node) else {
            throw ValidationError(
                "node '\(node.name)'\(node.origin) is exposed at a Tessera address the cluster assigns, which its TLS certificate, "
                    + "made once now, cannot name; with tesseraTls = true, fix the address in the script (expose.nodeIp with tmNodePort, "
                    + "or expose.loadBalancerIP)")
        }
        if TesseraTLSIdentity.addressBytes(fixed.host) != nil { ips.append(fixed.host) } else { dns.append(fixed.host) }
        return (dns, ips)
    }

    /// The `sslConfig` of a node's P2P server, WHITELIST on both sides against the network's known-hosts file.
    static var sslConfig: ChainJSON {
        let knownPeers = ChainJSON.string(knownPeersPath)
        return .object([
            "tls": .string("STRICT"),
            "generateKeyStoreIfNotExisted": .bool(false),
            "serverTlsKeyPath": .string(keyPath), "serverTlsCertificatePath": .string(certificatePath),
            "clientTlsKeyPath": .string(keyPath), "clientTlsCertificatePath": .string(certificatePath),
            "serverTrustMode": .string("WHITELIST"), "clientTrustMode": .string("WHITELIST"),
            "knownClientsFile": knownPeers, "knownServersFile": knownPeers,
        ])
    }

    /// The known-hosts file every local node of `network` reads: each local node's CN and
    /// fingerprint, then each external node's that has a fingerprint; one line each, LF-ended.
    static func knownPeers(of network: Network, keys: [String: NodeKeys]) -> Data {
        var lines = network.nodes.compactMap { keys[$0.name]?.tesseraTLS.map { "\($0.commonName) \($0.fingerprint)" } }
        for external in network.externalNodes {
            guard let fingerprint = external.tesseraTLSFingerprint else { continue }
            lines.append("\(commonName(nodeID: external.enode.nodeID)) \(fingerprint)")
        }
        return Data(lines.map { $0 + "\n" }.joined().utf8)
    }

    /// Refuses to render TLS for a node without a certificate, or whose certificate does not
    /// name the host it advertises; and an external node whose TLS status the network cannot
    /// work with.
    static func checkNames(of node: NodeSpec, in network: Network, keys: NodeKeys) throws(ValidationError) {
        guard let certificate = keys.tesseraTLS else {
            throw ValidationError(
                "node '\(node.name)'\(node.origin) has no Tessera TLS certificate (\(KeyFile.tesseraTLSCertificate.name)), which tesseraTls needs: "
                    + "call genKeys() before this; it makes the certificate once")
        }
        let host = network.tesseraAddress(of: node).endpoint.host
        guard certificate.names(host) else {
            throw ValidationError(
                "node '\(node.name)'\(node.origin) advertises its Tessera at \(host), which its TLS certificate "
                    + "(\(KeyFile.tesseraTLSCertificate.name)) does not name, so peers would refuse it; fix the node's expose address "
                    + "to one the certificate names (\((certificate.dnsNames + certificate.ipAddresses.map(Self.addressText)).joined(separator: ", "))), "
                    + "or remove \(KeyFile.tesseraTLSKey.name) and \(KeyFile.tesseraTLSCertificate.name) and call genKeys() for a new one "
                    + "(its fingerprint changes: send the other organisations a new export)")
        }
    }

    /// Refuses an external node the TLS network could not exchange payloads with: one without
    /// a fingerprint cannot pass this network's WHITELIST.
    static func checkExternal(_ node: ExternalNode, in network: Network) throws(ValidationError) {
        guard node.tesseraEndpoint != nil, node.tesseraTLSFingerprint == nil else { return }
        throw ValidationError(
            "external node '\(node.name)' serves Tessera P2P without TLS (its record has no Tm_Tls_Fingerprint), but network "
                + "'\(network.spec.name)' runs Tessera P2P over TLS and admits only certificates its peers' records name; "
                + "ask its organisation for a record with Tm_Tls_Fingerprint, or set tesseraTls = false")
    }

    /// An IP address's text, for messages.
    private static func addressText(_ bytes: [UInt8]) -> String {
        bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : Hex.encode(bytes)
    }
}

extension Network {
    /// Whether the network's Tessera P2P runs over TLS (``TesseraTLS``): the script's
    /// `tesseraTls`; by default on when the network runs Tessera and exposes nodes to other
    /// organisations at addresses the script fixes (``scriptTesseraEndpoint(of:)``), which the
    /// certificates made once at genKeys can name. A cluster-assigned address is known only
    /// after the first deploy, so such a network stays on plain HTTP unless the script asks.
    public var usesTesseraTLS: Bool {
        if let explicit = spec.tesseraTLS { return explicit }
        return spec.hasTessera && exposedNodeCount > 0 && exposedNodesWithoutScriptAddress == 0
    }
}
