import Foundation

// The fields qube reads from the API server's JSON, and nothing more.

/// The metadata fields qube reads.
struct ObjectMeta: Decodable, Sendable {
    var name: String
    var labels: [String: String]?
    var generation: Int?
}

/// Any object, for what tells one version of it from another: the API server bumps
/// `resourceVersion` on every change and `generation` on every change of its spec.
struct ObjectVersion: Decodable, Sendable {
    struct Meta: Decodable, Sendable {
        var name: String
        var resourceVersion: String?
        var generation: Int?
    }
    /// The spec's replica count, which only StatefulSets have: 0 for a node that runs no pod yet.
    struct Spec: Decodable, Sendable {
        var replicas: Int?
    }

    var kind: String
    var metadata: Meta
    var spec: Spec?

    var reference: ObjectReference { ObjectReference(kind: kind, name: metadata.name) }
}

/// Any object, for its identity and labels.
struct ObjectIdentity: Decodable, Sendable {
    var kind: String
    var metadata: ObjectMeta
}

/// A Service: its type, ports and load-balancer status.
struct ServiceObject: Decodable, Sendable {
    struct Spec: Decodable, Sendable {
        var type: String?
        var ports: [Port]?
    }
    struct Port: Decodable, Sendable {
        var name: String?
        var port: Int
        var nodePort: Int?
    }
    struct Status: Decodable, Sendable {
        var loadBalancer: LoadBalancer?
    }
    struct LoadBalancer: Decodable, Sendable {
        var ingress: [Ingress]?
    }
    struct Ingress: Decodable, Sendable {
        var ip: String?
        var hostname: String?
    }

    var metadata: ObjectMeta
    var spec: Spec
    var status: Status?

    /// The port named `name`.
    func port(named name: String) -> Port? { spec.ports?.first { $0.name == name } }
}

/// A cluster Node, for its addresses.
struct NodeObject: Decodable, Sendable {
    struct Status: Decodable, Sendable {
        var addresses: [Address]?
    }
    struct Address: Decodable, Sendable {
        var type: String
        var address: String
    }

    var metadata: ObjectMeta
    var status: Status?
}

/// A StatefulSet, for its rollout status.
struct StatefulSetObject: Decodable, Sendable {
    struct Status: Decodable, Sendable {
        var observedGeneration: Int?
        var replicas: Int?
        var readyReplicas: Int?
        var updatedReplicas: Int?
        var currentRevision: String?
        var updateRevision: String?
    }

    var metadata: ObjectMeta
    var status: Status?
}

/// A ConfigMap, for its data.
struct ConfigMapObject: Decodable, Sendable {
    var metadata: ObjectMeta
    var data: [String: String]?
}

/// The items of a `kubectl get -o json` answer: a `List`'s items, or the one object kubectl
/// prints when a single object was named.
struct Items<Item: Decodable & Sendable>: Decodable, Sendable {
    var items: [Item]

    private enum CodingKeys: String, CodingKey { case kind, items }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        if kind == "List" || kind.hasSuffix("List") {
            items = try container.decode([Item].self, forKey: .items)
        } else {
            items = [try Item(from: decoder)]
        }
    }
}
