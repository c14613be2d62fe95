import Foundation
@testable import KlingCLI
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// The endpoint catalogue: every official operation is transcribed or placed in the register.
struct CatalogueTests {
    static let motionControl = "| motion-control.create | POST | `/v1/videos/motion-control` | OFF-DEV | Motion Control - Create Task |"

    /// A fixture copy whose catalogue lists its own endpoints and `extra` rows.
    static func repository(extra: [String], scope: [String] = []) -> TemporaryFolder {
        let folder = TemporaryFolder.fixtureCopy()
        var lines = ["# Endpoint catalogue", "", "| Id | Method | Path | Texts | Section |", "|---|---|---|---|---|"]
        lines += fixture.endpoints.map { "| \($0.id) | \($0.method) | `\($0.path)` | OFF-DEV | \($0.title) |" }
        lines += extra
        folder.write("evidence/catalogue.md", lines.joined(separator: "\n") + "\n")
        if !scope.isEmpty {
            let policy = folder.read("register/policy.md")!
            folder.write("register/policy.md", policy + "\n## Scope\n\n| Entry | State | Reason |\n|---|---|---|\n" + scope.joined(separator: "\n") + "\n")
        }
        return folder
    }

    @Test func anOfficialOperationNeitherTranscribedNorPlacedFailsCheck() {
        let folder = Self.repository(extra: [Self.motionControl])
        let result = runCLI(["check", "--root", folder.url.path])
        #expect(result.exit == .failure)
        let line = fixture.endpoints.count + 5
        #expect(result.stderr.contains("evidence/catalogue.md:\(line):3: error: official operation motion-control.create (POST /v1/videos/motion-control) is neither transcribed nor placed"), "\(result.stderr)")
    }

    @Test func aPlacedOperationPassesAndTheReportShowsItsState() throws {
        let folder = Self.repository(extra: [Self.motionControl], scope: ["| motion-control.create | out-of-scope | No production workflow of the TODO uses motion control. |"])
        let check = runCLI(["check", "--root", folder.url.path])
        #expect(check.exit == .success, "\(check.stderr)")
        let report = runCLI(["report", "--root", folder.url.path])
        #expect(report.stdout.contains("Catalogue: \(fixture.endpoints.count + 1) official operations (out-of-scope 1, transcribed \(fixture.endpoints.count))"), "\(report.stdout)")
        #expect(report.stdout.contains("motion-control.create POST /v1/videos/motion-control [OFF-DEV]: out-of-scope — No production workflow"))
        let json = try JSONReader().parse(runCLI(["report", "--format", "json", "--root", folder.url.path]).stdout)
        let entry = try #require(json["catalogue"]?.arrayValue?.first { $0["id"] == .string("motion-control.create") })
        #expect(entry["state"] == .string("out-of-scope"))
    }

    @Test(arguments: [
        (["| motion-contrl.create | not-evidenced | x |"], "Scope row names motion-contrl.create, which is not in evidence/catalogue.md; did you mean motion-control.create?"),
        (["| omni-video.create | not-evidenced | x |"], "Scope row says omni-video.create is not-evidenced, but it is transcribed: a transcribed operation is in scope, or out-of-scope with a reason"),
        (["| motion-control.create | out-of-scop | x |"], "State must be out-of-scope, not-evidenced or to-transcribe, not 'out-of-scop'; did you mean 'out-of-scope'?"),
    ])
    func aScopeRowThatPlacesNothingIsRefused(scope: [String], message: String) {
        let folder = Self.repository(extra: [Self.motionControl], scope: scope + (scope[0].contains("motion-control.create") ? [] : ["| motion-control.create | not-evidenced | y |"]))
        let result = runCLI(["check", "--root", folder.url.path])
        #expect(result.exit == .failure)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aTranscribedEndpointMissingFromTheCatalogueIsRefused() {
        let folder = TemporaryFolder.fixtureCopy()
        folder.write("evidence/catalogue.md", "# C\n\n| Id | Method | Path | Texts | Section |\n|---|---|---|---|---|\n| omni-video.create | POST | `/v1/videos/omni-video` | OFF-DEV | Omni |\n")
        let result = runCLI(["check", "--root", folder.url.path])
        #expect(result.exit == .failure)
        #expect(result.stderr.contains("endpoint text2video.create is not in evidence/catalogue.md"), "\(result.stderr)")
    }

    @Test func aCatalogueRowCitingAThirdPartyIsRefused() {
        let folder = Self.repository(extra: ["| motion-control.create | POST | `/v1/videos/motion-control` | T3-X | Motion |"])
        let result = runCLI(["check", "--root", folder.url.path])
        #expect(result.stderr.contains("Texts names official texts only, not 'T3-X'"), "\(result.stderr)")
    }

    /// An in-scope operation not yet transcribed passes check as an open derived residual.
    @Test func anOperationToTranscribeIsAnOpenResidual() throws {
        let folder = Self.repository(extra: ["| tts.create | POST | `/v1/audio/tts` | OFF-DEV | TTS - Create Task |"], scope: ["| tts.create | to-transcribe | The voice workflow needs it. |"])
        #expect(runCLI(["check", "--root", folder.url.path]).exit == .success)
        let residuals = runCLI(["residuals", "--root", folder.url.path]).stdout
        #expect(residuals.contains("official operation tts.create (POST /v1/audio/tts) is in scope and not transcribed: The voice workflow needs it."), "\(residuals)")
    }

    /// A transcribed endpoint the register keeps out of scope is still checked and reported,
    /// what it leaves open is closed out of scope, and a plan that creates on it is NO-GO.
    @Test func aTranscribedEndpointOutOfScopeIsServedButClosedAndRefusedByPreflight() throws {
        let reason = "Omni is not in this production."
        let folder = Self.repository(extra: [], scope: ["| omni-video.create | out-of-scope | \(reason) |"])
        let check = runCLI(["check", "--root", folder.url.path])
        #expect(check.exit == .success, "\(check.stderr)")
        let report = runCLI(["report", "--root", folder.url.path]).stdout
        #expect(report.contains("omni-video.create POST /v1/videos/omni-video [OFF-DEV]: transcribed, out-of-scope — \(reason)"), "\(report)")

        let residuals = try JSONReader().parse(runCLI(["residuals", "--all", "--format", "json", "--root", folder.url.path]).stdout)
        let derived = residuals["items"]?.arrayValue?.filter { $0["derived"] == .bool(true) } ?? []
        let onOmni = derived.filter { ($0["evidence"]?.stringValue ?? "").hasPrefix("evidence/video/omni-video.create.md") }
        #expect(!onOmni.isEmpty, "the fixture's omni-video file leaves something open")
        #expect(onOmni.allSatisfy { $0["state"] == .string("closed-out-of-scope") && $0["next"] == .string("out of scope: \(reason)") }, "\(onOmni)")
        #expect(derived.contains { $0["state"] == .string("open") }, "other endpoints stay open")

        let validate = runCLI(["validate", "-", "--endpoint", "omni-video.create", "--root", folder.url.path], stdin: #"{ "model_name": "kling-v3-omni", "mode": "std", "prompt": "p", "aspect_ratio": "16:9" }"#)
        #expect(validate.exit == .success, "\(validate.stdout)\(validate.stderr)")

        folder.write("omni.json", #"{ "model_name": "kling-v3-omni", "mode": "std", "prompt": "A fox in the snow.", "aspect_ratio": "16:9", "duration": "5" }"#)
        folder.write("plan.json", #"{ "round": "r", "creates": [ { "endpoint": "omni-video.create", "model": "kling-v3-omni", "payload": "omni.json", "purpose": "p", "kind": "production" } ], "expected_count": 1, "max_units": 100, "reviewed": { "guardrails": true, "register": true } }"#)
        let preflight = runCLI(["preflight", "plan.json", "--format", "json"], in: folder.url)
        #expect(preflight.exit == .findings)
        let rows = try JSONReader().parse(preflight.stdout)["rows"]?.arrayValue ?? []
        // G-13 of the fixture: `all(creates, scope(@) == "current")`.
        let scopeRow = try #require(rows.first { $0["id"] == .string("G-13") }, "\(preflight.stdout)")
        #expect(scopeRow["verdict"] == .string("fail"), "\(scopeRow)")
    }

    /// A page named without its route can only be placed not-evidenced.
    @Test(arguments: [("not-evidenced", true), ("out-of-scope", false), ("to-transcribe", false)])
    func aPageWithoutARouteIsNotEvidencedOnly(state: String, passes: Bool) {
        let folder = Self.repository(extra: ["| video-effects.create | — | — | OFF-MAP | navigation: Video Effects |"], scope: ["| video-effects.create | \(state) | r |"])
        let result = runCLI(["check", "--root", folder.url.path])
        #expect((result.exit == .success) == passes, "\(result.stderr)")
        if !passes {
            #expect(result.stderr.contains("official page video-effects.create has no route in any official text, so it can only be placed not-evidenced, not \(state)"), "\(result.stderr)")
        }
    }
}
