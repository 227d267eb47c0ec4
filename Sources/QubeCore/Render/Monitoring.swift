import Foundation

/// What `monitoring = true` adds to a network: a Prometheus Operator ServiceMonitor scraping
/// every node's geth metrics, one scraping every node's Tessera metrics when the network runs
/// Tessera, and a Grafana dashboard ConfigMap for the Grafana sidecar.
///
/// The ServiceMonitors select the network's Services; only the internal ones carry the
/// ``PortNames/metrics`` and ``PortNames/tesseraThirdParty`` ports, so each node is scraped once
/// per program. Prometheus labels each sample with the Service's name, which is the node's, and
/// the scrape's port name (`endpoint`); the dashboard shows per node (metric names as
/// geth's Prometheus exporter spells them, `/` turned `_`, v2.7.0 metrics/prometheus/collector.go):
/// - block height, `chain_head_block` (core/blockchain.go `chain/head/block`);
/// - peers, `p2p_peers` (p2p/metrics.go `p2p/peers`, registered from v20.10.0; v2.7.0 has no
///   peer gauge, so the panel stays empty there);
/// - transaction pool, `txpool_pending` and `txpool_queued` (core/tx_pool.go);
/// - IBFT/QBFT round changes, the rate of `consensus_istanbul_core_round` (IBFT and QBFT
///   networks): up to v21.4.2 consensus/istanbul/core/core.go registers that meter in a private
///   registry that no exporter reads, so those releases leave the panel empty;
/// - Tessera up (networks with Tessera): `up` of the scrape of Tessera's `/metrics` on its
///   ThirdParty server (``TesseraRelease/metricsPath``), 1 while that server answers; every
///   supported Tessera line serves it, and its own `tessera_*` series land beside it.
enum Monitoring {
    /// How often Prometheus scrapes a node.
    static let scrapeInterval = "15s"
    /// The label the Grafana sidecar watches for dashboards (kube-prometheus-stack's default).
    static let dashboardLabel = "grafana_dashboard"

    /// The ServiceMonitors of `input`'s network: geth's, then Tessera's when the network runs
    /// Tessera; none without `monitoring`.
    static func serviceMonitors(for input: RenderInput) -> [ServiceMonitor] {
        let spec = input.spec
        guard spec.monitoring else { return [] }
        var scraped = [(name: ResourceNames.serviceMonitor(spec.name), port: PortNames.metrics, path: GoQuorumRelease.metricsPath)]
        if spec.hasTessera {
            scraped.append((ResourceNames.tesseraServiceMonitor(spec.name), PortNames.tesseraThirdParty, TesseraRelease.metricsPath))
        }
        return scraped.map {
            ServiceMonitor(
                metadata: ObjectMeta(name: $0.name, namespace: spec.namespace, labels: StandardLabels.network(spec.name)),
                selector: StandardLabels.networkPods(spec.name), port: $0.port, path: $0.path, interval: scrapeInterval)
        }
    }

    /// The dashboard ConfigMap of `input`'s network, or nil without `monitoring`.
    static func dashboard(for input: RenderInput) -> ConfigMap? {
        let spec = input.spec
        guard spec.monitoring else { return nil }
        var labels = StandardLabels.network(spec.name)
        labels[dashboardLabel] = "1"
        return ConfigMap(
            metadata: ObjectMeta(name: ResourceNames.dashboardConfigMap(spec.name), namespace: spec.namespace, labels: labels),
            data: ["\(spec.name).json": String(decoding: dashboardJSON(for: input).data, as: UTF8.self)])
    }

    /// The Grafana dashboard model: one time-series panel per fact, one series per node.
    static func dashboardJSON(for input: RenderInput) -> ChainJSON {
        let spec = input.spec
        let nodes = input.nodes.map(\.spec.name)
        let services = "namespace=\"\(spec.namespace)\",service=~\"\(nodes.joined(separator: "|"))\""
        var panels: [(title: String, description: String, queries: [(expression: String, legend: String)])] = [
            ("Block height", "chain_head_block: the number of the node's head block.", [("chain_head_block{\(services)}", "{{service}}")]),
            ("Peers", "p2p_peers: connected devp2p peers (GoQuorum v20.10.0 and later export it).", [("p2p_peers{\(services)}", "{{service}}")]),
            (
                "Transaction pool", "txpool_pending and txpool_queued: transactions waiting in the node's pool.",
                [("txpool_pending{\(services)}", "{{service}} pending"), ("txpool_queued{\(services)}", "{{service}} queued")]
            ),
        ]
        if spec.consensus == .istanbul || spec.consensus == .qbft {
            panels.append(
                (
                    "IBFT/QBFT round changes",
                    "Rounds started per second (consensus/istanbul/core/round); GoQuorum up to v21.4.2 keeps this meter out of its exported registry.",
                    [("rate(consensus_istanbul_core_round{\(services)}[5m])", "{{service}}")]
                ))
        }
        if spec.hasTessera {
            panels.append(
                (
                    "Tessera up",
                    "up of the scrape of the node's Tessera /metrics (its ThirdParty server, port \(Ports.tesseraThirdParty)): 1 while Tessera answers.",
                    [("up{\(services),endpoint=\"\(PortNames.tesseraThirdParty)\"}", "{{service}}")]
                ))
        }
        let panelObjects = panels.enumerated().map { index, panel in
            ChainJSON.object([
                "id": .integer(index + 1),
                "type": .string("timeseries"),
                "title": .string(panel.title),
                "description": .string(panel.description),
                "datasource": .object(["type": .string("prometheus"), "uid": .string("${datasource}")]),
                "gridPos": .object(["h": .integer(8), "w": .integer(12), "x": .integer(index % 2 * 12), "y": .integer(index / 2 * 8)]),
                "targets": .array(
                    panel.queries.enumerated().map { number, query in
                        .object([
                            "refId": .string(String(UnicodeScalar(UInt8(ascii: "A") + UInt8(number)))), "expr": .string(query.expression),
                            "legendFormat": .string(query.legend),
                        ])
                    }),
            ])
        }
        var dashboard: [String: ChainJSON] = [
            "title": .string("qube network \(spec.name)"),
            "tags": .array([.string("qube"), .string("goquorum")]),
            "schemaVersion": .integer(39),
            "editable": .bool(false),
            "refresh": .string("30s"),
            "time": .object(["from": .string("now-1h"), "to": .string("now")]),
            "templating": .object([
                "list": .array([
                    .object(["name": .string("datasource"), "type": .string("datasource"), "query": .string("prometheus"), "label": .string("Prometheus")])
                ])
            ]),
            "panels": .array(panelObjects),
        ]
        // Grafana takes a uid of at most 40 characters; a longer network name gets a generated one.
        let uid = "qube-\(spec.name)"
        if uid.count <= 40 { dashboard["uid"] = .string(uid) }
        return .object(dashboard)
    }
}
