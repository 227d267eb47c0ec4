import Foundation
import QubeCore
import Yams

/// The Kubernetes objects render wrote under `out/<network>/k8s/`: every file that
/// `kustomization.yaml` lists, split into objects, Namespaces first.
struct RenderedManifests {
    /// One object of the tree.
    struct Object {
        var reference: ObjectReference
        /// The object as a YAML document, without `---`.
        var yaml: String
    }

    var objects: [Object]

    /// Reads `k8s/kustomization.yaml` under `tree` and every file it lists.
    init(tree: URL) throws(KubeError) {
        let directory = tree.appendingPathComponent("k8s")
        let kustomization = directory.appendingPathComponent("kustomization.yaml")
        let root = try Self.documents(in: kustomization).first
        guard case .mapping(let mapping)? = root, case .sequence(let resources)? = mapping["resources"] else {
            throw .renderedTree(path: kustomization.path, problem: "has no 'resources:' list; run render first")
        }
        var objects: [Object] = []
        for resource in resources {
            guard let file = resource.string, Self.isInsideTree(file) else {
                throw .renderedTree(path: kustomization.path, problem: "lists \(Names.quoted(resource.string ?? "?")), not a file below it")
            }
            let url = directory.appendingPathComponent(file)
            for document in try Self.documents(in: url) {
                guard let kind = document["kind"]?.string, let name = document["metadata"]?["name"]?.string else {
                    throw .renderedTree(path: url.path, problem: "holds an object without kind or metadata.name")
                }
                let yaml: String
                do {
                    yaml = try Yams.serialize(node: document)
                } catch {
                    throw .renderedTree(path: url.path, problem: "cannot re-serialize \(kind)/\(name): \(error)")
                }
                objects.append(Object(reference: ObjectReference(kind: kind, name: name), yaml: yaml))
            }
        }
        self.objects = objects.filter { $0.reference.kind == "Namespace" } + objects.filter { $0.reference.kind != "Namespace" }
    }

    /// The names of the StatefulSets, in tree order.
    var statefulSets: [String] { objects.filter { $0.reference.kind == "StatefulSet" }.map(\.reference.name) }

    /// The manifests for kubectl's stdin: every object, then `extra`, as one multi-document stream.
    func stream(appending extra: [String] = []) -> Data {
        Data((objects.map(\.yaml) + extra).map { "---\n" + $0 }.joined().utf8)
    }

    /// Whether `file` is a relative path below the kustomization's directory (`nodes/x.yaml`):
    /// no absolute path, no empty, `.` or `..` component, no hidden file.
    private static func isInsideTree(_ file: String) -> Bool {
        let components = file.split(separator: "/", omittingEmptySubsequences: false)
        return !file.hasPrefix("/") && !components.contains { $0.isEmpty || $0.hasPrefix(".") }
    }

    private static func documents(in url: URL) throws(KubeError) -> [Node] {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .renderedTree(path: url.path, problem: "cannot read it (\(error.localizedDescription)); run render first")
        }
        do {
            let parser = try Parser(yaml: text)
            var documents: [Node] = []
            while let document = try parser.nextRoot() {
                if case .scalar(let scalar) = document, scalar.string.isEmpty { continue }
                documents.append(document)
            }
            return documents
        } catch {
            throw .renderedTree(path: url.path, problem: "is not valid YAML: \(error)")
        }
    }

}
