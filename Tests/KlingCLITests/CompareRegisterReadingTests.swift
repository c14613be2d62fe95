import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// `compare-register` never reports agreement over what it did not read.
struct CompareRegisterReadingTests {
    static func compare(_ page: String, _ extra: [String] = []) -> CLIResult {
        let folder = TemporaryFolder()
        folder.write("r.md", page)
        return runCLI(["compare-register", folder.url.appendingPathComponent("r.md").path] + extra)
    }

    @Test func unreadableLinesAreWarningsAtTheirLineAndKeepTheExitAtOne() {
        let result = Self.compare("## `mode`\n- status: doc-derived\n- status: doc-dervied\n- status doc-derived\n\n### known rule\n- status: live-confirmed\n## `prompt` and `mode\n- status: doc-derived\n")
        let warnings = result.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": warning: ") }
        #expect(warnings.count == 5, "\(result.stderr)")
        #expect(warnings.contains { $0.hasSuffix("r.md:3:1: warning: unknown status word 'doc-dervied'; did you mean 'doc-derived'? (known: doc-derived, doc-confirmed only, live-confirmed, live-rejected, hypothesis-only, not evidenced, approval-gated)") })
        #expect(warnings.contains { $0.hasSuffix("r.md:4:1: warning: a status line is `- status: word + word`; this one has no ':'") })
        #expect(warnings.contains { $0.hasSuffix("r.md:7:1: warning: this line is under a heading that names no field (### known rule); give the heading the field's path in backticks") })
        #expect(warnings.contains { $0.hasSuffix("r.md:8:1: warning: heading has an unclosed backtick, so it names no field: ## `prompt` and `mode") })
        #expect(warnings.contains { $0.hasSuffix("r.md:9:1: warning: this line is under a heading that names no field (## `prompt` and `mode); give the heading the field's path in backticks") })
        #expect(result.exit == .findings)
        #expect(result.stdout.contains("1 status compared, 1 disagreement, 0 unknown paths, 5 unreadable lines"), "\(result.stdout)")
    }

    @Test func nothingComparedIsExitTwo() {
        let result = Self.compare("# Register\n\nSome prose.\n## `nope`\n- status: doc-derived\n")
        #expect(result.exit == .failure)
        #expect(result.stderr.contains("nothing compared: no status, type or enum line names a body field of omni-video.create"))
        #expect(result.stdout == "")
    }

    @Test func anUnknownModelIsRefused() {
        let result = Self.compare("## `mode`\n- status: doc-derived\n", ["--model", "kling-v3-omnii"])
        #expect(result.exit == .failure)
        #expect(result.stderr.contains("no evidence names the model 'kling-v3-omnii'; did you mean 'kling-v3-omni'?"))
    }

    @Test func typeAndEnumLinesAreCompared() throws {
        let load = RegistryLoader.load(Repository(root: fixtureRoot))
        // Any string field with an int-string range of at least three values, wherever it is.
        let (endpoint, field, low, high) = try #require(load.registry.endpoints.lazy.compactMap { endpoint -> (Endpoint, Field, Int, Int)? in
            for field in endpoint.fields(in: .body) where !field.path.contains(".") && !field.path.contains("[") {
                for constraint in field.constraints { if case .intString(let low, let high) = constraint, high - low >= 2 { return (endpoint, field, low, high) } }
            }
            return nil
        }.first)
        let partial = "## `\(field.path)`\n- enum: \(low), \(high)\n- type: integer\n"
        let result = Self.compare(partial, ["--endpoint", endpoint.id, "--model", try #require(load.registry.capabilityModels.first)])
        #expect(result.exit == .findings)
        #expect(result.stdout.contains("r.md:2: `\(field.path)`: you say enum \(low), \(high); derived enum "), "\(result.stdout)")
        #expect(result.stdout.contains("the evidence also admits \(low + 1)"))
        #expect(result.stdout.contains("r.md:3: `\(field.path)`: you say type integer; derived type string"))
        let full = "## `\(field.path)`\n- enum: " + (low...high).map(String.init).joined(separator: ", ") + "\n- type: string\n"
        let agreeing = Self.compare(full, ["--endpoint", endpoint.id, "--model", try #require(load.registry.capabilityModels.first), "--format", "json"])
        let value = try JSONReader().parse(agreeing.stdout)
        #expect(value["disagreements"]?.arrayValue?.isEmpty == true, "\(agreeing.stdout)")
        #expect(value["agreements"]?.arrayValue?.count == 2)
        #expect(value["agreements"]?.arrayValue?.first?["line"] == .number(JSONNumber(2)))
        #expect(agreeing.exit == .success)
    }

    @Test func unknownPathsGetDidYouMean() throws {
        let result = Self.compare("## `mode`\n- status: doc-derived\n## `moda`\n- status: doc-derived\n", ["--format", "json"])
        let value = try JSONReader().parse(result.stdout)
        #expect(value["unknownPaths"]?.arrayValue?.first?["suggestion"] == .string("mode"))
        let text = Self.compare("## `mode`\n- status: doc-derived\n## `moda`\n- status: doc-derived\n")
        #expect(text.stdout.contains("`moda` is not a body field of omni-video.create; did you mean `mode`?"))
    }
}
