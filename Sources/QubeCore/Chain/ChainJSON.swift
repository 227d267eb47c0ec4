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
        var out: [UInt8] = []
        write(to: &out, depth: 0, foundationStyle: false)
        out.append(UInt8(ascii: "\n"))
        return Data(out)
    }

    /// The value as Foundation's `JSONSerialization` writes it with `.sortedKeys`: no
    /// whitespace, `/` escaped as `\/`, keys in its order (numeric, case-insensitive, then
    /// ordinal). Pod config hashes were defined on that form, so it must stay byte for byte
    /// what `JSONSerialization` gave, without its cost (a tenth of a 1000-node render).
    var foundationSortedData: Data {
        var out: [UInt8] = []
        write(to: &out, depth: 0, foundationStyle: true)
        return Data(out)
    }

    /// Writes the value as bytes, indented for nesting `depth` in qube's file form, or without
    /// whitespace in `JSONSerialization`'s (`foundationStyle`). Bytes, not a `String`: a
    /// 1000-node render writes a Tessera config per node, and appending scalar by scalar to a
    /// `String` was a tenth of it.
    private func write(to out: inout [UInt8], depth: Int, foundationStyle: Bool) {
        func breakLine(_ depth: Int) {
            guard !foundationStyle else { return }
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }
        switch self {
        case .string(let value):
            ChainJSON.writeString(value, to: &out, foundationStyle: foundationStyle)
        case .integer(let value):
            out += String(value).utf8
        case .bool(let value):
            out += (value ? "true" : "false").utf8
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                breakLine(depth + 1)
                item.write(to: &out, depth: depth + 1, foundationStyle: foundationStyle)
            }
            if !items.isEmpty { breakLine(depth) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let keys = foundationStyle ? members.keys.sorted(by: Self.foundationOrders) : members.keys.sorted()
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                breakLine(depth + 1)
                ChainJSON.writeString(key, to: &out, foundationStyle: foundationStyle)
                out += (foundationStyle ? ":" : ": ").utf8
                members[key]!.write(to: &out, depth: depth + 1, foundationStyle: foundationStyle)
            }
            if !members.isEmpty { breakLine(depth) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Whether `JSONSerialization` with `.sortedKeys` puts `a` before `b`: it compares keys
    /// numerically and case-insensitively, then forcibly. Keys of ASCII letters only that
    /// differ apart from case are in alphabetical order, which is found here without
    /// Foundation (whose `compare` was most of the cost of this form).
    private static func foundationOrders(_ a: String, _ b: String) -> Bool {
        func lower(_ byte: UInt8) -> UInt8 { byte | 0x20 }
        func letters(_ key: String) -> Bool { key.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower($0)) } }
        if letters(a), letters(b), !a.utf8.elementsEqual(b.utf8, by: { lower($0) == lower($1) }) {
            return a.utf8.lexicographicallyPrecedes(b.utf8) { lower($0) < lower($1) }
        }
        return a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex, locale: Locale.current)
            == .orderedAscending
    }

    /// Writes a JSON string literal: quotes, backslashes and control characters escaped, the
    /// rest as it is. `foundationStyle` escapes as `JSONSerialization` does (`\/`, `\b`, `\f`,
    /// DEL unescaped); otherwise as qube's files always had it (DEL as `\u007f`).
    private static func writeString(_ value: String, to out: inout [UInt8], foundationStyle: Bool) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0x0A: out += #"\n"#.utf8
            case 0x0D: out += #"\r"#.utf8
            case 0x09: out += #"\t"#.utf8
            case UInt8(ascii: "/") where foundationStyle: out += #"\/"#.utf8
            case 0x08 where foundationStyle: out += #"\b"#.utf8
            case 0x0C where foundationStyle: out += #"\f"#.utf8
            case _ where byte < 0x20 || (byte == 0x7F && !foundationStyle):
                let hex = String(byte, radix: 16)
                out += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
