import Foundation
import QubeCore
import Testing

/// The checkout `QUBERNETES_DIR` names, if any.
private let qubernetesCheckout = ProcessInfo.processInfo.environment["QUBERNETES_DIR"].map { URL(fileURLWithPath: $0) }

/// The configurations that ship with Qubernetes, read verbatim from a checkout of
/// ConsenSys/qubernetes (tested at f266e62) named by `QUBERNETES_DIR`. Qube never commits them;
/// without the variable the suite is skipped. Run it as:
///
/// ```sh
/// mkdir /tmp/qubernetes
/// git -C <clone of ConsenSys/qubernetes> archive f266e62 qubernetes.yaml examples 7nodes | tar -x -C /tmp/qubernetes
/// QUBERNETES_DIR=/tmp/qubernetes swift test --skip-build --filter QubernetesUpstreamConfigTests
/// ```
@Suite(.enabled(if: qubernetesCheckout != nil, "set QUBERNETES_DIR to a checkout of ConsenSys/qubernetes to read its example configurations"))
struct QubernetesUpstreamConfigTests {
    static let checkout = qubernetesCheckout

    /// `7nodes/nodes-7.yaml` is the `nodes.yaml` of the pre-qctl layout, not a configuration:
    /// Qubernetes' `qubernetes` script fails on it too (`values["quorum"]["quorum"]` of nil).
    static let notAConfiguration = "7nodes/nodes-7.yaml"

    /// `qubernetes.yaml` and every YAML file of `examples/config/` and `7nodes/` (its
    /// configurations, not the rendered `k8s-yaml-pvc/` manifests).
    static func configurations(in root: URL) throws -> [String] {
        var paths = ["qubernetes.yaml"]
        let manager = FileManager.default
        for directory in ["examples/config", "7nodes"] {
            guard let walker = manager.enumerator(atPath: root.appendingPathComponent(directory).path) else { continue }
            for case let path as String in walker where path.hasSuffix(".yaml") && !path.contains("k8s-yaml") {
                paths.append("\(directory)/\(path)")
            }
        }
        return paths.sorted()
    }

    @Test func everyConfigurationOfQubernetesLoads() throws {
        let root = try #require(Self.checkout)
        let paths = try Self.configurations(in: root)
        #expect(paths.count >= 20, "QUBERNETES_DIR holds \(paths.count) configurations; is it a checkout of ConsenSys/qubernetes?")
        for path in paths where path != Self.notAConfiguration {
            let config: QubernetesConfig
            do {
                config = try QubernetesConfig.read(from: root.appendingPathComponent(path), displayPath: path)
            } catch {
                Issue.record("\(error)")
                continue
            }
            #expect(!config.nodes.isEmpty, "\(path)")
            for node in config.nodes {
                let words = try ShellWords.split(node.gethParams)
                #expect(!words.contains { $0.contains("\"") || $0.contains("\\") }, "\(path): \(node.name): \(words)")
            }
        }
    }

    @Test func theQuickstartConfigurationIsTheNetworkItDescribes() throws {
        let root = try #require(Self.checkout)
        let config = try QubernetesConfig.read(from: root.appendingPathComponent("qubernetes.yaml"), displayPath: "qubernetes.yaml")
        #expect(config.chainID == 1000 && config.consensus == .istanbul)
        #expect(config.quorumVersion == SemanticVersion(2, 6, 0) && config.tesseraVersion == SemanticVersion(0, 10, 4))
        #expect(config.nodes.map(\.name) == ["quorum-node1", "quorum-node2", "quorum-node3", "quorum-node4"])
    }

    @Test func theNodesFileOfThePreQctlLayoutIsRefusedAtItsLine() throws {
        let root = try #require(Self.checkout)
        #expect(throws: InputFileError(path: Self.notAConfiguration, line: 6, field: "genesis.consensus", "is required (raft, istanbul, qbft or clique)")) {
            try QubernetesConfig.read(from: root.appendingPathComponent(Self.notAConfiguration), displayPath: Self.notAConfiguration)
        }
    }
}
