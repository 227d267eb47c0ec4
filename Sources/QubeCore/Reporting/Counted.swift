/// `number` and `noun`, plural unless one: `1 node`, `3 nodes`, `4 networkpolicies`.
public func counted(_ number: Int, _ noun: String) -> String {
    guard number != 1 else { return "1 \(noun)" }
    if noun.hasSuffix("y"), let before = noun.dropLast().last, !"aeiou".contains(before) { return "\(number) \(noun.dropLast())ies" }
    return "\(number) \(noun)s"
}
