// swift-tools-version:6.1
// libFuzzer targets for every parser qube feeds outside input. Build and run: see README.md.
import PackageDescription

let parsers = ["ExternalNodes", "EnodeURL", "RLP", "KeystoreJSON", "GenesisJSON"]

let package = Package(
    name: "qube-fuzz",
    dependencies: [.package(name: "qube", path: "..")],
    targets: [.target(name: "CFuzzer")]
        + parsers.map { parser in
            .executableTarget(
                name: "Fuzz\(parser)",
                dependencies: ["CFuzzer", .product(name: "QubeCore", package: "qube")],
                swiftSettings: [.unsafeFlags(["-parse-as-library"])]
            )
        }
)
