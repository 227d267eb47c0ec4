import Foundation
import QubeCore
import Testing
import Yams

/// The objects render builds: what each Service exposes, pod settings, labels, the config hash,
/// inert hostile input and refused values.
@Suite struct RenderManifestTests {
    static func services(_ objects: [KubeObject]) -> [Service] {
        objects.compactMap { if case .service(let service) = $0 { service } else { nil } }
    }

    static func statefulSets(_ objects: [KubeObject]) -> [StatefulSet] {
        objects.compactMap { if case .statefulSet(let set) = $0 { set } else { nil } }
    }

    /// Every document of the objects' YAML, parsed back.
    static func parsedDocuments(_ objects: [KubeObject]) throws -> [[String: Any]] {
        try Yams.load_all(yaml: KubeObject.yaml(objects)).map { try #require($0 as? [String: Any]) }
    }

    @Test(arguments: ["seed", "qbft-loadbalancer", "raft"])
    func externalServicesCarryOnlyPeerPorts(fixture: String) throws {
        let input = try RenderFixtures.named(fixture)
        let objects = try manifests(for: input)
        let spec = input.spec
        let external = Self.services(objects).filter { $0.spec.type != .clusterIP }
        #expect(external.count == input.nodes.count)
        var expected = [Ports.p2p]
        if spec.consensus == .raft { expected.append(Ports.raft) }
        if spec.hasTessera { expected.append(Ports.tesseraP2P) }
        for service in external {
            #expect(service.spec.ports.map(\.port) == expected)
            #expect(service.spec.ports.allSatisfy { ![Ports.rpc, Ports.ws, Ports.tesseraThirdParty].contains($0.port) })
            #expect(service.metadata.name.hasSuffix("-external"))
            #expect(service.spec.externalTrafficPolicy == (service.spec.type == .loadBalancer ? "Local" : nil))
        }
        // The parsed YAML agrees: no external Service document names an RPC port.
        for document in try Self.parsedDocuments(objects) where document["kind"] as? String == "Service" {
            let spec = try #require(document["spec"] as? [String: Any])
            guard spec["type"] as? String != "ClusterIP" else { continue }
            let ports = try #require(spec["ports"] as? [[String: Any]]).compactMap { $0["port"] as? Int }
            #expect(Set(ports).isDisjoint(with: [Ports.rpc, Ports.ws, Ports.tesseraThirdParty]))
        }
    }

    @Test func internalServicesCarryEveryPort() throws {
        let seed = Self.services(try manifests(for: try RenderFixtures.seed())).filter { $0.spec.type == .clusterIP }
        #expect(seed.count == 3)
        #expect(seed.allSatisfy { $0.spec.ports.map(\.port) == [30303, 8545, 8546, 9545, 9001, 9080] && $0.spec.publishNotReadyAddresses })
        let raft = Self.services(try manifests(for: try RenderFixtures.raftWithoutTessera())).filter { $0.spec.type == .clusterIP }
        #expect(raft.allSatisfy { $0.spec.ports.map(\.port) == [30303, 50401, 8545, 8546, 9545] })
    }

    @Test func exposureSettingsReachTheExternalService() throws {
        let seed = Self.services(try manifests(for: try RenderFixtures.seed())).filter { $0.spec.type == .nodePort }
        #expect(seed.map { $0.spec.ports.map(\.nodePort) } == [[30301, 30901], [nil, nil], [nil, nil]])
        let balanced = Self.services(try manifests(for: try RenderFixtures.qbftLoadBalancer())).filter { $0.spec.type == .loadBalancer }
        #expect(balanced.map(\.spec.loadBalancerIP) == ["203.0.113.10", nil])
        #expect(balanced.allSatisfy { $0.metadata.annotations == ["service.beta.kubernetes.io/aws-load-balancer-type": "nlb"] })

        var input = try RenderFixtures.seed()
        var spec = input.spec
        spec.expose = Exposure()
        var network = try Network(spec)
        for node in input.nodes { try network.addNode(node.spec) }
        input = RenderFixtures.input(network, images: input.images)
        #expect(Self.services(try manifests(for: input)).allSatisfy { $0.spec.type == .clusterIP })
    }

    @Test func everyObjectIsLabelledAndNamespaced() throws {
        for input in [try RenderFixtures.seed(), try RenderFixtures.qbftLoadBalancer()] {
            let spec = input.spec
            let objects = try manifests(for: input)
            #expect(objects.map(\.kind).filter { $0 == "Namespace" }.count == (spec.createsNamespace ? 1 : 0))
            // Genesis, peers, and one Tessera config per node.
            let tesseraConfigMaps = spec.hasTessera ? input.nodes.count : 0
            #expect(objects.map(\.kind).filter { $0 == "ConfigMap" }.count == 2 + tesseraConfigMaps)
            for object in objects {
                let labels = object.metadata.labels
                #expect(labels["app.kubernetes.io/part-of"] == spec.name)
                #expect(labels["app.kubernetes.io/managed-by"] == "qube")
                #expect(labels["app.kubernetes.io/name"] != nil && labels["app.kubernetes.io/instance"] != nil)
                #expect(object.metadata.namespace == (object.kind == "Namespace" ? nil : spec.namespace))
            }
            for set in Self.statefulSets(objects) {
                #expect(set.selector.allSatisfy { set.template.metadata.labels[$0.key] == $0.value })
                #expect(set.serviceName == ResourceNames.internalService(set.metadata.name))
                #expect(!set.template.containers.map(\.image).contains { $0.hasSuffix(":latest") || !$0.contains(":") })
            }
        }
    }

    @Test func podsRunAsNonRootWithProbesAndClaims() throws {
        let documents = try Self.parsedDocuments(try manifests(for: try RenderFixtures.qbftLoadBalancer()))
        let sets = documents.filter { $0["kind"] as? String == "StatefulSet" }
        #expect(sets.count == 2)
        for set in sets {
            let spec = try #require(set["spec"] as? [String: Any])
            #expect(spec["replicas"] as? Int == 1)
            let claim = try #require((spec["volumeClaimTemplates"] as? [[String: Any]])?.first?["spec"] as? [String: Any])
            #expect(claim["storageClassName"] as? String == "fast-ssd")
            #expect(((claim["resources"] as? [String: Any])?["requests"] as? [String: Any])?["storage"] as? String == "20Gi")
            let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
            let security = try #require(pod["securityContext"] as? [String: Any])
            #expect(security["runAsNonRoot"] as? Bool == true)
            #expect((security["runAsUser"] as? Int ?? 0) > 0 && security["fsGroup"] as? Int == security["runAsUser"] as? Int)
            let containers = try #require(pod["containers"] as? [[String: Any]])
            #expect(containers.compactMap { $0["name"] as? String } == ["quorum", "tessera"])
            for container in containers + (pod["initContainers"] as? [[String: Any]] ?? []) {
                let context = try #require(container["securityContext"] as? [String: Any])
                #expect(context["allowPrivilegeEscalation"] as? Bool == false)
                #expect((context["capabilities"] as? [String: Any])?["drop"] as? [String] == ["ALL"])
                let resources = try #require(container["resources"] as? [String: Any])
                #expect((resources["requests"] as? [String: Any])?.keys.sorted() == ["cpu", "memory"])
                #expect((resources["limits"] as? [String: Any])?.keys.sorted() == ["cpu", "memory"])
            }
            for container in containers {
                #expect(container["readinessProbe"] != nil && container["livenessProbe"] != nil)
            }
            let tessera = containers[1]
            let upcheck = try #require((tessera["readinessProbe"] as? [String: Any])?["httpGet"] as? [String: Any])
            #expect(upcheck["path"] as? String == "/upcheck" && upcheck["port"] as? Int == Ports.tesseraThirdParty)
        }
    }

    @Test func configHashFollowsWhatThePodReads() throws {
        func hashes(_ input: RenderInput) throws -> [String] {
            Self.statefulSets(try manifests(for: input)).map { $0.template.metadata.annotations["qube.dev/config-hash"] ?? "" }
        }
        let base = try RenderFixtures.seed()
        let original = try hashes(base)
        #expect(Set(original).count == 3 && original.allSatisfy { $0.count == 64 })
        #expect(try hashes(RenderFixtures.seed()) == original)

        // The peer lists reach running nodes live (permissioned-nodes.json is read on every
        // connection, static peers go through admin.addPeer): no restart, so no hash change.
        var peers = base
        peers.staticNodes += Data(" ".utf8)
        peers.permissionedNodes += Data(" ".utf8)
        #expect(try hashes(peers) == original)

        var genesis = base
        genesis.genesis += Data(" ".utf8)
        #expect(zip(try hashes(genesis), original).allSatisfy { $0 != $1 })

        var tessera = base
        tessera.nodes[1].tesseraConfig = tessera.nodes[1].tesseraConfig.map {
            Data(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "/db\"", with: "/db2\"").utf8)
        }
        #expect(try hashes(tessera) == [original[0], try hashes(tessera)[1], original[2]])
        #expect(try hashes(tessera)[1] != original[1])

        // A Tessera config's peers only seed its peer discovery: a running Tessera learns new
        // nodes from its peers, so they need no restart either.
        var tesseraPeers = base
        tesseraPeers.nodes[1].tesseraConfig = tesseraPeers.nodes[1].tesseraConfig.map {
            Data(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "\"peer\": [", with: "\"peer\": [{\"url\": \"http://joined:9001\"}, ").utf8)
        }
        #expect(tesseraPeers.nodes[1].tesseraConfig != base.nodes[1].tesseraConfig)
        #expect(try hashes(tesseraPeers) == original)

        var secret = base
        secret.nodes[2].secretFiles["password.txt"] = Data("changed".utf8)
        #expect(try hashes(secret)[0...1] == original[0...1] && (try hashes(secret))[2] != original[2])

        var command = base
        command.nodes[0].commands.geth.append("--verbosity=4")
        #expect(try hashes(command)[0] != original[0])
    }

    /// Clique seals with the etherbase account (GoQuorum 2.7.0 `eth/backend.go` StartMining),
    /// so the annotation that names a node's validator address names that account.
    @Test func cliqueValidatorAnnotationIsTheSigningAccount() throws {
        var network = try Network(NetworkSpec(name: "clique-net", consensus: .clique, tesseraVersion: nil))
        try network.addNode(NodeSpec(name: "signer1"))
        let input = RenderFixtures.input(network, images: ContainerImages(quorum: "quorumengineering/quorum:2.7.0", tessera: nil))
        let set = try #require(Self.statefulSets(try manifests(for: input)).first)
        let keys = ChainFixtures.sevenNodes[0]
        #expect(keys.accountAddress != keys.validatorAddress)
        #expect(set.metadata.annotations["qube.dev/validator-address"] == keys.accountAddress)
        #expect(set.metadata.annotations["qube.dev/account-address"] == keys.accountAddress)
        let ibft = Self.statefulSets(try manifests(for: try RenderFixtures.seed()))
        #expect(ibft[0].metadata.annotations["qube.dev/validator-address"] == keys.validatorAddress)
    }

    /// On the StatefulSet, not its pod template: an edit above the line restarts no pod.
    /// A raft network's budget covers its voting nodes and keeps a majority of the raft cluster's
    /// voting members, other organisations' included (learners do not vote): alone with three
    /// nodes, one may go; with two nodes and two voting peers elsewhere (and a learner), one.
    @Test func raftBudgetKeepsTheRaftClustersMajority() throws {
        func budget(_ input: RenderInput) throws -> PodDisruptionBudget? {
            try manifests(for: input).compactMap { if case .podDisruptionBudget(let budget) = $0 { budget } else { nil } }.first
        }
        let alone = try #require(try budget(try RenderFixtures.raftWithoutTessera(nodes: 3)))
        #expect(alone.instances == ["raft1", "raft2", "raft3"] && alone.maxUnavailable == 1)
        #expect(try budget(try RenderFixtures.raftWithoutTessera(nodes: 2))?.maxUnavailable == 0)

        var network = try Network(NetworkSpec(name: "raft-net", consensus: .raft, tesseraVersion: nil, expose: Exposure(kind: .nodePort)))
        for index in 1...2 { try network.addNode(NodeSpec(name: "raft\(index)")) }
        for index in 3...5 {
            let enode = EnodeURL(nodeID: ChainFixtures.sevenNodes[index].nodeID, host: "198.51.100.20", port: 30300 + index, raftPort: 30500 + index)
            try network.addExternal(ExternalNode(name: "b-node\(index)", enode: enode, isRaftLearner: index == 5))
        }
        let shared = try #require(try budget(RenderFixtures.input(network, images: ContainerImages(quorum: "quorumengineering/quorum:2.7.0", tessera: nil))))
        #expect(shared.instances == ["raft1", "raft2"] && shared.maxUnavailable == 1)
    }

    @Test func sourceAnnotationNamesTheAddNodeLine() throws {
        let sets = Self.statefulSets(try manifests(for: try RenderFixtures.seed()))
        #expect(sets.map { $0.metadata.annotations["qube.dev/source"] } == ["topology.lua:11", "topology.lua:12", "topology.lua:13"])
        #expect(sets.allSatisfy { $0.template.metadata.annotations["qube.dev/source"] == nil })
    }

    /// Strings that would change the YAML's structure, a shell's or kubelet's reading if written raw.
    static let hostile = [
        "a\"b'c", "line1\nline2", "$(cat /etc/shadow)", "${HOME}", "`id`", "x: y", "# comment", "&a", "*a", "!!python/object/apply:os.system",
        "---", "...", "--- \nkind: Secret", "- item", "{a: b}", "[1]", "%TAG", "true", "0o17", "a\u{0}b", "\u{1b}[31m",
        "$(PRIVATE_CONFIG)", "$$", "$$(PRIVATE_CONFIG)",
    ]

    /// Kubelet's expansion of a command or env value (`third_party/forked/golang/expansion`):
    /// `$$` is a literal `$`, `$(NAME)` becomes the value of a defined variable, anything else stays.
    static func expanded(_ text: String, environment: [String: String]) -> String {
        var output = "", rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            if rest.first == "$" {
                output += "$"
                rest = rest.dropFirst()
            } else if rest.first == "(", let close = rest.firstIndex(of: ")"), let value = environment[String(rest[rest.index(after: rest.startIndex)..<close])] {
                output += value
                rest = rest[rest.index(after: close)...]
            } else {
                output += "$"
            }
        }
        return output + rest
    }

    @Test func hostileInputRendersInert() throws {
        let benign = try RenderFixtures.seed()
        var spec = benign.spec
        spec.expose.nodeIP = Self.hostile.joined()
        spec.expose.annotations = Dictionary(uniqueKeysWithValues: Self.hostile.enumerated().map { ("example.com/k\($0.offset)", $0.element) })
        var network = try Network(spec)
        for var node in benign.nodes.map(\.spec) {
            node.source = SourceLocation(file: Self.hostile.joined(), line: 7)
            try network.addNode(node)
        }
        var input = RenderFixtures.input(network, images: benign.images)
        for index in input.nodes.indices {
            input.nodes[index].commands.geth += Self.hostile
            input.nodes[index].commands.quorumContainer += Self.hostile
            input.nodes[index].commands.gethEnvironment.append(("HOSTILE", Self.hostile.joined(separator: "\n")))
        }
        let objects = try manifests(for: input)
        let documents = try Self.parsedDocuments(objects)
        let benignDocuments = try Self.parsedDocuments(try manifests(for: benign))
        #expect(documents.map { $0["kind"] as? String } == benignDocuments.map { $0["kind"] as? String })
        #expect(documents.count == objects.count)

        for document in documents where document["kind"] as? String == "StatefulSet" {
            let template = try #require((document["spec"] as? [String: Any])?["template"] as? [String: Any])
            let annotations = try #require((document["metadata"] as? [String: Any])?["annotations"] as? [String: String])
            #expect(annotations["qube.dev/source"] == Self.hostile.joined() + ":7")
            let quorum = try #require(((template["spec"] as? [String: Any])?["containers"] as? [[String: Any]])?.first)
            let environment = try #require(quorum["env"] as? [[String: String]])
            let variables = Dictionary(environment.map { ($0["name"]!, $0["value"]!) }) { a, _ in a }
            let command = try #require(quorum["command"] as? [String]).map { Self.expanded($0, environment: variables) }
            #expect(Array(command.suffix(Self.hostile.count)) == Self.hostile)
            #expect(environment.last?["name"] == "HOSTILE")
            #expect(environment.last.map { Self.expanded($0["value"]!, environment: variables) } == Self.hostile.joined(separator: "\n"))
        }
        let external = documents.filter { ($0["metadata"] as? [String: Any])?["name"] as? String == "quorum-node1-external" }
        let annotations = try #require((external.first?["metadata"] as? [String: Any])?["annotations"] as? [String: String])
        #expect(annotations == spec.expose.annotations)
    }

    @Test func valuesKubernetesWouldRefuseAreRejected() throws {
        func render(_ change: (inout NodeSpec) -> Void) throws {
            let base = try RenderFixtures.seed()
            var network = try Network(base.spec)
            for var node in base.nodes.map(\.spec) {
                if node.name == "quorum-node2" { change(&node) }
                try network.addNode(node)
            }
            _ = try manifests(for: RenderFixtures.input(network, images: base.images))
        }
        for size in ["5 Gi", "-5Gi", "5GB", "Gi", "0", "0Gi", "5Gi\n", "1e3", "5.Gi"] {
            #expect(throws: ValidationError.self, "\(size)") { try render { $0.storageSize = size } }
        }
        for size in ["5Gi", "500Mi", "1.5Ti", "100G", "1073741824"] {
            #expect(throws: Never.self) { try render { $0.storageSize = size } }
        }
        for storageClass in ["Fast_SSD", "fast ssd", "fast\nssd", "-fast", "a..b", ""] {
            #expect(throws: ValidationError.self, "\(storageClass)") { try render { $0.storageClassName = storageClass } }
        }
        for key in ["bad key", "x/", "/x", "a/b/c", "-x", "Bad_Prefix.com/x", String(repeating: "k", count: 64)] {
            #expect(throws: ValidationError.self, "\(key)") { try render { $0.expose = Exposure(kind: .nodePort, annotations: [key: "v"]) } }
        }
        for address in ["1.2.3", "1.2.3.4.5", "host.example.com", "1.2.3.4\n", "::g"] {
            #expect(throws: ValidationError.self, "\(address)") { try render { $0.expose = Exposure(kind: .loadBalancer, loadBalancerIP: address) } }
        }
        #expect(throws: Never.self) { try render { $0.expose = Exposure(kind: .loadBalancer, loadBalancerIP: "2001:db8::1") } }

        let error = try #require(throws: ValidationError.self) { try render { $0.storageSize = "5 GB" } }
        #expect(error.description.hasPrefix("storage: '5 GB' is not a storage size"))
    }

    @Test func imagesMustBePinned() throws {
        for image in ["quorumengineering/quorum", "quorumengineering/quorum:latest", "Quorum:2.7.0", "quorum:2.7.0 --privileged", "quorum@sha256:abc", "quorum:"] {
            var input = try RenderFixtures.seed()
            input.images.quorum = image
            #expect(throws: ValidationError.self, "\(image)") { try manifests(for: input) }
        }
        for image in ["quorumengineering/quorum:2.7.0", "registry.example.com:5000/team/quorum:24.4.1", "quorum@sha256:" + String(repeating: "a", count: 64)] {
            var input = try RenderFixtures.seed()
            input.images.quorum = image
            #expect(throws: Never.self, "\(image)") { try manifests(for: input) }
        }
        var input = try RenderFixtures.seed()
        input.images.tessera = nil
        #expect(throws: ValidationError.self) { try manifests(for: input) }
    }

    @Test func missingKeysAreReported() throws {
        var input = try RenderFixtures.seed()
        input.nodes[1].secretFiles = [:]
        let error = try #require(throws: ValidationError.self) { try manifests(for: input) }
        #expect(error.description == "node 'quorum-node2' has no keys: run genKeys before render")
    }

    @Test func missingTesseraConfigIsReported() throws {
        var input = try RenderFixtures.seed()
        input.nodes[1].tesseraConfig = nil
        let error = try #require(throws: ValidationError.self) { try manifests(for: input) }
        #expect(error.description == "node 'quorum-node2' has no Tessera config")
    }

    /// A measure, not a timing: a thousand nodes render, and each node adds the same objects.
    @Test func aThousandNodesRender() throws {
        var network = try Network(NetworkSpec(name: "big", expose: Exposure(kind: .nodePort)))
        for index in 1...1000 { try network.addNode(NodeSpec(name: "node\(index)")) }
        var input = RenderFixtures.input(network, images: ContainerImages(quorum: "quorumengineering/quorum:2.7.0", tessera: "quorumengineering/tessera:0.10.6"))
        // 2 KiB Tessera configs, 2 MiB together: more than one ConfigMap could hold.
        for index in input.nodes.indices {
            input.nodes[index].tesseraConfig = input.nodes[index].tesseraConfig.map { $0 + Data(repeating: 0x20, count: 2048 - $0.count) }
        }
        let objects = try manifests(for: input)
        // The Namespace, two ConfigMaps, the validators' PodDisruptionBudget, six per node (with a NetworkPolicy).
        #expect(objects.count == 1 + 2 + 1 + 1000 * 6)
        for case .configMap(let configMap) in objects {
            let bytes = configMap.data.values.map(\.utf8.count).reduce(0, +)
            #expect(bytes <= 1_048_576, "\(configMap.metadata.name)")
        }
        let yaml = KubeObject.yaml(objects)
        #expect(yaml.components(separatedBy: "\n---\n").count == objects.count)
    }
}
