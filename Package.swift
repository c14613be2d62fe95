// swift-tools-version:6.0
import PackageDescription

// Data flows markdown → KlingRegistry (schema, lowering) → KlingEngine (the one
// validation engine) → KlingCLI (commands, reports); KlingValidators holds the
// programs generated from the schema and runs them on the same KlingEngine.
let package = Package(
    name: "klingreg",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "klingreg", targets: ["klingreg"]),
        .library(name: "KlingValidators", targets: ["KlingValidators"]),
        .library(name: "KlingRuntime", targets: ["KlingRuntime"]),
        .library(name: "KlingEngine", targets: ["KlingEngine"]),
        // For the fuzzing package in fuzz/, which links the libraries, not the tool.
        .library(name: "KlingFuzzInputs", targets: ["KlingFuzzInputs"]),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "KlingRuntime"),
        // The one validation engine: lowered programs and their evaluator, on KlingRuntime alone.
        .target(name: "KlingEngine", dependencies: ["KlingRuntime"]),
        .target(name: "KlingRegistry", dependencies: ["CCmarkGFM", "KlingRuntime", "KlingEngine"]),
        .target(name: "KlingCLI", dependencies: ["KlingRegistry", "KlingRuntime"]),
        .executableTarget(name: "klingreg", dependencies: ["KlingCLI"]),
        // Timing and memory probes that bench/run drives; not part of the tool.
        .executableTarget(name: "klingreg-bench", dependencies: ["KlingRegistry", "KlingRuntime"]),
        .target(name: "KlingValidators", dependencies: ["KlingRuntime", "KlingEngine"]),
        // What the fuzz targets in fuzz/ run, shared with the tests that replay their crashers.
        .target(name: "KlingFuzzInputs", dependencies: ["KlingRegistry", "KlingRuntime"]),
        // Fixtures shared by the test targets: temporary repositories, images made in code, repositories loaded once.
        .target(name: "KlingTestSupport", dependencies: ["KlingRuntime", "KlingRegistry"], path: "Tests/KlingTestSupport"),
        .testTarget(name: "KlingRuntimeTests", dependencies: ["KlingRuntime", "KlingTestSupport"]),
        .testTarget(name: "KlingRegistryTests", dependencies: ["KlingRegistry", "KlingRuntime", "KlingTestSupport"]),
        // Fixtures and the Python cross-check are read from disk by path, not bundled.
        .testTarget(name: "KlingCLITests", dependencies: ["KlingCLI", "KlingRegistry", "KlingRuntime", "KlingTestSupport", "KlingFuzzInputs"], exclude: ["Fixtures", "Python"]),
        // The validators are checked against the interpreter, so their tests see both.
        .testTarget(name: "KlingValidatorsTests", dependencies: ["KlingValidators", "KlingRuntime", "KlingRegistry", "KlingTestSupport"]),
    ]
)
