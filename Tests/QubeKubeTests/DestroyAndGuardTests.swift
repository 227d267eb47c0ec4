import Foundation
import QubeCore
import QubeKube
import Testing

private let scope = ["--context=kind-a", "--namespace=org-a"]
private let selector = "app.kubernetes.io/part-of=org-a,app.kubernetes.io/managed-by=qube"

@Test func destroyDeletesWhatTheNetworkAppliedAndKeepsVolumes() throws {
    let cluster = try FakeCluster()
    cluster.add(APIObjects.inventory("org-a", objects: ["Namespace/org-a", "StatefulSet/quorum-node1", "PodDisruptionBudget/quorum-node1"]))
    cluster.add(APIObjects.object("StatefulSet", "quorum-node1", apiVersion: "apps/v1"))
    cluster.add(APIObjects.object("Service", "quorum-node1"))
    cluster.add(APIObjects.object("PersistentVolumeClaim", "data-quorum-node1-0"))
    try cluster.session(network()).destroy()
    #expect(
        cluster.calls == [
            ["config", "get-contexts", "-o", "name"],
            ["get"] + scope + ["configmap/org-a-qube-inventory", "--ignore-not-found", "-o", "json"],
            ["get"] + scope + ["poddisruptionbudget/quorum-node1", "statefulset/quorum-node1", "--ignore-not-found", "-o", "json"],
            ["delete"] + scope + ["statefulset/quorum-node1", "--ignore-not-found", "--wait=false"],
            ["delete"] + scope + [
                "configmap,networkpolicy,poddisruptionbudget,secret,service,statefulset", "-l", selector, "--ignore-not-found", "--wait=false",
            ],
        ])
    #expect(cluster.log.contains(#"configmap "org-a-qube-inventory" deleted"#))
    #expect(cluster.log.contains(#"service "quorum-node1" deleted"#))
    #expect(!cluster.log.contains { $0.contains("persistentvolumeclaim") })
    #expect(cluster.log.last == "kept the nodes' volumes (PersistentVolumeClaims); destroy with volumes = true to delete the chain data")
}

@Test func destroyWithVolumesDeletesThePVCsByLabel() throws {
    let cluster = try FakeCluster()
    cluster.add(APIObjects.object("PersistentVolumeClaim", "data-quorum-node1-0"))
    try cluster.session(network()).destroy(volumes: true)
    #expect(
        cluster.calls == [
            ["config", "get-contexts", "-o", "name"],
            ["get"] + scope + ["configmap/org-a-qube-inventory", "--ignore-not-found", "-o", "json"],
            ["delete"] + scope + ["configmap,networkpolicy,secret,service,statefulset", "-l", selector, "--ignore-not-found", "--wait=false"],
            ["delete"] + scope + ["persistentvolumeclaim", "-l", selector, "--ignore-not-found", "--wait=false"],
        ])
    #expect(cluster.log.last == #"persistentvolumeclaim "data-quorum-node1-0" deleted"#)
}

@Test func dryRunDestroyAsksTheServerAndDeletesNothing() throws {
    let cluster = try FakeCluster()
    cluster.add(APIObjects.inventory("org-a", objects: ["StatefulSet/quorum-node1"]))
    cluster.add(APIObjects.object("StatefulSet", "quorum-node1", apiVersion: "apps/v1"))
    cluster.add(APIObjects.object("Service", "quorum-node1"))
    try cluster.session(network()).destroy(dryRun: true)
    #expect(
        cluster.calls == [
            ["config", "get-contexts", "-o", "name"],
            ["get"] + scope + ["configmap/org-a-qube-inventory", "--ignore-not-found", "-o", "json"],
            ["get"] + scope + ["statefulset/quorum-node1", "--ignore-not-found", "-o", "json"],
            ["delete"] + scope + ["statefulset/quorum-node1", "--ignore-not-found", "--wait=false", "--dry-run=server"],
            ["delete"] + scope + ["configmap,networkpolicy,secret,service,statefulset", "-l", selector, "--ignore-not-found", "--wait=false", "--dry-run=server"],
        ])
    #expect(cluster.log.first == "dry run: destroy would delete from context 'kind-a', namespace 'org-a':")
    #expect(cluster.log.contains(#"service "quorum-node1" deleted (server dry run)"#))
    #expect(cluster.log.last == "would keep the nodes' volumes (PersistentVolumeClaims); destroy with volumes = true to delete the chain data")
}

@Test func dryRunDestroyWithoutAClusterSaysWhatItWouldSelect() throws {
    let unreachable = try FakeCluster()
    unreachable.write("unreachable", "")
    try unreachable.session(network()).destroy(volumes: true, dryRun: true)
    #expect(!unreachable.calls.contains { $0.first == "delete" })
    #expect(
        unreachable.log == [
            "dry run: cannot reach the cluster of context 'kind-a' (The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?); destroy would delete the objects in its inventory and every configmap, networkpolicy, secret, service, statefulset, persistentvolumeclaim labelled \(selector) in namespace 'org-a'"
        ])

    let elsewhere = try FakeCluster(contexts: [])
    try elsewhere.session(network()).destroy(dryRun: true)
    #expect(elsewhere.calls == [["config", "get-contexts", "-o", "name"]])
    #expect(
        elsewhere.log == [
            "dry run: kube context 'kind-a' is not configured here; destroy would delete the objects in its inventory and every configmap, networkpolicy, secret, service, statefulset labelled \(selector) in namespace 'org-a'",
            "would keep the nodes' volumes (PersistentVolumeClaims); destroy with volumes = true to delete the chain data",
        ])
    // Without dry run, the same situations are errors.
    #expect(throws: KubeError.self) { try elsewhere.session(network()).destroy() }
}

@Test func networkWithoutContextTouchesNoCluster() throws {
    let cluster = try FakeCluster()
    #expect(throws: KubeError.noContext(network: "org-a")) { try cluster.session(network(context: nil)).destroy() }
    #expect(throws: KubeError.noContext(network: "org-a")) {
        try cluster.session(network(context: nil)).deploy(renderedTree: renderedTree(in: cluster), options: .test())
    }
    // Export needs a context only once it must ask the cluster (here: for assigned NodePorts).
    let keys = NodeKeys(
        nodeID: String(repeating: "ab", count: 64), validatorAddress: "0xd8Dba507e85F116b1f7e231cA8525fC9008A6966",
        accountAddress: "0x0000000000000000000000000000000000000001", tesseraPublicKey: nil)
    #expect(throws: KubeError.noContext(network: "org-a")) {
        try cluster.session(network(context: nil)).exportExternal(keys: ["quorum-node1": keys], options: .test())
    }
    #expect(cluster.calls.isEmpty)
    #expect(
        "\(KubeError.noContext(network: "org-a"))"
            == #"network 'org-a' names no kube context: set context = "<name>" to bind it to a cluster (or context = "current" to use kubectl's current context)"#
    )
}

@Test func unknownContextIsRefusedWithTheKnownOnes() throws {
    let cluster = try FakeCluster()
    #expect(throws: KubeError.unknownContext("kind-c", known: ["kind-a", "kind-b"])) {
        try cluster.session(network(context: "kind-c")).destroy()
    }
    #expect(cluster.calls == [["config", "get-contexts", "-o", "name"]])
    #expect(
        "\(KubeError.unknownContext("kind-c", known: ["kind-a", "kind-b"]))"
            == "kube context 'kind-c' is not in the kubeconfig (known: kind-a, kind-b) (did you mean 'kind-a'?)")
}

@Test func currentContextIsResolvedAndStillPassedExplicitly() throws {
    let cluster = try FakeCluster()
    cluster.write("current-context", "kind-b\n")
    #expect(try cluster.session(network(context: "current")).target() == KubeTarget(context: "kind-b", namespace: "org-a"))
    try cluster.session(network(context: "current")).destroy()
    #expect(cluster.calls[2] == ["config", "current-context"])
    #expect(cluster.calls[3] == ["config", "get-contexts", "-o", "name"])
    #expect(cluster.calls[4] == ["get", "--context=kind-b", "--namespace=org-a", "configmap/org-a-qube-inventory", "--ignore-not-found", "-o", "json"])

    let unset = try FakeCluster()
    #expect(throws: KubeError.noCurrentContext("error: current-context is not set")) {
        try unset.session(network(context: "current")).destroy()
    }
}

@Test func missingKubectlIsNamed() {
    #expect(throws: KubeError.kubectlNotFound("not on PATH")) {
        try Kubectl.locate(environment: ["PATH": "/nonexistent:/also-not-there"])
    }
    #expect(throws: KubeError.kubectlNotFound("QUBE_KUBECTL=/nonexistent/kubectl is not an executable file")) {
        try Kubectl.locate(environment: ["QUBE_KUBECTL": "/nonexistent/kubectl"])
    }
    #expect(
        "\(KubeError.kubectlNotFound("not on PATH"))" == "kubectl not found (not on PATH); install it or set QUBE_KUBECTL to its path")
}

@Test func apiRejectionIsSummarizedWithoutKeyMaterial() throws {
    let cluster = try FakeCluster()
    // A named get of a kind the server does not have fails like the real kubectl.
    #expect(throws: KubeError.rejected(context: "kind-a", action: "get widget/x", detail: #"error: the server doesn't have a resource type "widget""#)) {
        try cluster.kubectl.getJSON(.named([ObjectReference(kind: "Widget", name: "x")]), in: KubeTarget(context: "kind-a", namespace: "org-a"))
    }
    cluster.write(
        "apply-reject",
        #"The Secret "quorum-node1-keys" is invalid: data[nodekey]: Invalid value: "1be3b50b31734be48452c29d714941ba165ef0cbf3ccea8ca16c45e3d8d45fb0""#)
    #expect(
        throws: KubeError.rejected(
            context: "kind-a", action: "server-side apply",
            detail: #"The Secret "quorum-node1-keys" is invalid: data[nodekey]: Invalid value: "<redacted>""#)
    ) {
        try cluster.session(network()).deploy(renderedTree: renderedTree(in: cluster), options: .test())
    }
}
