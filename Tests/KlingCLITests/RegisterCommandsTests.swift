import Foundation
import KlingRuntime
import KlingTestSupport
import Testing
@testable import KlingCLI

let fixtures = packageRoot.appendingPathComponent("Tests/KlingCLITests/Fixtures")

struct ResidualsCommandTests {
    @Test func everyOpenTODOLineHasExactlyOneRow() throws {
        let todo = try String(contentsOf: fixtureRoot.appendingPathComponent("register/sources/kling-priority-todo.md"), encoding: .utf8)
        let open = todo.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("- [ ] ") || $0.hasPrefix("- [~] ") }.map { String($0.dropFirst(6)) }
        #expect(open.count == 29)
        let seeds = fixture.register.residuals.map(\.seed)
        for line in open {
            #expect(seeds.filter { $0 == line }.count == 1, "\(line)")
        }
        #expect(seeds.count == 29)
        #expect(fixture.seedFindings.isEmpty)
    }

    @Test func requiredClassifications() throws {
        func row(_ seed: String) -> (String, String, String)? {
            fixture.register.residuals.first { $0.seed.contains(seed) }.map { ($0.kind.rawValue, $0.state.rawValue, $0.classification.rawValue) }
        }
        #expect(row("Implement minimal non-LLM Kling watcher")?.0 == "pipeline-code")
        #expect(row("Implement minimal non-LLM Kling watcher")?.1 == "closed-out-of-scope")
        #expect(row("Keep watcher v1 small")?.1 == "closed-out-of-scope")
        #expect(row("keep historical `video-extend` out")?.1 == "closed-out-of-scope")
        let risk = try #require(fixture.register.residuals.first { $0.seed.contains("lingerie") })
        #expect(risk.state == .closedByLive && risk.classification == .liveConfirmed)
        #expect(risk.refs.contains { $0.description == "live:2026-03-30-omni-video-risk-blocked-references" })
        let l11 = try #require(fixture.record("2026-03-30-omni-video-risk-blocked-references"))
        #expect(l11.calls.map { $0.create?.rawValue ?? $0.task?.rawValue } == ["accepted", "failed-risk"])
        #expect(row("fold the newest multi-shot findings")?.0 == "prompting")
        #expect(row("the user has explicitly approved the create run")?.0 == "per-create-check")
        #expect(row("confirm maximum unit exposure")?.0 == "per-create-check")
    }

    @Test func textShowsAllSeedsWithNextActions() {
        let result = runCLI(["residuals", "--all"])
        #expect(result.exit == .success)
        for id in (1...16).map({ "R-\($0)" }) + (28...29).map({ "R-\($0)" }) { #expect(result.stdout.contains("\n  \(id)  "), "\(id)") }
        #expect(result.stdout.contains("Standing guardrails, enforced by preflight on every plan: R-17, "))
        #expect(result.stdout.contains("next: "))
    }

    @Test func strictScopes() {
        let phase1 = runCLI(["residuals", "--strict=phase1"])
        #expect(phase1.exit == .findings)
        #expect(phase1.stderr.contains("strict phase1:"))
        #expect(phase1.stderr.contains("R-4"))
        let filtered = runCLI(["residuals", "--kind", "prompting", "--format", "json"])
        let items = (try? JSONReader().parse(filtered.stdout))?["items"]?.arrayValue ?? []
        #expect(items.count == 2)
        #expect(items.allSatisfy { $0["kind"] == .string("prompting") })
    }

    @Test func jsonDecodesIntoTheReportTypeAndRejectsUnknownKeys() throws {
        let result = runCLI(["residuals", "--all", "--format", "json"])
        let value = try JSONReader().parse(result.stdout)
        let report = try ResidualsReport(json: value)
        #expect(report.items.filter { !$0.derived }.count == 29)
        #expect(report.json() == value)
        guard case .object(var object) = value else { Issue.record("not an object"); return }
        object.members.append((key: "surprise", value: .bool(true)))
        #expect(throws: ResidualsReport.DecodeError(message: "unknown key \"surprise\" in the report")) { try ResidualsReport(json: .object(object)) }
    }
}

struct ClassifyCommandTests {
    func classify(_ file: URL, endpoint: String) throws -> JSONValue {
        let result = runCLI(["classify", file.path, "--endpoint", endpoint, "--format", "json"])
        let value = try JSONReader().parse(result.stdout)
        #expect(result.exit == (value["class"] == .string("invalid") ? .findings : .success))
        return value
    }

    @Test func l8ShapedMultiShotIsDocDerivedWithTheShotPromptWeakest() throws {
        let value = try classify(fixtures.appendingPathComponent("classify/a-l8-shaped-multi-shot.json"), endpoint: "omni-video.create")
        #expect(value["class"] == .string("doc-derived"))
        let weakest = value["weakest"]?.arrayValue?.compactMap { $0["reference"]?.stringValue } ?? []
        #expect(weakest.contains("omni-video.create#body:multi_prompt[].prompt"))
        #expect(!weakest.contains(#"omni-video.create#body:duration="15""#))
        #expect(value["weakest"]?.arrayValue?.first?["label"] == .string("doc-only"))
    }

    @Test(arguments: [
        ("b-l1-payload.json", "live-confirmed"),
        ("c-l1-on-kling-v2-6.json", "doc-derived"),
        ("d-l1-with-unknown-key.json", "invalid"),
    ])
    func theL1Family(file: String, expected: String) throws {
        let value = try classify(fixtures.appendingPathComponent("classify/\(file)"), endpoint: "text2video.create")
        #expect(value["class"] == .string(expected))
        if expected == "live-confirmed" { #expect(value["description"] == .string("live-confirmed (record L1)")) }
    }

    @Test func videoWithSoundIsInvalidAndA4kModeIsAHypothesis() throws {
        let folder = TemporaryFolder()
        folder.write("e.json", ValidateCommandTests.payload(["video_list": #"[ { "video_url": "https://example.com/a.mp4", "refer_type": "feature" } ]"#]))
        folder.write("f.json", ValidateCommandTests.payload(["mode": "\"4k\""]))
        #expect(try classify(folder.url.appendingPathComponent("e.json"), endpoint: "omni-video.create")["class"] == .string("invalid"))
        let f = try classify(folder.url.appendingPathComponent("f.json"), endpoint: "omni-video.create")
        #expect(f["class"] == .string("hypothesis-only"))
        #expect(f["weakest"]?.arrayValue?.first?["reference"] == .string(#"omni-video.create#body:mode="4k""#))
    }
}


struct CompareRegisterCommandTests {
    @Test func onlyTheProModeDisagrees() {
        let result = runCLI(["compare-register", fixtures.appendingPathComponent("compare/user-register-omni.md").path])
        #expect(result.exit == .findings)
        #expect(result.stdout.hasPrefix("omni-video.create for model kling-v3-omni (from ROUTE-3): 6 statuses compared, 1 disagreement, 0 unknown paths"))
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
        #expect(lines.count == 1)
        #expect(lines.first?.contains("`mode` = \"pro\": you say doc-derived; derived doc+live") == true)
    }

    @Test func unknownPathsAreListed() {
        let folder = TemporaryFolder()
        folder.write("r.md", "## `negative_prompt`\n- status: doc-derived\n\n## `mode`\n- `std` -> live-confirmed\n")
        let result = runCLI(["compare-register", folder.url.appendingPathComponent("r.md").path])
        #expect(result.exit == .findings)
        #expect(result.stdout.contains("`negative_prompt` is not a body field of omni-video.create"))
        let t2v = runCLI(["compare-register", folder.url.appendingPathComponent("r.md").path, "--endpoint", "text2video.create"])
        #expect(t2v.stdout.contains("for model kling-v3 (from ROUTE-1)"))
    }
}
