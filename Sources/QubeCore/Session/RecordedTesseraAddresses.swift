import Foundation

/// The file where exportExternal records the Tessera P2P addresses a cluster assigned to
/// exposed nodes (cluster-assigned NodePorts, LoadBalancer ingresses), so that the next render
/// advertises them: `addresses/<network>.json`, beside `keys/` and `out/`.
///
/// ```json
/// {
///   "validator1": "203.0.113.10:9001"
/// }
/// ```
///
/// Node names map to `host:port`; the file holds public addresses only, and is read as
/// untrusted input like every file qube did not just write itself.
public enum RecordedTesseraAddresses {
    /// The largest file read: ample for thousands of nodes' addresses.
    public static let maximumSize = 1 << 20

    /// The file's path for `network`, under the script's directory.
    public static func path(of network: String) -> String { "addresses/\(network).json" }

    /// The recorded addresses, or none when the file does not exist.
    public static func read(from url: URL, displayPath: String) throws(InputFileError) -> [String: HostPort] {
        let data: Data
        switch OwnFile.read(url.path, limit: maximumSize) {
        case .absent: return [:]
        case .bytes(let bytes): data = bytes
        case .refused(let why): throw InputFileError(path: displayPath, why)
        }
        try UntrustedJSON.check(data, displayPath: displayPath)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw InputFileError(path: displayPath, "must be a JSON object of node names to host:port")
        }
        var addresses: [String: HostPort] = [:]
        for node in object.keys.sorted() {
            let value = object[node]
            guard let text = value as? String else { throw InputFileError(path: displayPath, field: node, "must be a \"host:port\" string") }
            do {
                addresses[node] = try HostPort(parsing: text)
            } catch {
                throw InputFileError(path: displayPath, field: node, error.message)
            }
        }
        return addresses
    }

    /// The file's bytes for `addresses`; the same addresses give the same bytes.
    static func render(_ addresses: [String: HostPort]) -> Data {
        ChainJSON.object(addresses.mapValues { .string($0.description) }).data
    }
}
