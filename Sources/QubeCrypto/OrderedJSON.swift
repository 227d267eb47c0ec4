import Foundation

/// A JSON value whose object members keep the order they were given, written compactly.
///
/// Key files must match the byte layout other tools write (geth's struct order, Tessera's
/// fixtures), which neither sorted keys nor dictionary order gives. Strings are escaped by
/// `JSONSerialization`, never pasted into text.
enum OrderedJSON {
    case string(String)
    case integer(Int)
    case object([(String, OrderedJSON)])

    /// The compact UTF-8 encoding: no spaces, no trailing newline.
    var data: Data {
        var out = Data()
        write(to: &out)
        return out
    }

    private func write(to out: inout Data) {
        switch self {
        case .string(let text):
            // A top-level fragment is the one form JSONSerialization writes for a lone string.
            out.append(try! JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes]))
        case .integer(let value):
            out.append(contentsOf: String(value).utf8)
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                OrderedJSON.string(key).write(to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

/// Reading members of a parsed JSON object with errors that name the member.
struct JSONObjectReader {
    /// What the caller calls the document in error messages, e.g. "keystore".
    let context: String
    let object: [String: Any]

    init(_ value: Any?, context: String) throws(KeyFileError) {
        guard let object = value as? [String: Any] else { throw KeyFileError("\(context) is not a JSON object") }
        self.object = object
        self.context = context
    }

    init(parsing data: Data, context: String) throws(KeyFileError) {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw KeyFileError("\(context) is not valid JSON")
        }
        try self.init(parsed, context: context)
    }

    func object(_ key: String) throws(KeyFileError) -> JSONObjectReader {
        try JSONObjectReader(object[key], context: "\(context).\(key)")
    }

    func string(_ key: String) throws(KeyFileError) -> String {
        guard let value = object[key] as? String else { throw KeyFileError("\(context).\(key) is missing or not a string") }
        return value
    }

    func optionalString(_ key: String) throws(KeyFileError) -> String? {
        guard object[key] != nil else { return nil }
        return try string(key)
    }

    func integer(_ key: String) throws(KeyFileError) -> Int {
        // JSONSerialization gives NSNumber; accept only integral values.
        guard let number = object[key] as? NSNumber, let value = Int(exactly: number.doubleValue) else {
            throw KeyFileError("\(context).\(key) is missing or not an integer")
        }
        return value
    }

    func hex(_ key: String) throws(KeyFileError) -> [UInt8] {
        let text = try string(key)
        guard let bytes = try? Hex.decode(text) else { throw KeyFileError("\(context).\(key) is not hex") }
        return bytes
    }

    func base64(_ key: String) throws(KeyFileError) -> [UInt8] {
        let text = try string(key)
        guard let bytes = Data(base64Encoded: text) else { throw KeyFileError("\(context).\(key) is not base64") }
        return Array(bytes)
    }
}

/// A key file (keystore, tm.key) that cannot be read or opened.
public struct KeyFileError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong, naming the JSON member at fault; never any secret.
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
