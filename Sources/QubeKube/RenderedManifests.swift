import Foundation
import QubeCore
import Yams

/// The Kubernetes objects render wrote under `out/<network>/k8s/`: every file that
/// `kustomization.yaml` lists, split into objects, Namespaces first.
///
/// Each object keeps the bytes its file holds it in: what deploy sends kubectl is what a
/// reviewer reads in `out/`. YAML is parsed only to learn each object's kind and name.
struct RenderedManifests {
    /// One object of the tree.
    struct Object {
        var reference: ObjectReference
        /// The object's document, byte for byte as its file holds it, `---` line included when
        /// the file has one.
        var document: Data
        /// The document parsed, for the facts deploy reads from it.
        var node: Node

        /// The value of annotation `key`.
        func annotation(_ key: String) -> String? { node["metadata"]?["annotations"]?[key]?.string }

        /// The value of data key `key` (a ConfigMap's file).
        func data(_ key: String) -> String? { node["data"]?[key]?.string }
    }

    var objects: [Object]

    /// Reads `k8s/kustomization.yaml` under `tree` and every file it lists.
    init(tree: URL) throws(KubeError) {
        let directory = tree.appendingPathComponent("k8s")
        let kustomization = directory.appendingPathComponent("kustomization.yaml")
        let root = try Self.documents(in: kustomization).first?.node
        guard case .mapping(let mapping)? = root, case .sequence(let resources)? = mapping["resources"] else {
            throw .renderedTree(path: kustomization.path, problem: "has no 'resources:' list; run render first")
        }
        var objects: [Object] = []
        for resource in resources {
            guard let file = resource.string, Self.isInsideTree(file) else {
                throw .renderedTree(path: kustomization.path, problem: "lists \(Names.quoted(resource.string ?? "?")), not a file below it")
            }
            let url = directory.appendingPathComponent(file)
            for (document, bytes) in try Self.documents(in: url) {
                guard let kind = document["kind"]?.string, let name = document["metadata"]?["name"]?.string else {
                    throw .renderedTree(path: url.path, problem: "holds an object without kind or metadata.name")
                }
                objects.append(Object(reference: ObjectReference(kind: kind, name: name), document: bytes, node: document))
            }
        }
        self.objects = objects.filter { $0.reference.kind == "Namespace" } + objects.filter { $0.reference.kind != "Namespace" }
    }

    /// The names of the StatefulSets, in tree order.
    var statefulSets: [String] { objects.filter { $0.reference.kind == "StatefulSet" }.map(\.reference.name) }

    /// The object named `reference`.
    func object(_ reference: ObjectReference) -> Object? { objects.first { $0.reference == reference } }

    /// The manifests for kubectl's stdin: every object's document as its file holds it, then
    /// `extra` (documents that open with `---`), as one multi-document stream.
    ///
    /// Only what joining needs is added: `---` before a document its file starts without, and a
    /// line feed after one whose file ends without. A tree render wrote needs neither, so the
    /// stream is its files' bytes.
    func stream(appending extra: [String] = []) -> Data {
        Self.stream(of: objects, appending: extra)
    }

    /// ``stream(appending:)`` of some of the objects.
    static func stream(of objects: [Object], appending extra: [String] = []) -> Data {
        var stream = Data()
        for object in objects {
            if !YAMLDocuments.opensWithMarker(object.document) { stream.append(contentsOf: "---\n".utf8) }
            stream.append(object.document)
            if object.document.last != UInt8(ascii: "\n") { stream.append(UInt8(ascii: "\n")) }
        }
        for document in extra { stream.append(contentsOf: document.utf8) }
        return stream
    }

    /// Whether `file` is a relative path below the kustomization's directory (`nodes/x.yaml`):
    /// no absolute path, no empty, `.` or `..` component, no hidden file.
    private static func isInsideTree(_ file: String) -> Bool {
        let components = file.split(separator: "/", omittingEmptySubsequences: false)
        return !file.hasPrefix("/") && !components.contains { $0.isEmpty || $0.hasPrefix(".") }
    }

    /// The largest rendered file read: a Secret file of several thousand nodes stays far below.
    static let maximumFileSize = 256 << 20

    /// The non-empty documents of the file at `url` (a regular file, never a link: a rendered
    /// tree holds none), each parsed and with its bytes.
    private static func documents(in url: URL) throws(KubeError) -> [(node: Node, bytes: Data)] {
        let data: Data
        switch OwnFile.read(url.path, limit: maximumFileSize) {
        case .bytes(let bytes): data = bytes
        case .absent: throw .renderedTree(path: url.path, problem: "does not exist; run render first")
        case .refused(let reason): throw .renderedTree(path: url.path, problem: "\(reason); run render first")
        }
        guard String(data: data, encoding: .utf8) != nil else {
            throw .renderedTree(path: url.path, problem: "cannot read it (it is not UTF-8 text); run render first")
        }
        var documents: [(node: Node, bytes: Data)] = []
        do {
            for bytes in YAMLDocuments.split(data) {
                let parser = try Parser(yaml: String(decoding: bytes, as: UTF8.self))
                var roots: [Node] = []
                while let root = try parser.nextRoot() {
                    if case .scalar(let scalar) = root, scalar.string.isEmpty { continue }
                    roots.append(root)
                }
                guard roots.count <= 1 else { throw YAMLDocuments.Unsplit() }
                if let root = roots.first { documents.append((root, bytes)) }
            }
        } catch {
            throw .renderedTree(path: url.path, problem: "is not valid YAML: \(error)")
        }
        return documents
    }
}
