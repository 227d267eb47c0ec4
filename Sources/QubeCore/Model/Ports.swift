/// The container ports every node listens on. They are fixed so that peers, probes
/// and Services agree without configuration.
public enum Ports {
    /// devp2p (TCP; discovery is off).
    public static let p2p = 30303
    /// Raft transport.
    public static let raft = 50401
    /// geth HTTP JSON-RPC.
    public static let rpc = 8545
    /// geth WebSocket JSON-RPC.
    public static let ws = 8546
    /// Tessera peer-to-peer API.
    public static let tesseraP2P = 9001
    /// Tessera third-party API.
    public static let tesseraThirdParty = 9080
    /// geth's Prometheus metrics (`/debug/metrics/prometheus`), in-cluster only.
    public static let metrics = 9545
}

/// The names of the Service ports that other organisations dial. Render names the external
/// Service's ports with them and exportExternal finds the assigned NodePorts by them.
public enum PortNames {
    /// devp2p, port ``Ports/p2p``.
    public static let p2p = "p2p"
    /// Raft transport, port ``Ports/raft`` (raft networks only).
    public static let raft = "raft"
    /// Tessera peer-to-peer API, port ``Ports/tesseraP2P``.
    public static let tesseraP2P = "tm-p2p"
    /// geth metrics, port ``Ports/metrics`` (internal Service only); monitors scrape it by name.
    public static let metrics = "metrics"
    /// Tessera's third-party API, port ``Ports/tesseraThirdParty`` (internal Service only), which
    /// also serves Tessera's metrics (``TesseraRelease/metricsPath``); monitors scrape it by name.
    public static let tesseraThirdParty = "tm-thirdparty"
}
