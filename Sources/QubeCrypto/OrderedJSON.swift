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
