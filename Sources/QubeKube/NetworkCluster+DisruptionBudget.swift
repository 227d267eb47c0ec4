import Foundation
import QubeCore

/// A PodDisruptionBudget as the cluster holds it, for its bound.
struct DisruptionBudgetObject: Decodable, Sendable {
    var kind: String
    var metadata: ObjectVersion.Meta
    /// `spec.maxUnavailable` when it is a count (a percentage, set by hand, is not qube's).
    var maxUnavailable: Int?

    private enum CodingKeys: String, CodingKey { case kind, metadata, spec }
    private enum SpecKeys: String, CodingKey { case maxUnavailable }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        metadata = try container.decode(ObjectVersion.Meta.self, forKey: .metadata)
        let spec = try? container.nestedContainer(keyedBy: SpecKeys.self, forKey: .spec)
        maxUnavailable = try? spec?.decodeIfPresent(Int.self, forKey: .maxUnavailable)
    }
}

extension NetworkCluster {
    /// The reference of the validators' PodDisruptionBudget.
    var disruptionBudgetReference: ObjectReference {
        ObjectReference(kind: "PodDisruptionBudget", name: ResourceNames.validatorsDisruptionBudget(network.spec.name))
    }

    /// Gives the validators' PodDisruptionBudget in `manifests` the roll's bound against drains,
    /// and returns the chain's live bound (nil when it was not read or no node answered).
    ///
    /// The live set is read (``liveChainBound(in:)``) when a local voting node's StatefulSet runs
    /// a pod in `live`; the budget then tolerates what the live set does (validators voted in
    /// since the genesis and other organisations' counted), or, when no local node answers, what
    /// the cluster's budget holds. Before the chain runs it keeps the render's bound, from the
    /// genesis. The same chain and inputs give the same document, so a re-run applies no change.
    /// Only the document's `maxUnavailable:` line changes; `out/` keeps the render's value.
    func boundDisruptionBudget(_ manifests: inout RenderedManifests, live: LiveObjects, in target: KubeTarget) -> ChainBound? {
        let running = localNodes.filter(isVoting).contains { node in
            live.versions[statefulSetReference(node.name)].map { $0.spec?.replicas != 0 } ?? false
        }
        guard running else { return nil }
        let bound = liveChainBound(in: target)
        setDisruptionBudget(&manifests, to: bound, held: live.disruptionBudget)
        return bound
    }

    /// Sets the budget's `maxUnavailable` to `bound`'s tolerance, else to `held`, and says so when
    /// the live chain moves it from what the cluster holds.
    private func setDisruptionBudget(_ manifests: inout RenderedManifests, to bound: ChainBound?, held: Int?) {
        guard let index = manifests.objects.firstIndex(where: { $0.reference == disruptionBudgetReference }),
            let tolerance = bound?.tolerance ?? held
        else { return }
        let key = "\n  maxUnavailable: "
        let document = String(decoding: manifests.objects[index].document, as: UTF8.self)
        guard let start = document.range(of: key), let end = document[start.upperBound...].firstIndex(of: "\n"),
            let rendered = Int(document[start.upperBound..<end])
        else { return }
        if rendered != tolerance {
            manifests.objects[index].document = Data((document[..<start.upperBound] + "\(tolerance)" + document[end...]).utf8)
        }
        guard let bound, held != tolerance, held != nil || rendered != tolerance else { return }
        log(
            "validators' PodDisruptionBudget: the chain's \(bound.size) \(bound.noun) (read from \(bound.source)) tolerate "
                + (tolerance == 0 ? "none down, so it lets no drain take a validator down" : "\(tolerance) down, so drains may take \(tolerance) of them down at once")
                + " (the rendered budget says \(rendered))")
    }
}
