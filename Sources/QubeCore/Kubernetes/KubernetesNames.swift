#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks for user values that Kubernetes accepts only in a given syntax: quantities, object
/// names, annotation keys, IP addresses and image references. Each throws a ``ValidationError``
/// naming `field`, so a bad value fails before anything is written or applied.
enum KubernetesNames {
    /// Throws unless `text` is a storage size: a positive decimal number with an optional binary
    /// (`Ki` … `Ei`) or decimal (`k` … `E`) suffix, such as `5Gi` or `500M`.
    static func checkStorageSize(_ text: String, field: String) throws(ValidationError) {
        let suffixes = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "k", "M", "G", "T", "P", "E", ""]
        let number = suffixes.lazy.compactMap { text.hasSuffix($0) ? text.dropLast($0.count) : nil }.first ?? ""
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard text.utf8.count <= 32, !parts[0].isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isDigit) }),
            number.contains(where: { $0 != "0" && $0 != "." })
        else {
            throw ValidationError(field: field, "\(Names.quoted(text)) is not a storage size: use a positive number with a unit, such as 5Gi or 500Mi")
        }
    }

    /// Throws unless `name` is a DNS-1123 subdomain (StorageClass and other object names):
    /// dot-separated DNS labels, at most 253 characters.
    static func checkSubdomain(_ name: String, field: String) throws(ValidationError) {
        guard isSubdomain(name) else {
            throw ValidationError(
                field: field,
                "\(Names.quoted(name)) is not a valid name: use at most 253 lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit"
            )
        }
    }

    /// Throws unless `key` is a qualified name, as label and annotation keys must be:
    /// an optional DNS subdomain prefix and `/`, then 1–63 letters, digits, `-`, `_` and `.`,
    /// starting and ending with a letter or digit.
    static func checkQualifiedName(_ key: String, field: String) throws(ValidationError) {
        var name = Substring(key)
        var prefixIsValid = true
        if let slash = key.firstIndex(of: "/") {
            prefixIsValid = isSubdomain(String(key[..<slash]))
            name = key[key.index(after: slash)...]
        }
        guard prefixIsValid, isLabelValue(Array(name.utf8)) else {
            throw ValidationError(
                field: field,
                "\(Names.quoted(key)) is not a valid key: use an optional DNS prefix and '/', then 1-63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
            )
        }
    }

    /// Throws unless `value` is a label value: empty, or 1–63 letters, digits, `-`, `_` and `.`,
    /// starting and ending with a letter or digit.
    public static func checkLabelValue(_ value: String, field: String) throws(ValidationError) {
        guard value.isEmpty || isLabelValue(Array(value.utf8)) else {
            throw ValidationError(
                field: field,
                "\(Names.quoted(value)) is not a valid label value: use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit")
        }
    }

    /// Whether `bytes` are 1–63 letters, digits, `-`, `_` and `.`, starting and ending with a
    /// letter or digit: a non-empty label value, and the name part of a qualified name.
    private static func isLabelValue(_ bytes: [UInt8]) -> Bool {
        func isAlphanumeric(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) }
        return (1...63).contains(bytes.count) && isAlphanumeric(bytes.first!) && isAlphanumeric(bytes.last!)
            && bytes.allSatisfy({ isAlphanumeric($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E })
    }

    /// Throws unless `text` is an IPv4 or IPv6 address literal.
    static func checkIPAddress(_ text: String, field: String) throws(ValidationError) {
        var buffer = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET, text, &buffer) == 1 || inet_pton(AF_INET6, text, &buffer) == 1 else {
            throw ValidationError(field: field, "\(Names.quoted(text)) is not an IP address")
        }
    }

    /// Throws unless `reference` names an image by a fixed version: `[registry/]path:tag` with a
    /// tag other than `latest`, or `…@sha256:<64 hex>`.
    static func checkPinnedImage(_ reference: String, field: String) throws(ValidationError) {
        let shown = Names.quoted(reference)
        var name = Substring(reference)
        var pinned = false
        if let at = reference.firstIndex(of: "@") {
            let digest = reference[reference.index(after: at)...]
            guard digest.hasPrefix("sha256:"), digest.utf8.count == 71, digest.dropFirst(7).utf8.allSatisfy({ isDigit($0) || (0x61...0x66).contains($0) }) else {
                throw ValidationError(field: field, "image \(shown) has a malformed digest (expected @sha256:<64 hex>)")
            }
            name = reference[..<at]
            pinned = true
        }
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            let tag = name[name.index(after: colon)...]
            let tagBytes = Array(tag.utf8)
            guard (1...128).contains(tagBytes.count), tagBytes.first != 0x2E, tagBytes.first != 0x2D,
                tagBytes.allSatisfy({ isImageCharacter($0) || (0x41...0x5A).contains($0) })
            else { throw ValidationError(field: field, "image \(shown) has a malformed tag") }
            guard tag != "latest" else {
                throw ValidationError(field: field, "image \(shown) uses the moving tag 'latest': name a release, such as 24.4.1")
            }
            name = name[..<colon]
            pinned = true
        }
        guard pinned else { throw ValidationError(field: field, "image \(shown) has no tag: name a release, such as 24.4.1") }
        var path = name.split(separator: "/", omittingEmptySubsequences: false)[...]
        if path.count > 1, let registry = path.first, registry.contains(where: { $0 == "." || $0 == ":" }) || registry == "localhost" {
            guard registry.utf8.allSatisfy({ isImageCharacter($0) || (0x41...0x5A).contains($0) || $0 == 0x3A }) else {
                throw ValidationError(field: field, "image \(shown) has a malformed registry host")
            }
            path = path.dropFirst()
        }
        guard path.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isImageCharacter) }) else {
            throw ValidationError(field: field, "image \(shown) is not a valid image name: use lowercase letters, digits, '.', '_', '-' and '/'")
        }
    }

    static func isSubdomain(_ name: String) -> Bool {
        guard (1...253).contains(name.utf8.count) else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let b = Array(label.utf8)
            func isAlphanumeric(_ c: UInt8) -> Bool { isDigit(c) || (c >= 0x61 && c <= 0x7A) }
            return !b.isEmpty && isAlphanumeric(b.first!) && isAlphanumeric(b.last!) && b.allSatisfy { isAlphanumeric($0) || $0 == 0x2D }
        }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Lowercase letters, digits and the separators `.`, `_`, `-` of image path components and tags.
    private static func isImageCharacter(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x61 && c <= 0x7A) || c == 0x2E || c == 0x5F || c == 0x2D
    }
}
