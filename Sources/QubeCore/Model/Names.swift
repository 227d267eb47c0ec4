/// Checks for the names that end up in Kubernetes objects, DNS and file paths.
public enum Names {
    /// Throws unless `name` is a DNS-1123 label: 1–63 lowercase letters, digits and '-', starting
    /// and ending with a letter or digit. Such a name is safe in YAML, shell argv, DNS and paths.
    public static func checkDNSLabel(_ name: String, field: String, maxLength: Int = 63) throws(ValidationError) {
        let bytes = Array(name.utf8)
        func isAlnum(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) }
        guard !bytes.isEmpty, bytes.count <= maxLength,
            bytes.allSatisfy({ isAlnum($0) || $0 == 0x2D }),
            isAlnum(bytes.first!), isAlnum(bytes.last!)
        else {
            throw ValidationError(
                field: field,
                "\(quoted(name)) is not a valid name: use 1-\(maxLength) lowercase letters, digits and '-', starting and ending with a letter or digit"
            )
        }
    }

    /// Quotes a user string for an error message, escaping control characters and cutting long ones.
    public static func quoted(_ text: String, limit: Int = 60) -> String {
        var shown = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            shown += scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return "'" + shown + (text.unicodeScalars.count > limit ? "…" : "") + "'"
    }
}
