import Foundation

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
