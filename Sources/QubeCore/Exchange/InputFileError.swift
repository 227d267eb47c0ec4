/// A problem in a file the user passed (an exchange file, a genesis from another organisation),
/// phrased `path:line: field: problem` so editors and terminals can jump to it.
public struct InputFileError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file as the user named it.
    public var path: String
    /// The 1-based line of the offending value, when known.
    public var line: Int?
    /// The path of the offending value inside the file (`external_nodes[2].Enode_Url`), when known.
    public var field: String?
    /// What is wrong, as a sentence fragment.
    public var problem: String

    public init(path: String, line: Int? = nil, field: String? = nil, _ problem: String) {
        self.path = path
        self.line = line
        self.field = field
        self.problem = problem
    }

    public var description: String {
        path + (line.map { ":\($0)" } ?? "") + ": " + (field.map { "\($0): " } ?? "") + problem
    }
}
