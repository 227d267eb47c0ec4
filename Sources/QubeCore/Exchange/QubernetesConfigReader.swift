import Foundation
import Yams

/// Walks a qctl configuration's YAML tree: every mapping's keys are checked against what qube
/// honours and what it knowingly ignores, every value against its type.
struct QubernetesConfigReader {
    let displayPath: String
    private var warnings: [QubernetesConfig.Warning] = []
    private var origins: [String: String] = [:]

    init(displayPath: String) {
        self.displayPath = displayPath
    }

    /// The keys of one mapping: those qube honours, and those it reads but ignores, each with
    /// what qube does instead.
    private struct Keys {
        var honoured: [String]
        var ignored: [String: String] = [:]
    }

    private static let pods = "qube renders its own pod settings"
    private static let image = "qube runs the quorumengineering image of the version given"
    private static let rendered = "qube renders this file itself, under out/<network>/"

    private static let topLevel = Keys(
        honoured: ["genesis", "nodes", "external_nodes", "k8s", "config"],
        ignored: [
            "cakeshop": "qube does not deploy Cakeshop",
            "prometheus": "qube does not deploy Prometheus; pass geth's --metrics flags in Geth_Startup_Params",
        ])
    private static let genesis = Keys(honoured: ["consensus", "Quorum_Version", "Tm_Version", "Chain_Id"])
    private static let config = Keys(
        honoured: ["Key_Dir_Base"],
        ignored: [
            "Permissioned_Nodes_File": rendered, "Tessera_Config_Dir": rendered,
            "Genesis_File": "qube keeps the genesis in keys/<network>/; to join an existing chain, pass genesis = readGenesis(path)",
        ])
    private static let k8s = Keys(
        honoured: ["namespace", "service", "storage"],
        ignored: ["sep_deployment_files": "qube writes one manifest file per node", "securityContext": pods])
    private static let service = Keys(
        honoured: ["type"],
        ignored: [
            "Ingress": "qube exposes no RPC outside the cluster; add an Ingress of your own for RPC",
            "NetworkPolicy": "qube renders no NetworkPolicy",
            "storage": "Qubernetes reads storage from k8s.storage, not here, and so does qube",
        ])
    private static let storage = Keys(honoured: ["Type", "Capacity", "PVC"])
    private static let claim = Keys(
        honoured: ["Capacity", "storageClassName"],
        ignored: [
            "annotations": "qube sets no volume annotations; use storageClassName",
            "storageClass": "qube creates no StorageClass; name an existing one in storageClassName",
            "Strategy": "qube gives every node one volume claim (Qubernetes' templates do not read this key either)",
        ])
    private static let node = Keys(honoured: ["Node_UserIdent", "Key_Dir", "quorum", "geth"])
    private static let nodeQuorum = Keys(
        honoured: ["quorum", "tm"],
        ignored: ["geth": "Qubernetes reads a node's geth settings from its own 'geth:' key, beside 'quorum:', not here, and so does qube"])
    private static let quorumContainer = Keys(
        honoured: ["consensus", "Quorum_Version"], ignored: ["Docker_Repo": image, "Docker_Repo_Full": image])
    private static let tm = Keys(honoured: ["Name", "Tm_Version"], ignored: ["Docker_Repo": image, "Docker_Repo_Full": image])
    private static let geth = Keys(honoured: ["network", "verbosity", "Geth_Startup_Params"])
    private static let gethNetwork = Keys(honoured: ["id"], ignored: ["public": "qube networks are permissioned and never public"])

    /// The whole configuration.
    mutating func config(from root: Node) throws(InputFileError) -> QubernetesConfig {
        let top = try entries(of: root, field: nil, keys: Self.topLevel, shape: "a qctl configuration with 'genesis:' and 'nodes:'")
        let genesis = try top["genesis"].map { node throws(InputFileError) in try entries(of: node, field: "genesis", keys: Self.genesis) } ?? [:]

        var consensus = try genesis["consensus"].map { node throws(InputFileError) in try choice(node, "genesis.consensus", as: Consensus.self, hints: Consensus.hints) }
        var quorumVersion = try genesis["Quorum_Version"].map { node throws(InputFileError) in try version(node, "genesis.Quorum_Version") }
        let defaultTessera = try genesis["Tm_Version"].map { node throws(InputFileError) in try version(node, "genesis.Tm_Version") }
        var tesseraVersion: SemanticVersion?
        let chainID = try genesis["Chain_Id"].map { node throws(InputFileError) in
            let chainID = try integer(node, "genesis.Chain_Id")
            guard chainID > 0 else { throw problem(node, "genesis.Chain_Id", "must be a positive whole number, got 0") }
            return chainID
        } ?? QubernetesConfig.defaultChainID
        if let node = genesis["consensus"] { origins["consensus"] = origin(node, "genesis.consensus") }
        if let node = genesis["Quorum_Version"] { origins["quorum"] = origin(node, "genesis.Quorum_Version") }
        if let node = genesis["Tm_Version"] { origins["tessera"] = origin(node, "genesis.Tm_Version") }
        if let node = genesis["Chain_Id"] { origins["chainId"] = origin(node, "genesis.Chain_Id") }

        var namespace: String?
        var exposure: Exposure.Kind?
        var storageSize: String?
        var storageClassName: String?
        if let k8s = try top["k8s"].map({ node throws(InputFileError) in try entries(of: node, field: "k8s", keys: Self.k8s) }) {
            namespace = try k8s["namespace"].map { node throws(InputFileError) in
                let namespace = try string(node, "k8s.namespace")
                do throws(ValidationError) { try Names.checkDNSLabel(namespace, field: "namespace") } catch { throw problem(node, "k8s.namespace", error.message) }
                return namespace
            }
            if let service = try k8s["service"].map({ node throws(InputFileError) in try entries(of: node, field: "k8s.service", keys: Self.service) }) {
                exposure = try service["type"].map { node throws(InputFileError) in try choice(node, "k8s.service.type", as: Exposure.Kind.self) }
            }
            if let storage = try k8s["storage"].map({ node throws(InputFileError) in try entries(of: node, field: "k8s.storage", keys: Self.storage) }) {
                if let type = storage["Type"], try string(type, "k8s.storage.Type") != "PVC" {
                    throw problem(type, "k8s.storage.Type", "qube keeps node data in PersistentVolumeClaims only; expected 'PVC'")
                }
                storageSize = try storage["Capacity"].map { node throws(InputFileError) in try interpolated(node, "k8s.storage.Capacity") }
                if let claim = try storage["PVC"].map({ node throws(InputFileError) in try entries(of: node, field: "k8s.storage.PVC", keys: Self.claim) }) {
                    storageSize = try claim["Capacity"].map { node throws(InputFileError) in try interpolated(node, "k8s.storage.PVC.Capacity") } ?? storageSize
                    storageClassName = try claim["storageClassName"].map { node throws(InputFileError) in try string(node, "k8s.storage.PVC.storageClassName") }
                }
            }
        }
        let keyDirectoryBase = try top["config"].map { node throws(InputFileError) in try entries(of: node, field: "config", keys: Self.config) }?["Key_Dir_Base"]
            .map { node throws(InputFileError) in try string(node, "config.Key_Dir_Base") }

        var nodes: [NodeSpec] = []
        var tesseraNodes = 0
        var lineOfName: [String: Int] = [:]
        for (index, item) in try list(top["nodes"], "nodes").enumerated() {
            let field = "nodes[\(index)]"
            let parsed = try node(item, field: field, chainID: chainID)
            if let first = lineOfName[parsed.spec.name] {
                throw problem(item, "\(field).Node_UserIdent", "is the name of the node at line \(first) too")
            }
            lineOfName[parsed.spec.name] = item.mark?.line ?? 0
            consensus = try agreeing(consensus, parsed.consensus, "consensus", "quorum.quorum.consensus", field)
            quorumVersion = try agreeing(quorumVersion, parsed.quorumVersion, "quorum", "quorum.quorum.Quorum_Version", field)
            if let tm = parsed.tessera {
                tesseraNodes += 1
                tesseraVersion = try agreeing(tesseraVersion ?? defaultTessera, tm.version, "tessera", "quorum.tm.Tm_Version", field)
                guard tesseraVersion != nil else {
                    throw problem(tm.node, "\(field).quorum.tm.Tm_Version", "is required (here or in genesis.Tm_Version) when a node runs a transaction manager")
                }
            }
            var spec = parsed.spec
            spec.storageSize = storageSize ?? spec.storageSize
            spec.storageClassName = storageClassName
            nodes.append(spec)
        }
        if tesseraNodes != 0, tesseraNodes != nodes.count {
            throw InputFileError(
                path: displayPath, line: top["nodes"]?.mark?.line, field: "nodes",
                "\(tesseraNodes) of \(nodes.count) nodes run a transaction manager; qube runs Tessera beside every node or beside none")
        }

        guard let consensus else {
            throw InputFileError(path: displayPath, line: root.mark?.line, field: "genesis.consensus", "is required (raft, istanbul, qbft or clique)")
        }
        guard let quorumVersion else {
            throw InputFileError(path: displayPath, line: root.mark?.line, field: "genesis.Quorum_Version", "is required (the GoQuorum release, like 2.7.0)")
        }
        let externalNodes = try top["external_nodes"].map { node throws(InputFileError) in
            try ExternalNodesFile.nodes(from: try list(node, "external_nodes"), displayPath: displayPath)
        } ?? []
        guard !nodes.isEmpty else {
            // Qubernetes' scripts fail on a file without nodes (`@nodes.each` of nil) and render
            // a chain no node can seal from an empty list.
            throw InputFileError(
                path: displayPath, line: (top["nodes"] ?? root).mark?.line, field: "nodes",
                "lists no node; a qctl configuration declares the nodes of its network (Node_UserIdent, Key_Dir, quorum)")
        }
        return QubernetesConfig(
            consensus: consensus, chainID: chainID, quorumVersion: quorumVersion, tesseraVersion: tesseraVersion, namespace: namespace,
            exposure: exposure, keyDirectoryBase: keyDirectoryBase, nodes: nodes, externalNodes: externalNodes,
            warnings: warnings.sorted { ($0.line ?? 0) < ($1.line ?? 0) },
            origins: origins)
    }

    /// One entry of `nodes`.
    private mutating func node(_ item: Node, field: String, chainID: Int) throws(InputFileError) -> (
        spec: NodeSpec, consensus: (Consensus, Node)?, quorumVersion: (SemanticVersion, Node)?, tessera: (version: (SemanticVersion, Node)?, node: Node)?
    ) {
        let fields = try entries(of: item, field: field, keys: Self.node)
        guard let nameNode = fields["Node_UserIdent"] else { throw problem(item, "\(field).Node_UserIdent", "is required") }
        let name = try string(nameNode, "\(field).Node_UserIdent")
        do { try Names.checkDNSLabel(name, field: "Node_UserIdent") } catch { throw problem(nameNode, "\(field).Node_UserIdent", error.message) }
        var spec = NodeSpec(name: name)
        if let keyDir = fields["Key_Dir"] {
            let directory = try string(keyDir, "\(field).Key_Dir")
            guard !directory.isEmpty, !directory.contains("/"), directory != ".", directory != ".." else {
                throw problem(keyDir, "\(field).Key_Dir", "is not a directory name (no '/', not '.' or '..')")
            }
            spec.keyDirectory = directory
        }
        var consensus: (Consensus, Node)?
        var quorumVersion: (SemanticVersion, Node)?
        var tessera: (version: (SemanticVersion, Node)?, node: Node)?
        if let quorum = fields["quorum"] {
            let sections = try entries(of: quorum, field: "\(field).quorum", keys: Self.nodeQuorum)
            if let container = sections["quorum"] {
                let values = try entries(of: container, field: "\(field).quorum.quorum", keys: Self.quorumContainer)
                consensus = try values["consensus"].map { node throws(InputFileError) in
                    (try choice(node, "\(field).quorum.quorum.consensus", as: Consensus.self, hints: Consensus.hints), node)
                }
                quorumVersion = try values["Quorum_Version"].map { node throws(InputFileError) in
                    (try version(node, "\(field).quorum.quorum.Quorum_Version"), node)
                }
            }
            if let tm = sections["tm"] {
                let values = try entries(of: tm, field: "\(field).quorum.tm", keys: Self.tm)
                if let nameNode = values["Name"] {
                    switch try string(nameNode, "\(field).quorum.tm.Name") {
                    case "tessera": break
                    case "constellation":
                        warn(nameNode, "\(field).quorum.tm.Name", "Constellation is not supported; the node runs Tessera, which reads Constellation's key files")
                    default:
                        throw problem(nameNode, "\(field).quorum.tm.Name", "is not a transaction manager qube runs; expected 'tessera'")
                    }
                }
                tessera = (
                    try values["Tm_Version"].map { node throws(InputFileError) in (try version(node, "\(field).quorum.tm.Tm_Version"), node) }, tm
                )
            }
        }
        var parameters: [String] = []
        if let geth = fields["geth"] {
            let gethField = "\(field).geth"
            let values = try entries(of: geth, field: gethField, keys: Self.geth)
            if let network = values["network"] {
                let id = try entries(of: network, field: "\(gethField).network", keys: Self.gethNetwork)["id"]
                if let id, try integer(id, "\(gethField).network.id") != chainID {
                    warn(id, "\(gethField).network.id", "qube runs every node with --networkid equal to the chain id (\(chainID))")
                }
            }
            if let verbosity = values["verbosity"] { parameters.append("--verbosity \(try integer(verbosity, "\(gethField).verbosity"))") }
            if let startup = values["Geth_Startup_Params"] {
                parameters.append(try podCommandText(startup, "\(gethField).Geth_Startup_Params"))
            }
        }
        spec.gethParams = parameters.joined(separator: " ")
        spec.source = SourceLocation(file: displayPath, line: item.mark?.line ?? 0)
        return (spec, consensus, quorumVersion, tessera)
    }

    /// `current`, unless a node names another value; the network has one.
    private mutating func agreeing<Value: Equatable>(
        _ current: Value?, _ found: (Value, Node)?, _ option: String, _ key: String, _ field: String
    ) throws(InputFileError) -> Value? {
        guard let (value, node) = found else { return current }
        if let current, current != value {
            throw problem(node, "\(field).\(key)", "\(String(describing: value)) differs from \(String(describing: current)) elsewhere in the file; a qube network has one \(option)")
        }
        if origins[option] == nil { origins[option] = origin(node, "\(field).\(key)") }
        return value
    }

    /// The honoured entries of a mapping; ignored keys become warnings, unknown keys errors.
    private mutating func entries(of node: Node, field: String?, keys: Keys, shape: String = "a mapping") throws(InputFileError) -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw InputFileError(path: displayPath, line: node.mark?.line, field: field, "must be \(shape), not \(UntrustedYAML.describe(node))")
        }
        var honoured: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw InputFileError(path: displayPath, line: key.mark?.line, field: field, "keys must be names, not \(UntrustedYAML.describe(key))")
            }
            let name = scalar.string
            let path = field.map { "\($0).\(name)" } ?? name
            if keys.honoured.contains(name) {
                if case .scalar(let scalar) = value, PsychScalar(scalar) == .null { continue }
                honoured[name] = value
            } else if let instead = keys.ignored[name] {
                warn(key, path, "ignored: \(instead)")
            } else {
                let known = keys.honoured + keys.ignored.keys.sorted()
                // The field is the mapping's, not the key's: an unknown key is the file's text.
                throw InputFileError(
                    path: displayPath, line: key.mark?.line, field: field,
                    "unknown key" + Suggestion.hint(for: name, in: known) + "; known here: \(known.joined(separator: ", "))")
            }
        }
        return honoured
    }

    private func list(_ node: Node?, _ field: String) throws(InputFileError) -> [Node] {
        guard let node else { return [] }
        guard case .sequence(let sequence) = node else {
            let hint = field == "nodes" && node.mapping?["number"] != nil
                ? " (this is a pre-qctl qubernetes.yaml with a separate nodes.yaml; qube reads the qctl form, a list of nodes)" : ""
            throw problem(node, field, "must be a list, not \(UntrustedYAML.describe(node))\(hint)")
        }
        return Array(sequence)
    }

    /// The scalar of `node`, refusing a list or mapping and control characters (a tab aside).
    private func scalar(_ node: Node, _ field: String) throws(InputFileError) -> Node.Scalar {
        guard case .scalar(let scalar) = node else { throw problem(node, field, "must be a text value, not \(UntrustedYAML.describe(node))") }
        guard !scalar.string.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) else {
            throw problem(node, field, "must not contain control characters")
        }
        return scalar
    }

    /// A value Qubernetes' Ruby uses as a String (compares it, appends it to a path or calls
    /// String methods on it): YAML 1.1 must read it as text, or Ruby would fail or differ.
    private func string(_ node: Node, _ field: String) throws(InputFileError) -> String {
        let scalar = try scalar(node, field)
        switch PsychScalar(scalar) {
        case .text(let text): return text
        case let other: throw notText(node, field, scalar, other)
        }
    }

    /// The error for a value YAML 1.1 reads as `value` where the key needs text.
    private func notText(_ node: Node, _ field: String, _ scalar: Node.Scalar, _ value: PsychScalar, advice: String = "quote it to mean the text")
        -> InputFileError
    {
        problem(node, field, "is \(value.description) to YAML 1.1, as Qubernetes reads it; \(advice)")
    }

    /// A value Qubernetes' Ruby only interpolates into a template: its `to_s`, for text, a whole
    /// number or a boolean.
    private func interpolated(_ node: Node, _ field: String) throws(InputFileError) -> String {
        let scalar = try scalar(node, field)
        switch PsychScalar(scalar) {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .boolean(let value): return String(value)
        case let other: throw notText(node, field, scalar, other)
        }
    }

    /// A whole number Qubernetes interpolates into the genesis JSON or geth's command line: a
    /// number to YAML 1.1 (`1000`, `0x3e8`, `1_000`, as Psych reads them), or a quoted text that
    /// is the decimal number itself (`"1000"`, as qctl writes `Chain_Id`).
    private func integer(_ node: Node, _ field: String) throws(InputFileError) -> Int {
        let scalar = try scalar(node, field)
        switch PsychScalar(scalar) {
        case .integer(let value) where value >= 0:
            return value
        case .text(let text) where text == "0" || (text.first != "0" && !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }):
            guard let value = Int(text) else { break }
            return value
        case .hugeInteger:
            break
        default:
            throw problem(node, field, "is not a whole number")
        }
        throw problem(node, field, "is larger than \(Int.max)")
    }

    /// A release version, which Qubernetes' templates compare as text (`>= "2.6.0"`): a plain
    /// `21.4` is a Float to YAML 1.1, and Ruby fails comparing it.
    private func version(_ node: Node, _ field: String) throws(InputFileError) -> SemanticVersion {
        let scalar = try scalar(node, field)
        let value = PsychScalar(scalar)
        guard case .text(let text) = value else {
            throw notText(node, field, scalar, value, advice: "a release version is text: quote it or write the release in full, like \"2.7.0\"")
        }
        guard let version = SemanticVersion(text) else { throw problem(node, field, "is not a release version like \"2.7.0\"") }
        return version
    }

    /// `Geth_Startup_Params` as geth's shell gets it. Qubernetes writes the text inside the
    /// double-quoted YAML string of the quorum container's `sh -c` argument
    /// (`templates/k8s/quorum-deployment.yaml.erb`), so that string's escapes apply: qctl writes
    /// `--rpccorsdomain="*"` as `--rpccorsdomain=\"*\"` (`qctl/configcmd.go`), which the pod's
    /// shell receives as `--rpccorsdomain="*"` and geth as `--rpccorsdomain=*`. A bare `"` would end that string, and an escape
    /// YAML does not know would break the manifest, so both are refused.
    private func podCommandText(_ node: Node, _ field: String) throws(InputFileError) -> String {
        var scalars = try interpolated(node, field).unicodeScalars.makeIterator()
        var text = String.UnicodeScalarView()
        while let character = scalars.next() {
            switch character {
            case "\"":
                throw problem(
                    node, field,
                    #"has a '"' that is not escaped: Qubernetes puts this text inside a double-quoted string of the pod's command, which it would end; write \" (as qctl does)"#)
            case "\\":
                guard let escaped = scalars.next(), let decoded = Self.doubleQuotedEscape(escaped, &scalars) else {
                    throw problem(
                        node, field,
                        #"has a '\' that starts no YAML escape: Qubernetes puts this text inside a double-quoted string of the pod's command; write \\ for a backslash"#)
                }
                text.append(decoded)
            default:
                text.append(character)
            }
        }
        guard !text.contains(where: { ($0.value < 0x20 && $0 != "\t") || (0x7F...0x9F).contains($0.value) }) else {
            throw problem(node, field, "must not contain control characters, escaped or not")
        }
        return String(text)
    }

    /// The character a YAML double-quoted escape `\<escaped>...` stands for (the escapes of
    /// libyaml's `yaml_parser_scan_flow_scalar`, as go-yaml reads a manifest); nil for none.
    private static func doubleQuotedEscape(_ escaped: Unicode.Scalar, _ rest: inout String.UnicodeScalarView.Iterator) -> Unicode.Scalar? {
        let single: [Unicode.Scalar: Unicode.Scalar] = [
            "0": "\0", "a": "\u{07}", "b": "\u{08}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{0B}", "f": "\u{0C}", "r": "\r",
            "e": "\u{1B}", " ": " ", "\"": "\"", "'": "'", "/": "/", "\\": "\\", "N": "\u{85}", "_": "\u{A0}", "L": "\u{2028}",
            "P": "\u{2029}",
        ]
        if let character = single[escaped] { return character }
        guard let length = ["x": 2, "u": 4, "U": 8][escaped] else { return nil }
        var digits = ""
        for _ in 0..<length {
            guard let digit = rest.next(), HostPort.isHexDigit(UInt8(truncatingIfNeeded: digit.value)), digit.isASCII else { return nil }
            digits.unicodeScalars.append(digit)
        }
        return UInt32(digits, radix: 16).flatMap(Unicode.Scalar.init)
    }

    /// The case `node` names; a name in `hints` gets its hint instead of a "did you mean".
    private func choice<Choice: RawRepresentable & CaseIterable>(
        _ node: Node, _ field: String, as _: Choice.Type, hints: [String: String] = [:]
    ) throws(InputFileError) -> Choice
    where Choice.RawValue == String {
        let text = try string(node, field)
        if let choice = Choice(rawValue: text) { return choice }
        let names = Choice.allCases.map(\.rawValue)
        let hint = hints[text.lowercased()].map { " (\($0))" } ?? Suggestion.hint(for: text, in: names)
        throw problem(node, field, "is not one of \(names.joined(separator: ", "))\(hint)")
    }

    private func problem(_ node: Node, _ field: String, _ message: String) -> InputFileError {
        InputFileError(path: displayPath, line: node.mark?.line, field: field, message)
    }

    private mutating func warn(_ node: Node, _ field: String, _ message: String) {
        warnings.append(QubernetesConfig.Warning(path: displayPath, line: node.mark?.line, field: field, message))
    }

    private func origin(_ node: Node, _ field: String) -> String {
        displayPath + (node.mark.map { ":\($0.line)" } ?? "") + ": \(field)"
    }
}
