/// A parsed `enode://<128 hex>@<host>:<port>[?discport=0][&raftport=N]` URL.
public struct EnodeURL: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The node id: the 64-byte public key as 128 lowercase hex characters.
    public var nodeID: String
    /// A DNS name or an IPv4 address.
    public var host: String
    public var port: Int
    public var raftPort: Int?

    public init(nodeID: String, host: String, port: Int, raftPort: Int? = nil) {
        self.nodeID = nodeID
        self.host = host
        self.port = port
        self.raftPort = raftPort
    }

    /// The longest URL of valid shape: a 128-hex id, a 253-character host, both query parameters.
    /// Messages quote a URL up to this length, so the part at fault always shows.
    static let longestValidURL =
        "enode://".count + 128 + "@".count + 253 + ":65535".count + "?discport=65535&raftport=65535".count

    /// Parses and strictly validates an enode URL from untrusted input: `enode://<id>@<host>:<port>`,
    /// with or without a query (`docs/security.md`).
    public init(parsing text: String) throws(ValidationError) {
        let shown = Names.quoted(text, limit: Self.longestValidURL)
        guard text.hasPrefix("enode://") else { throw ValidationError("\(shown) is not an enode URL (expected enode://<id>@<host>:<port>)") }
        var rest = Substring(text.dropFirst("enode://".count))
        guard let at = rest.firstIndex(of: "@") else { throw ValidationError("\(shown) has no '@' between node id and host") }
        let id = String(rest[..<at])
        rest = rest[rest.index(after: at)...]
        guard id.utf8.count == 128, id.utf8.allSatisfy(HostPort.isHexDigit) else {
            throw ValidationError("node id in \(shown) must be 128 hex characters (a 64-byte public key), got \(id.utf8.count)")
        }
        var pairs: [Substring] = []
        if let q = rest.firstIndex(of: "?") {
            pairs = rest[rest.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false)
            rest = rest[..<q]
        }
        let endpoint = try HostPort(parsing: String(rest))
        var raftPort: Int?
        for pair in pairs {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard kv.count == 2 else { throw ValidationError("query \(Names.quoted(String(pair))) in \(shown) is not key=value") }
            switch kv[0] {
            case "discport":
                guard HostPort.port(kv[1], allowZero: true) != nil else { throw ValidationError("discport in \(shown) is not a port") }
            case "raftport":
                guard let p = HostPort.port(kv[1], allowZero: false) else { throw ValidationError("raftport in \(shown) is not a port") }
                raftPort = p
            default:
                throw ValidationError("unknown query parameter \(Names.quoted(String(kv[0]))) in \(shown)")
            }
        }
        self.init(nodeID: id.lowercased(), host: endpoint.host, port: endpoint.port, raftPort: raftPort)
    }

    /// The URL as peer lists carry it: `discport=0` always, `raftport` when set.
    public var description: String {
        "enode://\(nodeID)@\(host):\(port)?discport=0" + (raftPort.map { "&raftport=\($0)" } ?? "")
    }
}

/// A `host:port` pair with no scheme, path or credentials, from untrusted input.
public struct HostPort: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, where host is a DNS name (RFC 1123) or dotted IPv4 address.
    public init(parsing text: String) throws(ValidationError) {
        let shown = Names.quoted(text)
        guard let colon = text.lastIndex(of: ":") else { throw ValidationError("\(shown) is not host:port") }
        let host = String(text[..<colon])
        guard HostPort.isValidHost(host) else {
            throw ValidationError("host in \(shown) must be a DNS name or IPv4 address (no scheme, path or credentials)")
        }
        guard let port = HostPort.port(text[text.index(after: colon)...], allowZero: false) else {
            throw ValidationError("port in \(shown) must be a number from 1 to 65535")
        }
        self.init(host: host, port: port)
    }

    public var description: String { "\(host):\(port)" }

    /// Whether `host` is a dotted-quad IPv4 address or an RFC 1123 DNS name.
    public static func isValidHost(_ host: String) -> Bool {
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard !host.isEmpty, host.utf8.count <= 253, !labels.isEmpty else { return false }
        if labels.count == 4, labels.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) {
            return labels.allSatisfy { !$0.isEmpty && $0.count <= 3 && Int($0)! <= 255 }
        }
        return labels.allSatisfy { label in
            let b = Array(label.utf8)
            func alnum(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) }
            return (1...63).contains(b.count) && b.allSatisfy { alnum($0) || $0 == 0x2D } && alnum(b.first!) && alnum(b.last!)
        }
    }

    /// Parses a decimal port; nil for anything but 1...65535 (0 too when `allowZero`).
    static func port(_ text: Substring, allowZero: Bool) -> Int? {
        guard (1...5).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let value = Int(text), value <= 65535, value > 0 || allowZero
        else { return nil }
        return value
    }

    static func isHexDigit(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
    }
}
