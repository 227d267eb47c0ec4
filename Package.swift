// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "qube",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "qube", targets: ["qube"]),
        .library(name: "QubeCore", targets: ["QubeCore"]),
        .library(name: "QubeLua", targets: ["QubeLua"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C interop: system libraries, each with a shim header.
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        // File-system calls the Swift Glibc overlay lacks (renameat2 RENAME_EXCHANGE).
        .target(name: "CPosix"),

        .target(
            name: "QubeCrypto",
            dependencies: [
                "CSecp256k1", "CSodium",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(name: "QubeCore", dependencies: ["QubeCrypto", "CPosix", "Yams", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "QubeKube", dependencies: ["QubeCore"]),
        .target(name: "QubeLua", dependencies: ["CLua", "QubeCore", "QubeKube"], plugins: ["StdlibBundler"]),
        // stdlib/ compiled into QubeLua, so a qube binary is self-contained.
        .executableTarget(name: "stdlib-bundler"),
        .plugin(name: "StdlibBundler", capability: .buildTool(), dependencies: ["stdlib-bundler"]),
        .executableTarget(
            name: "qube",
            dependencies: ["QubeLua", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // In-process timings for scripts/bench.sh (not shipped).
        .executableTarget(name: "qube-bench", dependencies: ["QubeLua", "QubeCore"]),

        .testTarget(name: "QubeCryptoTests", dependencies: ["QubeCrypto"]),
        .testTarget(name: "QubeCoreTests", dependencies: ["QubeCore"], exclude: ["Golden"]),
        .testTarget(name: "QubeKubeTests", dependencies: ["QubeKube"]),
        .testTarget(name: "QubeLuaTests", dependencies: ["QubeLua", "CLua"]),
        .testTarget(name: "QubeCLITests", dependencies: ["qube", "Yams"]),
    ]
)
