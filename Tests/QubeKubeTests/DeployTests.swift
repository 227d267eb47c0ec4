import Foundation
import QubeCore
import QubeKube
import Testing

private let scope = ["--context=kind-a", "--namespace=org-a"]
private let listContexts = ["config", "get-contexts", "-o", "name"]
private let getInventory = ["get"] + scope + ["configmap/org-a-qube-inventory", "--ignore-not-found", "-o", "json"]
/// What the cluster holds of the tree's objects before the apply, to tell what it changed.
private let getLive = ["get"] + scope + [
    "namespace/org-a", "secret/quorum-node1-keys", "service/quorum-node1", "statefulset/quorum-node1", "--ignore-not-found", "-o", "json",
]
private let apply = ["apply"] + scope + ["--server-side", "--field-manager=qube", "-o", "json", "-f", "-"]

func network(
    context: String? = "kind-a", consensus: Consensus = .istanbul, expose: Exposure = Exposure(kind: .nodePort), tessera: Bool = true,
    nodes: [NodeSpec] = [NodeSpec(name: "quorum-node1")]
) throws -> Network {
    var network = try Network(
        NetworkSpec(
            name: "org-a", consensus: consensus, tesseraVersion: tessera ? SemanticVersion(0, 10, 6) : nil, context: context, expose: expose))
    for node in nodes { try network.addNode(node) }
    return network
}

/// Writes `out/org-a/k8s/` as render does: node files, the Namespace, secrets.yaml, kustomization.yaml.
func renderedTree(in cluster: FakeCluster, nodes: [String] = ["quorum-node1"]) throws -> URL {
    let tree = cluster.root.appendingPathComponent("out/org-a")
    let k8s = tree.appendingPathComponent("k8s")
    try FileManager.default.createDirectory(at: k8s.appendingPathComponent("nodes"), withIntermediateDirectories: true)
    let labels = """
          labels:
            app.kubernetes.io/managed-by: qube
            app.kubernetes.io/part-of: org-a
        """
    var files: [String] = []
    var secrets: [String] = []
    for node in nodes {
        try """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: \(node)
              namespace: org-a
            \(labels)
            spec:
              replicas: 1
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: \(node)
              namespace: org-a
            \(labels)
            spec:
              ports:
              - name: p2p
                port: 30303

            """.write(to: k8s.appendingPathComponent("nodes/\(node).yaml"), atomically: true, encoding: .utf8)
        files.append("nodes/\(node).yaml")
        secrets.append(
            """
            apiVersion: v1
            kind: Secret
            metadata:
              name: \(node)-keys
              namespace: org-a
            \(labels)
            type: Opaque

            """)
    }
    try "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: org-a\n\(labels)\n"
        .write(to: k8s.appendingPathComponent("namespace.yaml"), atomically: true, encoding: .utf8)
    try secrets.joined(separator: "---\n").write(to: k8s.appendingPathComponent("secrets.yaml"), atomically: true, encoding: .utf8)
    let resources = (files + ["namespace.yaml", "secrets.yaml"]).map { "- \($0)\n" }.joined()
    try "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n\(resources)"
        .write(to: k8s.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
    return tree
}

@Test func deployAppliesServerSideRecordsInventoryAndPrunesOnlyTheRemovedNodesObjects() throws {
    let cluster = try FakeCluster()
    let tree = try renderedTree(in: cluster)
    cluster.add(
        APIObjects.inventory(
            "org-a",
            objects: [
                "Namespace/org-a", "StatefulSet/quorum-node1", "Service/quorum-node1", "Secret/quorum-node1-keys",
                "StatefulSet/quorum-node2", "Service/quorum-node2", "Service/quorum-node2-external", "Secret/quorum-node2-keys",
                "PersistentVolumeClaim/data-quorum-node2-0",
            ]))
    cluster.add(APIObjects.object("StatefulSet", "quorum-node2", apiVersion: "apps/v1"))
    cluster.add(APIObjects.object("Service", "quorum-node2"))
    cluster.add(APIObjects.object("Secret", "quorum-node2-keys"))
    // Same name, now another network's: not this network's to delete.
    cluster.add(APIObjects.object("Service", "quorum-node2-external", network: "org-b"))
    cluster.add(APIObjects.object("PersistentVolumeClaim", "data-quorum-node2-0"))

    try cluster.session(network()).deploy(renderedTree: tree, options: .test())

    #expect(
        cluster.calls == [
            listContexts,
            getInventory,
            getLive,
            apply,
            ["get"] + scope + [
                "secret/quorum-node2-keys", "service/quorum-node2", "service/quorum-node2-external", "statefulset/quorum-node2",
                "--ignore-not-found", "-o", "json",
            ],
            ["delete"] + scope + [
                "secret/quorum-node2-keys", "service/quorum-node2", "statefulset/quorum-node2", "--ignore-not-found", "--wait=false",
            ],
        ])
    let stdin = try #require(cluster.stdin(ofCall: 4))
    let kinds = stdin.split(separator: "\n").filter { $0.hasPrefix("kind: ") }
    #expect(kinds == ["kind: Namespace", "kind: StatefulSet", "kind: Service", "kind: Secret", "kind: ConfigMap"])
    #expect(
        stdin.hasSuffix(
            """
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: org-a-qube-inventory
              namespace: org-a
              labels:
                app.kubernetes.io/managed-by: qube
                app.kubernetes.io/part-of: org-a
            data:
              objects: |
                Namespace/org-a
                Secret/quorum-node1-keys
                Service/quorum-node1
                StatefulSet/quorum-node1

            """))
    #expect(
        cluster.log == [
            "applying 4 objects of network 'org-a' to context 'kind-a', namespace 'org-a'",
            "network 'org-a': 4 objects: 4 changed, 0 unchanged, 3 pruned",
            "  created namespace/org-a",
            "  created statefulset/quorum-node1",
            "  created service/quorum-node1",
            "  created secret/quorum-node1-keys",
            "  pruned secret/quorum-node2-keys",
            "  pruned service/quorum-node2",
            "  pruned statefulset/quorum-node2",
        ])
}

@Test func firstDeployHasNothingToPrune() throws {
    let cluster = try FakeCluster()
    try cluster.session(network()).deploy(renderedTree: renderedTree(in: cluster), options: .test())
    #expect(cluster.calls == [listContexts, getInventory, getLive, apply])
}

@Test func conflictIsAnErrorUnlessForced() throws {
    let cluster = try FakeCluster()
    cluster.write("apply-conflict", "")
    let tree = try renderedTree(in: cluster)
    #expect {
        try cluster.session(network()).deploy(renderedTree: tree, options: .test())
    } throws: { error in
        "\(error)".hasPrefix(
            "context 'kind-a': server-side apply conflicts with fields another manager owns: error: Apply failed with 1 conflict: "
                + "conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas; ")
            && "\(error)".hasSuffix("deploy with force = true to take them over")
    }
    try cluster.session(network()).deploy(renderedTree: tree, options: DeployOptions.test(force: true))
    #expect(
        cluster.calls.suffix(4) == [
            listContexts, getInventory, getLive,
            ["apply"] + scope + ["--server-side", "--field-manager=qube", "--force-conflicts", "-o", "json", "-f", "-"],
        ])
}

@Test func dryRunDiffsAndAppliesNothing() throws {
    let cluster = try FakeCluster()
    cluster.write("diff", "diff -u -N /tmp/LIVE-1/apps.v1.StatefulSet.org-a.quorum-node1 /tmp/MERGED-2/apps.v1.StatefulSet.org-a.quorum-node1\n-  replicas: 0\n+  replicas: 1\n")
    try cluster.session(network()).deploy(renderedTree: renderedTree(in: cluster), options: DeployOptions.test(dryRun: true))
    #expect(cluster.calls == [listContexts, ["diff"] + scope + ["--server-side", "--field-manager=qube", "-f", "-"], getInventory])
    #expect(cluster.log.first == "dry run: deploy would change on context 'kind-a':")
    #expect(cluster.log.contains("+  replicas: 1"))
}

@Test func dryRunWithoutAClusterListsTheObjects() throws {
    let cluster = try FakeCluster()
    cluster.write("unreachable", "")
    try cluster.session(network()).deploy(renderedTree: renderedTree(in: cluster), options: DeployOptions.test(dryRun: true))
    #expect(cluster.calls.map(\.first) == ["config", "diff"])
    #expect(
        cluster.log == [
            "dry run: cannot reach the cluster of context 'kind-a' (The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?); deploy would apply:",
            "namespace/org-a", "statefulset/quorum-node1", "service/quorum-node1", "secret/quorum-node1-keys",
        ])
}

@Test func kustomizationListingAFileOutsideTheTreeIsRefused() throws {
    let cluster = try FakeCluster()
    let tree = try renderedTree(in: cluster)
    for resource in ["../secrets.yaml", "/etc/passwd", "nodes/../../x.yaml", ".hidden.yaml"] {
        try "resources:\n- \(resource)\n".write(
            to: tree.appendingPathComponent("k8s/kustomization.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: KubeError.self) { try cluster.session(network()).deploy(renderedTree: tree, options: .test()) }
    }
    #expect(cluster.calls.isEmpty)
}

@Test func dryRunWithAContextThisMachineLacksListsTheObjects() throws {
    let cluster = try FakeCluster(contexts: [])
    try cluster.session(network()).deploy(renderedTree: renderedTree(in: cluster), options: DeployOptions.test(dryRun: true))
    #expect(cluster.calls == [listContexts])
    #expect(
        cluster.log == [
            "dry run: kube context 'kind-a' is not configured here; deploy would apply:",
            "namespace/org-a", "statefulset/quorum-node1", "service/quorum-node1", "secret/quorum-node1-keys",
        ])
}

@Test func deployToAContextThisMachineLacksStillFails() throws {
    let cluster = try FakeCluster(contexts: [])
    #expect(throws: KubeError.unknownContext("kind-a", known: [])) {
        try cluster.session(network()).deploy(renderedTree: renderedTree(in: cluster), options: .test())
    }
}

@Test func waitFollowsEachRolloutAndNamesTheNodeThatIsNotReady() throws {
    let cluster = try FakeCluster()
    let tree = try renderedTree(in: cluster, nodes: ["quorum-node1", "quorum-node2"])
    cluster.add(APIObjects.statefulSet("quorum-node1", ready: 1, updated: 1, current: "quorum-node1-7d9f", update: "quorum-node1-7d9f"))
    cluster.add(APIObjects.statefulSet("quorum-node2", ready: 0, updated: 0, current: "quorum-node2-5c4b", update: "quorum-node2-6f8a"))
    cluster.write("rollout-timeout", "quorum-node2\n")
    // quorum-node1's console: connected, not syncing, its chain advancing (block 106, then 223).
    cluster.write(
        "exec/quorum-node1-0",
        "net.peerCount\tibft-net.peerCount.txt\neth.syncing\tibft-eth.syncing.txt\n"
            + "eth.blockNumber\tibft-eth.blockNumber.txt ibft-blockNumber-4-validators.txt\n")
    let net = try network(nodes: [NodeSpec(name: "quorum-node1"), NodeSpec(name: "quorum-node2")])
    #expect(
        throws: KubeError.rolloutFailed(
            context: "kind-a", node: "quorum-node2",
            reason: "0/1 replicas ready, 0/1 updated, rolling from revision quorum-node2-5c4b to quorum-node2-6f8a")
    ) {
        var session = cluster.session(net)
        session.consensusPollInterval = .milliseconds(10)
        try session.deploy(renderedTree: tree, options: DeployOptions.test(wait: true, timeout: .seconds(600)))
    }
    let heights = cluster.calls.filter { $0.first == "exec" && $0.contains("eth.blockNumber") }
    #expect(heights.count == 2, "quorum-node1 is in consensus once its chain passed the block it first reported")
    let rollouts = cluster.calls.filter { $0.first == "rollout" }
    #expect(rollouts.count == 2)
    #expect(Array(rollouts[0].prefix(5)) == ["rollout", "status"] + scope + ["statefulset/quorum-node1"])
    #expect(rollouts[0].last?.hasPrefix("--timeout=") == true && rollouts[0].last?.hasSuffix("s") == true)
    #expect(cluster.calls.last == ["get"] + scope + ["statefulset/quorum-node2", "--ignore-not-found", "-o", "json"])
    #expect(cluster.log.contains("statefulset rolling update complete 1 pods at revision quorum-node1-7d9f..."))
    #expect(cluster.log.contains("waiting for node 'quorum-node2' to be ready and in consensus"))
}

@Test func unreachableClusterIsNamed() throws {
    let cluster = try FakeCluster()
    cluster.write("unreachable", "")
    #expect(
        throws: KubeError.unreachable(
            context: "kind-a", detail: "The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?")
    ) {
        try cluster.session(network()).deploy(renderedTree: renderedTree(in: cluster), options: .test())
    }
    #expect(
        "\(KubeError.unreachable(context: "kind-a", detail: "x"))" == "cannot reach the cluster of context 'kind-a': x")
}

@Test func missingRenderedTreeSaysRunRender() throws {
    let cluster = try FakeCluster()
    let tree = cluster.root.appendingPathComponent("out/org-a")
    #expect(throws: KubeError.renderedTree(path: tree.path + "/k8s/kustomization.yaml", problem: "does not exist; run render first")) {
        try cluster.session(network()).deploy(renderedTree: tree, options: .test())
    }
    #expect(cluster.calls.isEmpty)
}

/// kubectl receives each document as its file holds it: comments, layout, quoting and `...`
/// kept, nothing re-emitted; only a `---` before a file's implicit first document is added.
@Test func deploySendsTheDocumentsAsTheirFilesHoldThem() throws {
    let cluster = try FakeCluster()
    let tree = try renderedTree(in: cluster)
    let node = """
        # Reviewed by the network team.
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: quorum-node1
          namespace: org-a
          labels: {app.kubernetes.io/managed-by: qube, app.kubernetes.io/part-of: org-a}
          annotations:
            example.com/note: 'équipe réseau: a note long enough to pass the eighty columns a re-emitter folds at'
        spec:
          replicas: 1
          template:
            metadata:
              annotations:
                example.com/script: |+
                  ---
                  not a marker: indented
        
        ...
        # A comment between documents.
        --- # the Service
        apiVersion: v1
        kind: Service
        metadata:
          name: quorum-node1
          namespace: org-a
          labels:
            app.kubernetes.io/managed-by: qube
            app.kubernetes.io/part-of: org-a
        spec:
          ports:
          - {name: p2p, port: 30303}
        """
    try node.write(to: tree.appendingPathComponent("k8s/nodes/quorum-node1.yaml"), atomically: true, encoding: .utf8)
    try cluster.session(network()).deploy(renderedTree: tree, options: .test())

    let stdin = try #require(cluster.stdin(ofCall: 4))
    let namespace = try String(contentsOf: tree.appendingPathComponent("k8s/namespace.yaml"), encoding: .utf8)
    let secrets = try String(contentsOf: tree.appendingPathComponent("k8s/secrets.yaml"), encoding: .utf8)
    let inventory = stdin.range(of: "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: org-a-qube-inventory\n")
    let applied = String(stdin[..<(try #require(inventory)).lowerBound])
    #expect(applied == "---\n" + namespace + "---\n" + node + "\n" + "---\n" + secrets)
}
