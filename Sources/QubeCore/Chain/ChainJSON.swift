import Foundation

/// A JSON value for the files qube writes, and its one deterministic text form.
///
/// Objects are written with sorted keys, two-space indentation and `"key": value`, and the text
/// ends with a newline, so the same value always gives the same bytes.
enum ChainJSON: Equatable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case array([ChainJSON])
    case object([String: ChainJSON])

    /// The value as UTF-8 text with a final newline.
    var data: Data {
        var text = ""
        write(to: &text, indent: "")
        text += "\n"
        return Data(text.utf8)
    }

    private func write(to out: inout String, indent: String) {
        switch self {
        case .string(let value):
            ChainJSON.writeString(value, to: &out)
        case .integer(let value):
            out += String(value)
        case .bool(let value):
            out += value ? "true" : "false"
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += indent + "  "
                item.write(to: &out, indent: indent + "  ")
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{\n"
            let keys = members.keys.sorted()
            for (index, key) in keys.enumerated() {
                out += indent + "  "
                ChainJSON.writeString(key, to: &out)
                out += ": "
                members[key]!.write(to: &out, indent: indent + "  ")
                out += index == keys.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }

    /// The value as Foundation's `JSONSerialization` writes it with `.sortedKeys`: no
    /// whitespace, `/` escaped as `\/`, keys in its order (numeric, case-insensitive, then
    /// ordinal). Pod config hashes were defined on that form, so it must stay byte for byte
    /// what `JSONSerialization` gave, without its cost (a tenth of a 1000-node render).
    var foundationSortedData: Data {
        var out: [UInt8] = []
        writeFoundationSorted(to: &out)
        return Data(out)
    }

    private func writeFoundationSorted(to out: inout [UInt8]) {
        switch self {
        case .string(let value):
            Self.writeFoundationString(value, to: &out)
        case .integer(let value):
            out += String(value).utf8
        case .bool(let value):
            out += (value ? "true" : "false").utf8
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.writeFoundationSorted(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted {
                $0.compare($1, options: [.numeric, .caseInsensitive, .forcedOrdering], range: $0.startIndex..<$0.endIndex, locale: Locale.current)
                    == .orderedAscending
            }
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeFoundationString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                members[key]!.writeFoundationSorted(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A string as `JSONSerialization` escapes it.
    private static func writeFoundationString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += #"\""#.utf8
            case "\\": out += #"\\"#.utf8
            case "/": out += #"\/"#.utf8
            case "\u{8}": out += #"\b"#.utf8
            case "\u{C}": out += #"\f"#.utf8
            case "\n": out += #"\n"#.utf8
            case "\r": out += #"\r"#.utf8
            case "\t": out += #"\t"#.utf8
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
            default:
                out += String(scalar).utf8
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Writes a JSON string literal: quotes, backslashes and control characters escaped.
    private static func writeString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
