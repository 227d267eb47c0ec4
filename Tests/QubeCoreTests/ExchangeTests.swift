import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import QubeCore
import Testing

/// Node ids and an address from public sources (docs/formats.md V1.a, the Qubernetes multi-cluster doc).
private let id1 = "ac6b1096ca56b9f6d004b779ae3728bf83f8e22453404cc3cef16a3d9b96608bc67c4b30db88e0a5a6c6390213f7acbe1153ff6d23ce57380104288ae19373ef"
private let id2 = "0ba6b9f606a43a95edc6247cdb1c1e105145817be7bcafd6b2c0ba15d58145f0dc1a194f70ba73cd6f4cdd6864edc7687f311254c7555cc32e4d45aeb1b80416"
private let address = "0xb2A84e1F138FbfC6B9E69eCeD4272c35490261e4"

private func parse(_ text: String) throws(InputFileError) -> [ExternalNode] {
    try ExternalNodesFile.parse(Data(text.utf8), displayPath: "org-b.yaml")
}

/// The error `text` raises, as the user reads it.
private func failure(_ text: String) -> String {
    failure(Data(text.utf8))
}

private func failure(_ data: Data) -> String {
    do {
        _ = try ExternalNodesFile.parse(data, displayPath: "org-b.yaml")
        return "no error"
    } catch {
        return error.description
    }
}

/// One valid record, with one line replaced when `line` and `replacement` are given.
private func record(replacing key: String? = nil, with replacement: String? = nil) -> String {
    var lines = [
        "- Node_UserIdent: \"quorum-node1\"",
        "  Enode_Url: \"enode://\(id1)@1.2.3.4:30303?discport=0&raftport=50401\"",
        "  Tm_Url: \"1.2.3.4:9001\"",
        "  Node_Acct_Addr: \"\(address)\"",
    ]
    if let key, let index = lines.firstIndex(where: { $0.contains("\(key):") }) {
        lines[index] = (index == 0 ? "- " : "  ") + (replacement ?? "")
    }
    return lines.joined(separator: "\n") + "\n"
}

@Test func renderWritesQctlLayoutWithEveryValueQuoted() throws {
    let nodes = [
        ExternalNode(
            name: "quorum-node1", enode: EnodeURL(nodeID: id1, host: "1.2.3.4", port: 32044, raftPort: 50401),
            tesseraEndpoint: HostPort(host: "1.2.3.4", port: 30047), address: address),
        ExternalNode(name: "quorum-node2", enode: EnodeURL(nodeID: id2, host: "node2.org-b.example", port: 30303, raftPort: 50401)),
    ]
    let expected = """
        external_nodes:
        - Node_UserIdent: "quorum-node1"
          Enode_Url: "enode://\(id1)@1.2.3.4:32044?discport=0&raftport=50401"
          Tm_Url: "1.2.3.4:30047"
          Node_Acct_Addr: "\(address)"
        - Node_UserIdent: "quorum-node2"
          Enode_Url: "enode://\(id2)@node2.org-b.example:30303?discport=0&raftport=50401"

        """
    #expect(String(decoding: ExternalNodesFile.render(nodes), as: UTF8.self) == expected)
    #expect(try parse(expected) == nodes)
    #expect(String(decoding: ExternalNodesFile.render([]), as: UTF8.self) == "external_nodes: []\n")
    #expect(try parse("external_nodes: []\n").isEmpty)
}

@Test func writeThenReadRoundTrips() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qube-exchange-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("org-a.external.yaml")
    let nodes = [
        ExternalNode(
            name: "n1", enode: EnodeURL(nodeID: id1, host: "10.0.0.7", port: 31000, raftPort: 50401),
            tesseraEndpoint: HostPort(host: "10.0.0.7", port: 31001), address: address)
    ]
    try ExternalNodesFile.write(nodes, to: try WriteGuard().file(url))
    #expect(try ExternalNodesFile.read(from: url, displayPath: "org-a.external.yaml") == nodes)
}

@Test func readsQctlOutputWithPlainValuesAndTheBareList() throws {
    // As `qctl ls nodes --asexternal` prints it: plain values, an unquoted 0x address.
    let qctl = """
        external_nodes:
         - Node_UserIdent:  quorum-node1
           Enode_Url: "enode://\(id1.uppercased())@1.2.3.4:4598?discport=0&raftport=50401"
           Tm_Url:  1.2.3.4:4599
           Node_Acct_Addr: 0x60eD1973D8bEB9118f664A688B2E79a344F66954
        """
    let nodes = try parse(qctl)
    #expect(nodes.count == 1)
    #expect(nodes[0].name == "quorum-node1")
    #expect(nodes[0].enode == EnodeURL(nodeID: id1, host: "1.2.3.4", port: 4598, raftPort: 50401))
    #expect(nodes[0].tesseraEndpoint == HostPort(host: "1.2.3.4", port: 4599))
    #expect(nodes[0].address == "0x60eD1973D8bEB9118f664A688B2E79a344F66954")

    let bare = """
        - Node_UserIdent: quorum-node2
          Enode_Url: enode://\(id2)@node2.example:30303?discport=0
          Tm_Url:
          Node_Acct_Addr: 0xd8dba507e85f116b1f7e231ca8525fc9008a6966
        """
    let bareNodes = try parse(bare)
    #expect(bareNodes.map(\.name) == ["quorum-node2"])
    #expect(bareNodes[0].tesseraEndpoint == nil)
    // Lowercase is accepted and comes back EIP-55 cased (checked with eth_utils.to_checksum_address).
    #expect(bareNodes[0].address == "0xd8Dba507e85F116b1f7e231cA8525fC9008A6966")
}

@Test func fieldErrorsNameFileLineAndField() {
    let second = "external_nodes:\n" + record().replacingOccurrences(of: "quorum-node1", with: "a") + "# note\n"
    func bad(_ key: String, _ line: String) -> String { failure(second + record(replacing: key, with: line)) }
    #expect(
        bad("Enode_Url", "Enode_Url: \"enode://abc@1.2.3.4:30303\"")
            == "org-b.yaml:8: external_nodes[1].Enode_Url: node id in 'enode://abc@1.2.3.4:30303' must be 128 hex characters (a 64-byte public key), got 3"
    )
    #expect(
        bad("Tm_Url", "Tm_Url: \"ftp://1.2.3.4:9001\"")
            == "org-b.yaml:9: external_nodes[1].Tm_Url: host in 'ftp://1.2.3.4:9001' must be a DNS name or IPv4 address (no scheme, path or credentials)"
    )
    // https:// is Tessera over TLS, which a record says with the certificate's fingerprint.
    #expect(
        bad("Tm_Url", "Tm_Url: \"https://1.2.3.4:9001\"")
            == "org-b.yaml:9: external_nodes[1].Tm_Url: is an https:// URL, but the record has no Tm_Tls_Fingerprint, the certificate its Tessera serves"
    )
    #expect(
        bad("Tm_Url", "Tm_Url: \"https://1.2.3.4:9001/x\"")
            == "org-b.yaml:9: external_nodes[1].Tm_Url: port in '1.2.3.4:9001/x' must be a number from 1 to 65535"
    )
    #expect(
        bad("Tm_Url", "Tm_Url: \"user@host:9001\"")
            == "org-b.yaml:9: external_nodes[1].Tm_Url: host in 'user@host:9001' must be a DNS name or IPv4 address (no scheme, path or credentials)"
    )
    #expect(
        bad("Node_Acct_Addr", "Node_Acct_Addr: 0x1234")
            == "org-b.yaml:10: external_nodes[1].Node_Acct_Addr: '0x1234' is not an address: expected 0x followed by 40 hex digits"
    )
    #expect(
        bad("Node_Acct_Addr", "Node_Acct_Addr: 0x60eD1973D8bEB9118f664A688B2E79a344F66955")
            == "org-b.yaml:10: external_nodes[1].Node_Acct_Addr: 0x60eD1973D8bEB9118f664A688B2E79a344F66955 has a wrong EIP-55 checksum (expected 0x60ED1973D8bEb9118f664A688b2e79a344f66955)"
    )
    #expect(
        bad("Node_UserIdent", "Node_UserIdent: \"Quorum_Node\"")
            == "org-b.yaml:7: external_nodes[1].Node_UserIdent: 'Quorum_Node' is not a valid name: use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit"
    )
    #expect(
        bad("Node_UserIdent", "Node_UserIdent: \"a\"")
            == "org-b.yaml:7: external_nodes[1].Node_UserIdent: is the name of the node at line 2 too"
    )
    #expect(
        bad("Enode_Url", "Enode_Ur: \"x\"")
            == "org-b.yaml:8: external_nodes[1]: unknown key; expected Node_UserIdent, Enode_Url, Tm_Url, Tm_Tls_Fingerprint, Node_Acct_Addr, Istanbul_Block_Period, Validator_Candidate, Raft_Id, Raft_Learner (did you mean 'Enode_Url'?)"
    )
    #expect(bad("Enode_Url", "# no enode") == "org-b.yaml:7: external_nodes[1].Enode_Url: is required")
    #expect(
        bad("Tm_Url", "Tm_Url: {host: 1.2.3.4}")
            == "org-b.yaml:9: external_nodes[1].Tm_Url: must be a string, not a mapping")
    #expect(
        bad("Tm_Url", "Tm_Url:\n    - [[[1.2.3.4]]]")
            == "org-b.yaml:10: external_nodes[1].Tm_Url: must be a string, not a list")
}

@Test func shapeErrorsNameTheLine() {
    #expect(failure("") == "org-b.yaml:1: the file is empty; expected an 'external_nodes:' list")
    #expect(failure("nodes:\n- x\n") == "org-b.yaml:1: unknown top-level key; expected 'external_nodes'")
    #expect(
        failure("external_node:\n- x\n")
            == "org-b.yaml:1: unknown top-level key; expected 'external_nodes' (did you mean 'external_nodes'?)")
    #expect(failure("external_nodes: 3\n") == "org-b.yaml:1: external_nodes: must be a list of nodes, not a text value of 1 character")
    #expect(failure("external_nodes:\n- just-a-name\n") == "org-b.yaml:2: external_nodes[0]: must be a mapping with Node_UserIdent, Enode_Url, Tm_Url, Tm_Tls_Fingerprint, Node_Acct_Addr, Istanbul_Block_Period, Validator_Candidate, Raft_Id, Raft_Learner, not a text value of 11 characters")
    #expect(failure("external_nodes: [\n") .hasPrefix("org-b.yaml:2: not valid YAML: "))
    #expect(
        failure(record() + record().replacingOccurrences(of: "Tm_Url: \"1.2.3.4:9001\"", with: "Tm_Url: \"1.2.3.4:9001\"\n  Tm_Url: \"x:1\""))
            == "org-b.yaml:7: a mapping has the same key twice")
}

@Test func hostileInputIsRefusedBeforeParsing() {
    #expect(
        failure("external_nodes:\n- &n\n  Node_UserIdent: a\n- *n\n")
            == "org-b.yaml:2: YAML anchors and aliases ('&' and '*' before a value) are not allowed in an exchange file")
    #expect(
        failure("a: &a [x, x]\nb: &b [*a, *a]\n")
            == "org-b.yaml:1: YAML anchors and aliases ('&' and '*' before a value) are not allowed in an exchange file")
    #expect(failure("external_nodes: *undefined\n").hasPrefix("org-b.yaml:1: YAML anchors and aliases"))
    #expect(
        failure("external_nodes:\n- !!python/object:os.system\n  Node_UserIdent: a\n")
            == "org-b.yaml:2: YAML tags ('tag:yaml.org,2002:python/object:os.system') are not allowed in an exchange file")
    #expect(
        failure("external_nodes: []\n---\nexternal_nodes: []\n")
            == "org-b.yaml:3: the file holds more than one YAML document; expected exactly one")
    #expect(failure(Data("external_nodes:\n# caf\u{E9}\n".utf8.dropLast(3) + [0xC3, 0x28, 0x0A])) == "org-b.yaml:2: the file is not valid UTF-8 text")
    #expect(failure(Data(repeating: 0x20, count: UntrustedYAML.maximumSize + 1)) == "org-b.yaml: the file is larger than 1024 KiB; refusing to parse it")
    let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
    #expect(failure("external_nodes: " + deep + "\n").hasPrefix("org-b.yaml:1: not valid YAML: "))
    #expect(failure("external_nodes:\n- Node_UserIdent: [[[[[[a]]]]]]\n") == "org-b.yaml:2: external_nodes[0].Node_UserIdent: must be a string, not a list")
}

@Test func oversizedFileIsRefusedWithoutReadingItAll() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("qube-big-\(UUID().uuidString).yaml")
    try Data(repeating: 0x0A, count: 3 << 20).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(throws: InputFileError(path: "big.yaml", "the file is larger than 1024 KiB; refusing to parse it")) {
        try ExternalNodesFile.read(from: url, displayPath: "big.yaml")
    }
    #expect(throws: InputFileError.self) {
        try ExternalNodesFile.read(from: url.appendingPathExtension("missing"), displayPath: "missing.yaml")
    }
}

/// An IBFT chain's block period travels in qube's extra key; a value that is not a period is refused.
@Test func blockPeriodRoundTripsAndIsChecked() throws {
    let withPeriod = "external_nodes:\n" + record() + "  Istanbul_Block_Period: \"5\"\n"
    let nodes = try parse(withPeriod)
    #expect(nodes.map(\.blockPeriod) == [5])
    #expect(String(decoding: ExternalNodesFile.render(nodes), as: UTF8.self) == withPeriod)
    #expect(try parse("external_nodes:\n" + record()).map(\.blockPeriod) == [nil])
    for bad in ["0", "3601", "-1", "1.5", "05000", "one"] {
        #expect(
            failure("external_nodes:\n" + record() + "  Istanbul_Block_Period: \"\(bad)\"\n")
                == "org-b.yaml:6: external_nodes[0].Istanbul_Block_Period: '\(bad)' is not a block period: expected a whole number of seconds from 1 to 3600")
    }
}

/// A node awaiting votes says so in qube's other extra key: only "true" and "false" are read,
/// and a candidate names the address votes are for.
@Test func validatorCandidateRoundTripsAndIsChecked() throws {
    let candidate = "external_nodes:\n" + record() + "  Validator_Candidate: \"true\"\n"
    let nodes = try parse(candidate)
    #expect(nodes.map(\.isValidatorCandidate) == [true])
    #expect(String(decoding: ExternalNodesFile.render(nodes), as: UTF8.self) == candidate)
    #expect(try parse("external_nodes:\n" + record() + "  Validator_Candidate: \"false\"\n").map(\.isValidatorCandidate) == [false])
    #expect(try parse("external_nodes:\n" + record()).map(\.isValidatorCandidate) == [false])
    #expect(
        failure("external_nodes:\n" + record() + "  Validator_Candidate: yes\n")
            == "org-b.yaml:6: external_nodes[0].Validator_Candidate: 'yes' is not \"true\" or \"false\"")
    #expect(
        failure("external_nodes:\n" + record(replacing: "Node_Acct_Addr", with: "Validator_Candidate: \"true\""))
            == "org-b.yaml:5: external_nodes[0].Validator_Candidate: a validator candidate needs Node_Acct_Addr, the address votes name")
}

/// The addresses export records are read back strictly: a value that is not host:port names the node.
@Test func recordedTesseraAddressesAreReadStrictly() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qube-recorded-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("org-a.json")
    func read() -> String {
        do {
            return "\(try RecordedTesseraAddresses.read(from: file, displayPath: "addresses/org-a.json"))"
        } catch {
            return error.description
        }
    }
    #expect(read() == "[:]")
    try Data(#"{"a1": "192.0.2.10:30047"}"#.utf8).write(to: file)
    #expect(try RecordedTesseraAddresses.read(from: file, displayPath: "addresses/org-a.json") == ["a1": HostPort(host: "192.0.2.10", port: 30047)])
    try Data(#"{"a1": "http://192.0.2.10:30047"}"#.utf8).write(to: file)
    #expect(read() == "addresses/org-a.json: a1: host in 'http://192.0.2.10:30047' must be a DNS name or IPv4 address (no scheme, path or credentials)")
    try Data(#"{"a1": 30047}"#.utf8).write(to: file)
    #expect(read() == "addresses/org-a.json: a1: must be a \"host:port\" string")
    try Data(#"["a1"]"#.utf8).write(to: file)
    #expect(read() == "addresses/org-a.json: must be a JSON object of node names to host:port")
    try Data(repeating: 0x20, count: RecordedTesseraAddresses.maximumSize + 1).write(to: file)
    #expect(read() == "addresses/org-a.json: is \(RecordedTesseraAddresses.maximumSize + 1) bytes; more than 1 MiB is refused")
    try Data(#"{"b": "192.0.2.10:1", "a": 3}"#.utf8).write(to: file)
    #expect(read() == "addresses/org-a.json: a: must be a \"host:port\" string", "the first bad node in name order, every run")
}

/// A link (to a device that never ends, or to a key), a FIFO or a directory in place of the
/// recorded addresses is refused before a byte is read.
@Test func recordedTesseraAddressesAreNeverReadThroughALinkOrFromASpecialFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qube-recorded-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("org-a.json")
    let refusal = "addresses/org-a.json: is not a regular file"
    try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: "/dev/zero")
    #expect(throws: InputFileError(path: "addresses/org-a.json", "is not a regular file"), "\(refusal) (a link)") {
        try RecordedTesseraAddresses.read(from: file, displayPath: "addresses/org-a.json")
    }
    try FileManager.default.removeItem(at: file)
    #expect(mkfifo(file.path, 0o600) == 0)
    #expect(throws: InputFileError(path: "addresses/org-a.json", "is not a regular file"), "\(refusal) (a FIFO, without blocking)") {
        try RecordedTesseraAddresses.read(from: file, displayPath: "addresses/org-a.json")
    }
}
