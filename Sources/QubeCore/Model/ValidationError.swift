/// A problem with user input, phrased for the user.
///
/// `field` names the offending key (`chainId`, `nodes[2].name`); the message never
/// carries a source location, which the caller that knows it adds.
public struct ValidationError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The key or path of the value at fault, or nil when the problem is not one field's.
    public var field: String?
    /// What is wrong, in a sentence fragment that reads after the field name.
    public var message: String

    public init(field: String? = nil, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String {
        field.map { "\($0): \(message)" } ?? message
    }
}
