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
        let result = runCLI(["residuals"])
        #expect(result.exit == .success)
        for id in (1...29).map({ "R-\($0)" }) { #expect(result.stdout.contains("\n\(id)  "), "\(id)") }
        #expect(result.stdout.contains("next: "))
        #expect(result.stdout.hasPrefix("16 open, 4 deferred, 9 closed"))
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
        let result = runCLI(["residuals", "--format", "json"])
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
        #expect(result.exit == .success)
        return try JSONReader().parse(result.stdout)
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

struct PreflightCommandTests {
    func preflight(_ plan: URL) throws -> (ExitCode, JSONValue) {
        let result = runCLI(["preflight", plan.path, "--format", "json"])
        return (result.exit, try JSONReader().parse(result.stdout))
    }

    func failing(_ value: JSONValue) -> [String] {
        value["failures"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    @Test func productionPlanWithinItsCapIsGo() throws {
        let (exit, value) = try preflight(fixtures.appendingPathComponent("plans/production-go.json"))
        #expect(exit == .success)
        #expect(value["verdict"] == .string("GO"))
        #expect(value["creates"]?.arrayValue?.first?["units"] == .number(JSONNumber(lexeme: "3")))
    }

    @Test func overTheCapIsNoGo() throws {
        let (exit, value) = try preflight(fixtures.appendingPathComponent("plans/production-over-cap.json"))
        #expect(exit == .findings)
        #expect(failing(value) == ["G-26"])
    }

    @Test func aVerificationL1AlreadyServedIsNoGoCitingTheRecord() throws {
        let (exit, value) = try preflight(fixtures.appendingPathComponent("plans/verification-already-done.json"))
        #expect(exit == .findings)
        #expect(failing(value).contains("G-27"))
        let detail = value["failures"]?.arrayValue?.first { $0["id"] == .string("G-27") }?["detail"]?.stringValue ?? ""
        #expect(detail.contains("(L1)"))
    }

    @Test func twoCreatesForOnePurposeWithoutApprovalIsNoGo() throws {
        let (exit, value) = try preflight(fixtures.appendingPathComponent("plans/two-creates-one-purpose.json"))
        #expect(exit == .findings)
        #expect(failing(value).contains("G-23"))
        #expect(failing(value).contains("G-4"))
    }

    @Test func twoModelsForOneEndpointFailOnlyTheModelBindingRow() throws {
        let (exit, value) = try preflight(fixtures.appendingPathComponent("plans/two-models-one-endpoint.json"))
        #expect(exit == .findings)
        #expect(failing(value) == ["G-14"])
        // kling-video-o1 has no billing line, which the verdict names too.
        #expect(value["missingExposure"]?.arrayValue?.first?.stringValue?.contains("no billing line for model kling-video-o1 mode std") == true)
    }

    @Test func aHypothesisOnlyPayloadNeedsApproval() throws {
        let folder = TemporaryFolder()
        folder.write("f.json", ValidateCommandTests.payload(["mode": "\"4k\""]))
        let plan = { (approval: String) in
            #"{ "round": "omni-4k", "creates": [ { "endpoint": "omni-video.create", "model": "kling-v3-omni", "payload": "f.json", "purpose": "episode 4 opening", "kind": "production" } ], "expected_count": 1, "max_units": 100, "reviewed": { "guardrails": true, "register": true }\#(approval) }"#
        }
        folder.write("without.json", plan(""))
        folder.write("with.json", plan(#", "approval": { "by": "the user", "at": "2026-04-02" }"#))
        let (_, without) = try preflight(folder.url.appendingPathComponent("without.json"))
        #expect(failing(without).contains("G-19"))
        let (_, with) = try preflight(folder.url.appendingPathComponent("with.json"))
        #expect(!failing(with).contains("G-19"))
        #expect(!failing(with).contains("G-4"))
    }

    @Test func aLegacyEndpointIsNoGo() throws {
        let (exit, value) = try preflight(fixtures.appendingPathComponent("plans/legacy-route.json"))
        #expect(exit == .findings)
        #expect(failing(value).contains("G-13"))
    }

    @Test func malformedPlansExitTwo() {
        let folder = TemporaryFolder()
        folder.write("bad.json", #"{ "round": "x", "creates": [], "expcted_count": 1 }"#)
        let result = runCLI(["preflight", folder.url.appendingPathComponent("bad.json").path])
        #expect(result.exit == .failure)
        #expect(result.stderr.contains("did you mean \"expected_count\"?"))
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
