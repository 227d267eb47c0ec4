import Foundation

extension RenderInput {
    /// The most bytes of data a ConfigMap may hold; the API server refuses larger ones.
    static let configMapLimit = 1_048_576

    /// Throws a ``ValidationError`` for the first input Kubernetes would refuse or that is
    /// missing, before anything is built or written.
    func validate() throws(ValidationError) {
        try KubernetesNames.checkPinnedImage(images.quorum, field: "quorum")
        if spec.hasTessera {
            guard let tessera = images.tessera else { throw ValidationError(field: "tessera", "the network runs Tessera but no Tessera image was given") }
            try KubernetesNames.checkPinnedImage(tessera, field: "tessera")
        }
        for node in nodes {
            try validate(node)
        }
        for (name, data) in [(ChainFileNames.genesis, genesis), (ChainFileNames.staticNodes, staticNodes), (ChainFileNames.permissionedNodes, permissionedNodes)] {
            guard String(data: data, encoding: .utf8) != nil else { throw ValidationError("\(name) is not UTF-8 text") }
        }
        guard genesis.count <= Self.configMapLimit else {
            throw ValidationError("genesis.json is \(genesis.count) bytes; a ConfigMap holds at most \(Self.configMapLimit)")
        }
        guard staticNodes.count + permissionedNodes.count <= Self.configMapLimit else {
            throw ValidationError("static-nodes.json and permissioned-nodes.json together exceed the \(Self.configMapLimit)-byte ConfigMap limit")
        }
        if let knownPeers = tesseraKnownPeersFile, knownPeers.count > Self.configMapLimit {
            throw ValidationError("the Tessera TLS known-peers file is \(knownPeers.count) bytes; a ConfigMap holds at most \(Self.configMapLimit)")
        }
    }

    /// The Tessera config `node` runs with: nil when the network runs without Tessera.
    /// ``validate()`` makes sure a network with Tessera has one for every node.
    func tesseraConfig(of node: RenderNode) -> Data? {
        spec.hasTessera ? node.tesseraConfig : nil
    }

    /// The known-hosts file the local Tesseras read from the network's one known-peers
    /// ConfigMap: nil when no local node runs Tessera or its P2P runs without TLS.
    var tesseraKnownPeersFile: Data? {
        spec.hasTessera && !nodes.isEmpty ? tesseraKnownPeers : nil
    }

    private func validate(_ node: RenderNode) throws(ValidationError) {
        let shown = "node '\(node.spec.name)'"
        guard !node.secretFiles.isEmpty else {
            throw ValidationError("\(shown) has no keys: run genKeys before render")
        }
        for name in node.secretFiles.keys.sorted() {
            guard (1...253).contains(name.utf8.count), name != ".", name != "..",
                name.utf8.allSatisfy({ $0 == 0x2D || $0 == 0x2E || $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
            else { throw ValidationError("\(shown): key file name \(Names.quoted(name)) cannot be a Secret key") }
        }
        if spec.hasTessera {
            guard node.commands.tessera != nil else { throw ValidationError("\(shown) has no Tessera command") }
            guard let config = node.tesseraConfig else { throw ValidationError("\(shown) has no Tessera config") }
            guard String(data: config, encoding: .utf8) != nil else { throw ValidationError("the Tessera config of \(shown) is not UTF-8 text") }
            guard config.count <= Self.configMapLimit else {
                throw ValidationError("\(shown): its Tessera config is \(config.count) bytes; a ConfigMap holds at most \(Self.configMapLimit)")
            }
        }
    }
}
