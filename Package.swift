// swift-tools-version:6.1
import PackageDescription

/// Every Swift target's settings: an import makes only the members of the modules a file
/// imports visible, so each file (and Package.swift) states what it uses.
let swiftSettings: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]

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
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C interop: system libraries, each with a shim header.
        .systemLibrary(name: "CArgon2", pkgConfig: "libargon2", providers: [.apt(["libargon2-dev"])]),
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        // File-system calls the Swift Glibc overlay lacks (renameat2 RENAME_EXCHANGE).
        .target(name: "CPosix"),
        // The C half of LuaRuntime: the code Lua may longjmp out of.
        .target(name: "CLuaRuntime", dependencies: ["CLua"]),

        .target(
            name: "QubeCrypto",
            dependencies: [
                "CArgon2", "CSecp256k1", "CSodium",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QubeCore",
            dependencies: ["QubeCrypto", "CPosix", "Yams", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(name: "QubeKube", dependencies: ["QubeCore", "QubeCrypto", "Yams"], swiftSettings: swiftSettings),
        // A Lua 5.4 host for Swift, knowing nothing of qube.
        .target(name: "LuaRuntime", dependencies: ["CLua", "CLuaRuntime"], swiftSettings: swiftSettings),
        .target(
            name: "QubeLua", dependencies: ["LuaRuntime", "QubeCore", "QubeCrypto", "QubeKube", "Yams"],
            swiftSettings: swiftSettings, plugins: ["StdlibBundler"]
        ),
        // stdlib/ compiled into QubeLua, so a qube binary is self-contained.
        .executableTarget(name: "stdlib-bundler", swiftSettings: swiftSettings),
        .plugin(name: "StdlibBundler", capability: .buildTool(), dependencies: ["stdlib-bundler"]),
        .executableTarget(
            name: "qube",
            dependencies: [
                "QubeLua", "LuaRuntime", "QubeCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // In-process timings for scripts/bench.sh (not shipped).
        .executableTarget(name: "qube-bench", dependencies: ["QubeLua", "QubeCore"], swiftSettings: swiftSettings),

        .testTarget(
            name: "QubeCryptoTests", dependencies: ["QubeCrypto", "CSodium", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "QubeCoreTests", dependencies: ["QubeCore", "QubeCrypto", "Yams"], exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "QubeKubeTests", dependencies: ["QubeKube", "QubeCore"], swiftSettings: swiftSettings),
        // The runtime's own tests; QubeCore only for the "did you mean" qube injects.
        .testTarget(name: "LuaRuntimeTests", dependencies: ["LuaRuntime", "CLua", "QubeCore"], swiftSettings: swiftSettings),
        .testTarget(name: "QubeLuaTests", dependencies: ["QubeLua", "LuaRuntime"], swiftSettings: swiftSettings),
        .testTarget(
            name: "QubeCLITests", dependencies: ["qube", "LuaRuntime", "QubeCore", "QubeLua", "Yams"],
            swiftSettings: swiftSettings
        ),
    ]
)
