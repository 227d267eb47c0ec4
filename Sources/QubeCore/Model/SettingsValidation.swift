/// Checks of the settings that end up in manifests and container commands, run when a network
/// is declared or a node added, so a bad value fails at the script line that set it.
extension NodeSpec {
    /// Throws for a setting render would refuse: `gethParams` that do not split into words,
    /// an RPC API that is not a bare name, a bad storage size or class, or a bad exposure.
    func checkSettings() throws(ValidationError) {
        _ = try ShellWords.split(gethParams)
        try checkRPCAPIs()
        try KubernetesNames.checkStorageSize(storageSize, field: "storage")
        if let storageClassName { try KubernetesNames.checkSubdomain(storageClassName, field: "storageClass") }
        try expose?.checkSettings()
    }

    /// Throws unless every RPC API is a bare name: lowercase letters and digits.
    func checkRPCAPIs() throws(ValidationError) {
        for api in rpcAPIs where api.isEmpty || !api.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) }) {
            throw ValidationError(field: "rpcApis", "\(Names.quoted(api)) is not an RPC API name (lowercase letters and digits)")
        }
    }
}

extension Exposure {
    /// Throws for an annotation key Kubernetes refuses or a load balancer IP that is no address.
    func checkSettings() throws(ValidationError) {
        for key in annotations.keys.sorted() {
            try KubernetesNames.checkQualifiedName(key, field: "expose.annotations")
        }
        if let loadBalancerIP { try KubernetesNames.checkIPAddress(loadBalancerIP, field: "expose.loadBalancerIP") }
    }
}

extension NetworkSpec {
    /// Throws unless the kube context, when set, is 1–253 characters without control characters:
    /// it is passed to kubectl and shown in messages, never interpreted.
    func checkContext() throws(ValidationError) {
        guard let context else { return }
        guard (1...253).contains(context.utf8.count), !context.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ValidationError(field: "context", "\(Names.quoted(context)) is not a kube context name: use 1-253 characters, no control characters")
        }
    }
}
