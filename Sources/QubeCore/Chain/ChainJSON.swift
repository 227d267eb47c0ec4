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
