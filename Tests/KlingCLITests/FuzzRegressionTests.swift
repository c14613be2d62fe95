import Foundation
import KlingFuzzInputs
import KlingRuntime
import KlingTestSupport
import Testing

/// Every input a fuzzer ever crashed on (fuzz/run saves them; they are kept
/// under Fixtures/fuzz-regressions/ as evidence-* or validate-*), plus a few
/// shapes fuzzers take long to reach. Passing means: no crash, no hang.
struct FuzzRegressionTests {
    static let folder = packageRoot.appendingPathComponent("Tests/KlingCLITests/Fixtures/fuzz-regressions")

    static var saved: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix("evidence-") || $0.hasPrefix("validate-") || $0.hasPrefix("plan-") }.sorted()
    }

    static let synthetic: [(String, [UInt8])] = [
        ("evidence-deep-list", Array((String(repeating: "- ", count: 5000) + "| a |\n|---|\n| b |").utf8)),
        ("evidence-wide-table", Array(("| " + (0..<3000).map { "c\($0)" }.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: 3000) + "\n").utf8)),
        ("evidence-unterminated-code", Array("# T\n\n| Rule | Check | Effect | Wording | Source | Digest | Description |\n|---|---|---|---|---|---|---|\n| OV-R1 | `((((((((((( | error | OFF-3.0 | x | y |\n".utf8)),
        ("evidence-nested-parens", Array(("## Rules\n\n| Rule | Check | Effect | Wording | Source | Digest | Description |\n|---|---|---|---|---|---|---|\n| OV-R1 | `" + String(repeating: "(", count: 3000) + "a" + String(repeating: ")", count: 3000) + "` | error | must | OFF-3.0 | x | y |\n").utf8)),
        ("validate-deep-array", [0] + Array((String(repeating: "[", count: 600) + String(repeating: "]", count: 600)).utf8)),
        ("plan-deep-creates", Array(("{\"round\": \"r\", \"creates\": " + String(repeating: "[", count: 400) + String(repeating: "]", count: 400) + "}").utf8)),
        ("plan-many-creates", Array(("{\"round\": \"r\", \"expected_count\": 1, \"max_units\": 1, \"reviewed\": {\"guardrails\": true, \"register\": true}, \"creates\": [" + Array(repeating: "{\"endpoint\": \"text2video.create\", \"model\": \"kling-v3\", \"payload\": \"p\", \"purpose\": \"p\", \"kind\": \"verification\"}", count: 300).joined(separator: ",") + "]}").utf8)),
        ("validate-many-keys", [0] + Array(("{" + (0..<20000).map { "\"k\($0)\": \($0)" }.joined(separator: ",") + "}").utf8)),
    ]

    /// The fuzz target a saved input came from, by its name's prefix; an unknown prefix is a test failure, not a skip.
    static func replay(_ name: String, _ bytes: [UInt8]) {
        if name.hasPrefix("evidence-") { FuzzInputs.evidence(bytes) }
        else if name.hasPrefix("validate-") { FuzzInputs.validate(bytes) }
        else if name.hasPrefix("plan-") { FuzzInputs.plan(bytes) }
        else { Issue.record("no fuzz target for the saved input \(name)") }
    }

    @Test func savedAndSyntheticInputsDoNotCrash() throws {
        FuzzInputs.use(corpus)
        var ran = 0
        for name in Self.saved {
            let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
            Self.replay(name, bytes)
            ran += 1
        }
        for (name, bytes) in Self.synthetic {
            Self.replay(name, bytes)
            ran += 1
        }
        #expect(ran == Self.saved.count + Self.synthetic.count)
    }
}
