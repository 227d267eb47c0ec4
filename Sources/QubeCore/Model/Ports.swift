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
}
