import QubeCore
import Testing

/// Enode URLs from another organisation: with or without a query (`docs/security.md`), and
/// errors that quote the whole URL, so the part at fault shows.
@Suite struct EnodeURLTests {
    static let id = "ac6b1096ca56b9f6d004b779ae3728bf83f8e22453404cc3cef16a3d9b96608bc67c4b30db88e0a5a6c6390213f7acbe1153ff6d23ce57380104288ae19373ef"

    @Test func aURLWithoutQueryIsAccepted() throws {
        #expect(try EnodeURL(parsing: "enode://\(Self.id)@1.2.3.4:30303") == EnodeURL(nodeID: Self.id, host: "1.2.3.4", port: 30303))
        #expect(
            try EnodeURL(parsing: "enode://\(Self.id.uppercased())@node1.org-b.example:30303?raftport=50401")
                == EnodeURL(nodeID: Self.id, host: "node1.org-b.example", port: 30303, raftPort: 50401))
    }

    @Test func aBadQueryIsQuotedWithTheWholeURL() {
        let host = String(repeating: "h", count: 63) + "." + String(repeating: "o", count: 63) + ".example"
        let cases: [(String, String)] = [
            ("enode://\(Self.id)@\(host):30303?discport=0&evil=1", "unknown query parameter 'evil' in 'enode://\(Self.id)@\(host):30303?discport=0&evil=1'"),
            ("enode://\(Self.id)@1.2.3.4:30303?", "query '' in 'enode://\(Self.id)@1.2.3.4:30303?' is not key=value"),
            ("enode://\(Self.id)@1.2.3.4:30303?raftport=0", "raftport in 'enode://\(Self.id)@1.2.3.4:30303?raftport=0' is not a port"),
        ]
        for (url, message) in cases {
            #expect(throws: ValidationError(message)) { try EnodeURL(parsing: url) }
        }
    }
}
