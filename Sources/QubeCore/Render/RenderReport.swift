import Foundation

/// What a render wrote: the files of the tree and the Kubernetes objects in its manifests.
public struct RenderReport: Equatable, Sendable {
    /// A Kubernetes object and the manifest file that holds it.
    public struct Object: Equatable, Sendable {
        /// The object's kind, e.g. `StatefulSet`.
        public var kind: String
        /// The object's name.
        public var name: String
        /// The object's namespace; nil for the Namespace itself.
        public var namespace: String?
        /// The file's path relative to ``RenderReport/directory``.
        public var file: String
    }

    /// The rendered tree, `out/<network>`.
    public var directory: URL
    /// Every file written, relative to ``directory``, in the order written.
    public var files: [String]
    /// Every object in the manifests, in apply order.
    public var objects: [Object]
    /// How the tree differs from the one it replaced.
    public var changes: TreeChanges

    /// One line saying what the render changed: `render org-a: 15 files, 2 changed, 1 removed`.
    public func summary(network: String) -> String {
        "render \(network): \(files.count) files, \(changes.changed.count) changed"
            + (changes.removed.isEmpty ? "" : ", \(changes.removed.count) removed")
    }
}
