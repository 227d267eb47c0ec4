import Foundation

extension KubeClient {
    /// The objects `query` addresses, decoded as `Item`; empty when named objects do not exist.
    func items<Item: Decodable & Sendable>(
        _ type: Item.Type, _ query: KubeQuery, in target: KubeTarget
    ) throws(KubeError) -> [Item] {
        guard let json = try getJSON(query, in: target) else { return [] }
        return try decodeItems(json, context: target.context, action: "get \(query.resources)")
    }

    /// Applies `manifests` (see ``KubeClient/apply(_:to:forceConflicts:dryRun:)``) and returns
    /// each object's version as the API server answered it.
    func applied(_ manifests: Data, to target: KubeTarget, forceConflicts: Bool, dryRun: Bool = false) throws(KubeError) -> [ObjectVersion] {
        let json = try apply(manifests, to: target, forceConflicts: forceConflicts, dryRun: dryRun)
        return try decodeItems(json, context: target.context, action: "server-side apply")
    }

    /// The cluster's Node objects.
    func clusterNodes(context: String) throws(KubeError) -> [NodeObject] {
        try decodeItems(nodesJSON(context: context), context: context, action: "get nodes")
    }
}

/// The items of a `kubectl get -o json` (or `apply -o json`) answer, decoded as `Item`; an answer
/// of another shape is an ``KubeError/unreadableOutput(context:action:detail:)``.
func decodeItems<Item: Decodable & Sendable>(_ json: Data, context: String, action: String) throws(KubeError) -> [Item] {
    do {
        return try JSONDecoder().decode(Items<Item>.self, from: json).items
    } catch {
        let reason =
            switch error {
            case DecodingError.dataCorrupted: "not JSON"
            case DecodingError.keyNotFound(let key, let context):
                "field \((context.codingPath + [key]).map(\.stringValue).joined(separator: ".")) is missing"
            case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
                "field \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
            default: "cannot decode it"
            }
        throw .unreadableOutput(context: context, action: action, detail: reason)
    }
}

extension KubeQuery {
    /// What the query addresses, for messages: `service/a service/b` or `services -l x=y`.
    var resources: String {
        switch self {
        case .named(let references): references.map(\.description).joined(separator: " ")
        case .selected(let resources, let selector): "\(resources.joined(separator: ",")) -l \(selector)"
        }
    }
}
