// swift-tools-version:6.0
import PackageDescription

// Data flows markdown → KlingRegistry (schema) → KlingCLI (commands, reports);
// KlingValidators holds validators generated from the schema and shares only
// the hand-written KlingRuntime with the rest.
let package = Package(
    name: "klingreg",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "klingreg", targets: ["klingreg"]),
        .library(name: "KlingValidators", targets: ["KlingValidators"]),
        .library(name: "KlingRuntime", targets: ["KlingRuntime"]),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "KlingRuntime"),
        .target(name: "KlingRegistry", dependencies: ["CCmarkGFM", "KlingRuntime"]),
        .target(name: "KlingCLI", dependencies: ["KlingRegistry", "KlingRuntime"]),
        .executableTarget(name: "klingreg", dependencies: ["KlingCLI"]),
        .target(name: "KlingValidators", dependencies: ["KlingRuntime"]),
        // Fixtures shared by the test targets: temporary repositories, images made in code.
        .target(name: "KlingTestSupport", dependencies: ["KlingRuntime"], path: "Tests/KlingTestSupport"),
        .testTarget(name: "KlingRuntimeTests", dependencies: ["KlingRuntime", "KlingTestSupport"]),
        .testTarget(name: "KlingRegistryTests", dependencies: ["KlingRegistry", "KlingRuntime", "KlingTestSupport"]),
        .testTarget(name: "KlingCLITests", dependencies: ["KlingCLI", "KlingRegistry", "KlingRuntime", "KlingTestSupport"]),
        // The validators are checked against the interpreter, so their tests see both.
        .testTarget(name: "KlingValidatorsTests", dependencies: ["KlingValidators", "KlingRuntime", "KlingRegistry", "KlingTestSupport"]),
    ]
)
