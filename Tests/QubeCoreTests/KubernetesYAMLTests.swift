import Foundation
import Testing
import Yams

@testable import QubeCore

/// Strings written into manifests read back unchanged, whatever they contain.
@Suite struct KubernetesYAMLTests {
    static let trickyStrings = [
        "", " ", "plain", "true", "True", "yes", "no", "on", "off", "y", "N", "null", "~", "NULL", "0", "8545", "-1", "+1", "0755",
        "0x1F", "1e3", "1_000", "12:30", ".inf", "-.inf", ".nan", "2001-12-14", "=", "<<", " leading", "trailing ", "a: b", "a:b",
        "#comment", "a #b", "&anchor", "*alias", "!!python/object:os.system", "!tag", "---", "...", "--- x", "- item", "[a]", "{a: 1}",
        "'single'", "\"double\"", "%directive", "@at", "`tick", "|literal", ">folded", "?key", "a,b", "tab\there", "bell\u{7}",
        "nul\u{0}byte", "ünïcödé", "emoji 🚀", "line\u{2028}separator", "multi\nline", "trailing newline\n", "two\n\n",
        "\nleading newline", "  indented\nblock", "$(HOSTNAME)", "$$(x)", "`id`", "'; rm -rf / #", "key: value\n---\nkind: Secret",
    ]

    @Test(arguments: trickyStrings)
    func stringReadsBackUnchanged(_ text: String) throws {
        let yaml = YAMLNode.documents([YAMLNode.mapping(["key": YAMLNode.string(text), "list": YAMLNode.strings([text, text])])])
        let parsed = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        #expect(parsed["key"] as? String == text, "\(yaml)")
        #expect(parsed["list"] as? [String] == [text, text])
        #expect(parsed.count == 2)
    }

    @Test func plainOnlyWhenEveryReaderAgrees() {
        for text in ["abc", "5Gi", "/data/quorum", "app.kubernetes.io/name", "BULeR8JyUWhiuuCMU/HLA0Q5pzkYT+cHII3ZKBey3Bo="] {
            #expect(YAMLNode.isPlainSafe(text), "\(text)")
        }
        for text in ["y", "Y", "n", "yes", "off", "true", "null", "8545", "0755", "1e3", "0x1F", "-c", "a b", "a:b", "", ".inf", "2001-12-14"] {
            #expect(!YAMLNode.isPlainSafe(text), "\(text)")
        }
    }

    @Test(arguments: trickyStrings + ["5Gi", "250m", "1e3x", "12ab", "2001-12-14", "0b101", "0o17", "1_0", "/x", "a=b", "Yes", "OFF"])
    func plainStringsAreStringsToYams(_ text: String) {
        if YAMLNode.isPlainSafe(text) {
            #expect(Resolver.default.resolveTag(of: .scalar(Node.Scalar(text))) == .str)
        }
    }

    @Test func dollarsAreEscapedForKubernetesExpansion() {
        #expect(Container.literal("$(HOME) $$ $x") == "$$(HOME) $$$$ $$x")
    }
}
