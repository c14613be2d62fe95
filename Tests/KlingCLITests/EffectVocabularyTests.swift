import Foundation
@testable import KlingCLI
@testable import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// The effect vocabulary: a rule carries the strength of its text's wording;
/// "not supported" is a warning under the text's posture and an error under
/// the strict one, and live records settle it.
struct EffectVocabularyTests {
    static let png = "iVBORw0KGgoAAAANSUhEUgAAAgAAAAIACAIAAAB7GkOtAAAAC0lEQVR4nGNggAEAAAoAAX+AdF4AAAAASUVORK5CYII="
    /// A start frame alone with `aspect_ratio`: OFF-DEV's FAQ calls that not supported.
    static let startFrameWithRatio = #"{ "model_name": "kling-v3-omni", "prompt": "A fox.", "aspect_ratio": "16:9", "image_list": [ { "image_url": "\#(png)", "type": "first_frame" } ] }"#
    /// The shape a published live run had accepted: start and end frame with `aspect_ratio`.
    static let startAndEndWithRatio = #"{ "model_name": "kling-v3-omni", "prompt": "A fox.", "aspect_ratio": "16:9", "image_list": [ { "image_url": "\#(png)", "type": "first_frame" }, { "image_url": "\#(png)", "type": "end_frame" } ] }"#

    @Test func anUnsupportedRuleIsAWarningAndTheStrictPostureRefusesIt() throws {
        let text = runCLI(["validate", "-", "--endpoint", "omni-video.create", "--policy", "off"], stdin: Self.startFrameWithRatio)
        #expect(text.exit == .success, "\(text.stdout)")
        #expect(text.stdout.contains("warning  aspect_ratio") && text.stdout.contains("[OV-R7]"), "\(text.stdout)")
        #expect(text.stdout.contains("not whether the API refuses or ignores it"))
        let strict = runCLI(["validate", "-", "--endpoint", "omni-video.create", "--policy", "off", "--strict"], stdin: Self.startFrameWithRatio)
        #expect(strict.exit == .findings)
        #expect(strict.stdout.contains("error  aspect_ratio"), "\(strict.stdout)")
    }

    @Test func aStartAndEndFrameWithARatioIsNotNamedByTheText() {
        let result = runCLI(["validate", "-", "--endpoint", "omni-video.create", "--policy", "off", "--format", "json"], stdin: Self.startAndEndWithRatio)
        #expect(result.exit == .success)
        #expect(!result.stdout.contains("OV-R7"), "\(result.stdout)")
    }

    @Test func aPayloadWithAWarningIsNotDocDerived() {
        let result = runCLI(["classify", "-", "--endpoint", "omni-video.create"], stdin: Self.startFrameWithRatio)
        #expect(!result.stdout.contains("doc-derived"), "\(result.stdout)")
        #expect(result.stdout.contains("hypothesis-only"), "\(result.stdout)")
    }

    /// The gate on the fixture: every unsupported rule has a derived "refused or ignored?" residual.
    @Test func everyUnsettledUnsupportedRuleIsAResidual() {
        let closeout = Closeout(registry: fixture, repository: Repository(root: fixtureRoot))
        let unsupported = fixture.endpoints.flatMap(\.rules).filter { $0.effect == .unsupported }.map(\.id)
        #expect(unsupported.count >= 10)
        let open = Set(closeout.derived.filter { $0.family == "semantics" }.flatMap(\.refs))
        #expect(open == Set(unsupported.map { "rule:\($0)" }))
    }

    /// A rejection blamed on the rule settles it as refused: an error without --strict, and no residual.
    @Test func aRejectionBlamedOnTheRuleSettlesItAsRefused() throws {
        let folder = TemporaryFolder.fixtureCopy()
        let response = #"{ "code": 1201, "message": "invalid parameter", "request_id": "req-ratio-refused", "data": { "task_id": "1", "task_status": "failed", "created_at": 1774805076166, "updated_at": 1774805076166 } }"#
        folder.write("log.json", #"{ "endpoint_type": "omni-video", "payload": \#(Self.startFrameWithRatio), "response": \#(response) }"#)
        let recorded = runCLI(["record", "log.json", "--purpose", "ratio with a start frame", "--blame", "rule:OV-R7", "--root", folder.url.path], in: folder.url)
        try #require(recorded.exit == .success, "\(recorded.stderr)")
        let load = RegistryLoader.load(Repository(root: folder.url))
        let settlements = LiveSettlements(registry: load.registry)
        guard case .refused(let records)? = settlements.outcomes["OV-R7"] else {
            Issue.record("OV-R7 not settled: \(String(describing: settlements.outcomes["OV-R7"]))")
            return
        }
        #expect(records.count == 1)
        let findings = PayloadValidator(registry: load.registry).validate(try JSONReader().parse(Self.startFrameWithRatio), endpoint: "omni-video.create", options: ValidationOptions(policy: false)).findings
        let finding = try #require(findings.first { $0.rule == "OV-R7" })
        #expect(finding.severity == .error)
        #expect(finding.message.contains("refused live"))
        let closeout = Closeout(registry: load.registry, repository: Repository(root: folder.url))
        #expect(!closeout.derived.contains { $0.id == "D-semantics-OV-R7" })
    }

    /// An accepted complete run that broke the rule settles it as ignored: a note.
    @Test func anAcceptedRunThatBrokeTheRuleSettlesItAsIgnored() throws {
        let folder = TemporaryFolder.fixtureCopy()
        folder.write("log.json", #"{ "endpoint_type": "omni-video", "payload": \#(Self.startFrameWithRatio), "response": \#(RecordReachTests.response("req-ratio-taken")) }"#)
        let recorded = runCLI(["record", "log.json", "--purpose", "ratio with a start frame", "--root", folder.url.path], in: folder.url)
        try #require(recorded.exit == .success, "\(recorded.stderr)")
        let load = RegistryLoader.load(Repository(root: folder.url))
        guard case .ignored? = LiveSettlements(registry: load.registry).outcomes["OV-R7"] else {
            Issue.record("OV-R7 not settled as ignored")
            return
        }
        let findings = PayloadValidator(registry: load.registry).validate(try JSONReader().parse(Self.startFrameWithRatio), endpoint: "omni-video.create", options: ValidationOptions(policy: false, strict: true)).findings
        #expect(findings.first { $0.rule == "OV-R7" }?.severity == .note)
    }

    @Test func eachEffectMapsToOneSeverity() {
        #expect(RuleEffect.error.severity(strict: false) == .error)
        #expect(RuleEffect.required.severity(strict: false) == .error)
        #expect(RuleEffect.unsupported.severity(strict: false) == .warning)
        #expect(RuleEffect.unsupported.severity(strict: true) == .error)
        #expect(RuleEffect.ignored.severity(strict: true) == .note)
        #expect(RuleWording.notSupported.allowedEffects == [.unsupported])
        #expect(RuleWording.invalid.allowedEffects == [.ignored])
    }

    /// A billing line no valid case reaches is an open residual; with no cases, every line is.
    @Test func billingLinesNoValidCaseReachesAreResiduals() {
        let unreached = DerivedResiduals.unreachedBilling(fixture)
        #expect(!fixture.billing.isEmpty)
        #expect(unreached.count < fixture.billing.count, "some line is reached by a golden case")
        var bare = fixture
        bare.goldens = []
        let all = DerivedResiduals.unreachedBilling(bare)
        #expect(all.count == fixture.billing.count)
        #expect(all.allSatisfy { $0.family == "billing" && $0.what.contains("reached by no valid golden case") })
    }
}
