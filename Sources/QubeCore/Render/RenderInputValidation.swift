import Foundation

extension RenderInput {
    /// The most bytes of data a ConfigMap may hold; the API server refuses larger ones.
    static let configMapLimit = 1_048_576

    /// Throws a ``ValidationError`` for the first input Kubernetes would refuse or that is
    /// missing, before anything is built or written.
    func validate() throws(ValidationError) {
        let spec = network.spec
        try KubernetesNames.checkPinnedImage(images.quorum, field: "quorum")
        if spec.hasTessera {
            guard let tessera = images.tessera else { throw ValidationError(field: "tessera", "the network runs Tessera but no Tessera image was given") }
            try KubernetesNames.checkPinnedImage(tessera, field: "tessera")
        }
        for node in network.nodes {
            try validate(node)
        }
        for (name, data) in [(ChainFileNames.genesis, chain.genesis), (ChainFileNames.staticNodes, chain.staticNodes), (ChainFileNames.permissionedNodes, chain.permissionedNodes)] {
            guard String(data: data, encoding: .utf8) != nil else { throw ValidationError("\(name) is not UTF-8 text") }
        }
        guard chain.genesis.count <= Self.configMapLimit else {
            throw ValidationError("genesis.json is \(chain.genesis.count) bytes; a ConfigMap holds at most \(Self.configMapLimit)")
        }
        guard chain.staticNodes.count + chain.permissionedNodes.count <= Self.configMapLimit else {
            throw ValidationError("static-nodes.json and permissioned-nodes.json together exceed the \(Self.configMapLimit)-byte ConfigMap limit")
        }
        for node in network.nodes where spec.hasTessera {
            guard let config = chain.tesseraConfigs[node.name] else { throw ValidationError("node '\(node.name)' has no Tessera config") }
            guard config.count <= Self.configMapLimit else {
                throw ValidationError("node '\(node.name)': its Tessera config is \(config.count) bytes; a ConfigMap holds at most \(Self.configMapLimit)")
            }
        }
    }

    private func validate(_ node: NodeSpec) throws(ValidationError) {
        let shown = "node '\(node.name)'"
        guard keys[node.name] != nil, let files = secretFiles[node.name], !files.isEmpty else {
            throw ValidationError("\(shown) has no keys: run genKeys before render")
        }
        for name in files.keys.sorted() {
            guard (1...253).contains(name.utf8.count), name != ".", name != "..",
                name.utf8.allSatisfy({ $0 == 0x2D || $0 == 0x2E || $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
            else { throw ValidationError("\(shown): key file name \(Names.quoted(name)) cannot be a Secret key") }
        }
        guard let commands = commands[node.name] else { throw ValidationError("\(shown) has no container commands") }
        if network.spec.hasTessera {
            guard commands.tessera != nil else { throw ValidationError("\(shown) has no Tessera command") }
            guard let config = chain.tesseraConfigs[node.name] else { throw ValidationError("\(shown) has no Tessera config") }
            guard String(data: config, encoding: .utf8) != nil else { throw ValidationError("the Tessera config of \(shown) is not UTF-8 text") }
        }
    }
}
