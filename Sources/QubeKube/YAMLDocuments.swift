import Foundation

/// Splits a multi-document YAML stream into its documents' bytes without parsing or re-emitting
/// them.
///
/// A line that starts with `---` or `...` followed by a space, a tab, a line break or the end of
/// the stream is always a document marker: YAML forbids such a line inside any scalar (YAML 1.2
/// `c-forbidden`). A document therefore starts at a `---` line (with any comments and
/// directives just before it) or after a `...` line, and ends before the next start.
enum YAMLDocuments {
    /// A piece of the split that a parser read as more than one document.
    struct Unsplit: Error, CustomStringConvertible {
        var description: String { "documents are not separated by '---' lines" }
    }

    /// The documents of `data` in order, each as the bytes the stream holds it in; together
    /// they are `data`. Pieces holding only comments or blank lines are documents too (empty).
    static func split(_ data: Data) -> [Data] {
        let bytes = [UInt8](data)
        var documents: [Data] = []
        var start = 0
        // Whether the piece since `start` has a `---` line, and whether it has content yet.
        var opened = false
        var hasContent = false
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            if isMarker(line, 0x2D) {
                if opened || hasContent {
                    documents.append(Data(bytes[start..<lineStart]))
                    start = lineStart
                }
                opened = true
                hasContent = isContent(line.dropFirst(3))
            } else if isMarker(line, 0x2E) {
                documents.append(Data(bytes[start..<lineEnd]))
                start = lineEnd
                opened = false
                hasContent = false
            } else if isContent(line) && line.first != UInt8(ascii: "%") {
                hasContent = true
            }
            lineStart = lineEnd
        }
        if start < bytes.count { documents.append(Data(bytes[start...])) }
        return documents
    }

    /// Whether `document` (a piece ``split(_:)`` returned) has a `---` line before its content.
    static func opensWithMarker(_ document: Data) -> Bool {
        var lines = document.split(separator: 0x0A, omittingEmptySubsequences: false)[...]
        // Comments, blank lines and directives may come before the marker.
        while let line = lines.first, !isMarker(line, 0x2D), !isContent(line) || line.first == UInt8(ascii: "%") { lines = lines.dropFirst() }
        return lines.first.map { isMarker($0, 0x2D) } ?? false
    }

    /// Whether `line` is `---` (`character` 0x2D) or `...` (0x2E) followed by whitespace or nothing.
    private static func isMarker(_ line: some Collection<UInt8>, _ character: UInt8) -> Bool {
        let head = Array(line.prefix(4))
        guard head.count >= 3, head[0..<3].allSatisfy({ $0 == character }) else { return false }
        return head.count == 3 || [0x20, 0x09, 0x0A, 0x0D].contains(head[3])
    }

    /// Whether `line` holds more than whitespace and a comment (a directive line counts).
    private static func isContent(_ line: some Collection<UInt8>) -> Bool {
        guard let first = line.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return false }
        return first != UInt8(ascii: "#")
    }
}
