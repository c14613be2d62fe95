// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for klingreg, built only by fuzz/run (never by `swift test`):
// the evidence reader, payload validation and plans (preflight). fuzz/run builds everything with
// -sanitize=fuzzer,address so the libraries are instrumented too.
let fuzzFlags: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "klingreg-fuzz",
    dependencies: [.package(name: "klingreg", path: "..")],
    targets: [
        .executableTarget(name: "fuzz-evidence", dependencies: [.product(name: "KlingFuzzInputs", package: "klingreg")], swiftSettings: fuzzFlags),
        .executableTarget(name: "fuzz-validate", dependencies: [.product(name: "KlingFuzzInputs", package: "klingreg")], swiftSettings: fuzzFlags),
        .executableTarget(name: "fuzz-plan", dependencies: [.product(name: "KlingFuzzInputs", package: "klingreg")], swiftSettings: fuzzFlags),
        .executableTarget(name: "fuzz-record", dependencies: [.product(name: "KlingFuzzInputs", package: "klingreg")], swiftSettings: fuzzFlags),
    ]
)
