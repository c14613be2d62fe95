import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// The closeout gate on the checked-in evidence and register (docs/register.md#closeout-and-the-gate).
/// A failure here means the evidence is inconsistent, or a derived file is
/// stale: fix the line it names or run `swift run klingreg generate`. It pins
/// no fact of the corpus; any other failing suite means the tool is broken.
struct CorpusGateTests {
    @Test func theEvidenceLoads() {
        let diagnostics = checkedInRepository.load.diagnostics.map(\.description)
        #expect(diagnostics == [], "the evidence is inconsistent: fix each line named above")
    }

    /// Register rows fit their evidence, the TODO's open lines and the rows match,
    /// golden cases behave and cover every rule: `klingreg check` exits 0.
    @Test func theRegisterAndTheGoldenCasesFitTheEvidence() {
        let result = runCLI(["check"], in: packageRoot)
        #expect(result.exit == .success, "\(result.stderr)")
    }

    /// Validators, index, capability table, both snapshots and the exports.
    @Test func derivedFilesAndSnapshotsAreFresh() {
        let result = runCLI(["generate", "--check"], in: packageRoot)
        #expect(result.exit == .success, "\(result.stdout)")
    }

    /// No rule is stronger than its text: none refuses (error or required) where the
    /// text only says "not supported", leaves a map cell empty, or calls a parameter invalid.
    @Test func noRuleRefusesWhatItsTextOnlyCallsUnsupportedOrInvalid() {
        let weak: Set<RuleWording> = [.notSupported, .mapEmpty, .invalid]
        let overRead = corpus.allRules.filter { weak.contains($0.wording) && ($0.effect == .error || $0.effect == .required) }.map(\.id)
        #expect(overRead == [], "these rules refuse more than their wording says")
        #expect(!corpus.allRules.isEmpty)
    }

    /// The catalogue holds every operation section of the official texts as read:
    /// OFF-3.0 documents 20, OFF-DEV 52 (and the callback), 14 of them in both.
    @Test func theCatalogueHoldsEveryOfficialSection() throws {
        let catalogue = try #require(corpus.catalogue, "evidence/catalogue.md is missing")
        let operations = catalogue.filter { !$0.path.hasPrefix("{") }
        #expect(operations.filter { $0.texts.contains("OFF-3.0") }.count == 20)
        #expect(operations.filter { $0.texts.contains("OFF-DEV") }.count == 52)
        #expect(operations.filter { $0.texts.contains("OFF-3.0") && $0.texts.contains("OFF-DEV") }.count == 14)
        #expect(catalogue.allSatisfy { corpus.catalogueState($0) != .unplaced })
    }

    /// The voice sections transcribed from OFF-DEV: their path counts and a sample of facts with sources.
    @Test func theVoiceSectionsKeepTheirFacts() throws {
        let tts = try #require(corpus.endpoint("tts.create"))
        #expect(tts.fields(in: .body).map(\.path) == ["text", "voice_id", "voice_language", "voice_speed"])
        let language = try #require(tts.field("voice_language", in: .body))
        #expect(language.requirement == .required && language.sources == ["OFF-DEV"])
        #expect(language.constraint(.enum).map { "\($0)" }?.contains("zh") == true)
        let list = try #require(corpus.endpoint("custom-voice.query-list"))
        #expect(list.fields(in: .query).count == 2)
        #expect(list.field("pageSize", in: .query)?.constraints.map(\.canonicalText) == ["[1, 1000]"])
        #expect(try #require(corpus.endpoint("custom-voice.delete")).fields(in: .body).map(\.path) == ["voice_id"])
        #expect(try #require(corpus.endpoint("custom-voice.presets-list")).path == "/v1/general/presets-voices")
    }

    /// Motion control and the legacy query sections, as OFF-DEV gives them.
    @Test func theMotionControlSectionKeepsItsFacts() throws {
        let create = try #require(corpus.endpoint("motion-control.create"))
        #expect(create.fields(in: .body).map(\.path) == ["model_name", "prompt", "image_url", "video_url", "element_list", "element_list[].element_id", "keep_original_sound", "character_orientation", "mode", "watermark_info", "watermark_info.enabled", "callback_url", "external_task_id"])
        let model = try #require(create.field("model_name", in: .body))
        #expect(model.defaultValue == .value(.string("kling-v2-6")) && model.sources == ["OFF-DEV"])
        #expect(model.constraint(.enum)?.canonicalText == #"`"kling-v2-6"`, `"kling-v3"`"#)
        #expect(create.field("character_orientation", in: .body)?.requirement == .required)
        #expect(create.field("mode", in: .body)?.requirement == .required)
        #expect(create.field("element_list", in: .body)?.constraints.map(\.canonicalText) == ["<= 1 items"])
        #expect(create.field("video_url", in: .body)?.constraint(.duration)?.canonicalText == "duration 3..30 s")
        #expect(create.field("keep_original_sound", in: .body)?.defaultValue == .value(.string("yes")))
        #expect(try #require(corpus.endpoint("multi-image2video.query-list")).field("pageSize", in: .query)?.constraints.map(\.canonicalText) == ["[1, 500]"])
        #expect(corpus.billing.filter { $0.endpoint == "motion-control.create" }.map { "\($0.mode) \($0.units)" } == ["std 0.9", "pro 1.2"])
    }

    /// The sections transcribed from OFF-DEV beyond the first 24: request and reply path
    /// counts, so a row lost or added is a reviewed change.
    @Test(arguments: [
        ("account.costs", 3, 16), ("avatar.create", 9, 11), ("avatar.query-list", 2, 13), ("avatar.query-single", 2, 20),
        ("custom-voice.delete", 1, 6), ("custom-voice.presets-list", 2, 15), ("custom-voice.query-list", 2, 18),
        ("image-recognize.recognize", 1, 10), ("lip-sync.create", 14, 11), ("lip-sync.identify-face", 2, 11),
        ("lip-sync.query-list", 2, 23), ("lip-sync.query-single", 1, 23), ("motion-control.create", 13, 11),
        ("motion-control.query-list", 2, 13), ("motion-control.query-single", 2, 20), ("multi-elements.add", 5, 17),
        ("multi-elements.clear", 1, 7), ("multi-elements.create", 13, 11), ("multi-elements.delete", 5, 17),
        ("multi-elements.init", 2, 13), ("multi-elements.preview", 1, 11), ("multi-elements.query-list", 2, 18),
        ("multi-elements.query-single", 2, 21), ("multi-image2video.query-list", 2, 13), ("multi-image2video.query-single", 2, 20),
        ("text-to-audio.create", 4, 11), ("text-to-audio.query-list", 2, 18), ("text-to-audio.query-single", 2, 19),
        ("tts.create", 4, 15), ("video-extend.query-list", 2, 20), ("video-extend.query-single", 2, 24),
        ("video-to-audio.create", 7, 11), ("video-to-audio.query-list", 2, 27), ("video-to-audio.query-single", 2, 27),
    ])
    func theNewSectionsKeepTheirPathCounts(endpoint id: String, request: Int, reply: Int) throws {
        let endpoint = try #require(corpus.endpoint(id))
        #expect(endpoint.fields.filter { $0.part.isRequest }.count == request, "\(id) request paths")
        #expect(endpoint.fields(in: .response).count == reply, "\(id) reply paths")
        #expect(endpoint.fields.allSatisfy { $0.sources.contains { $0.hasPrefix("OFF-") } }, "\(id): every row has an official source")
    }

    /// A sample of the new sections' facts, each as OFF-DEV states it.
    @Test func theNewSectionsKeepASampleOfTheirFacts() throws {
        func field(_ id: String, _ path: String) throws -> Field { try #require(corpus.endpoint(id)?.fields.first { $0.path == path && $0.part.isRequest }, "\(id)#\(path)") }
        let asmr = try field("video-to-audio.create", "asmr_mode")
        #expect(asmr.type == .boolean && asmr.defaultValue == .value(.bool(false)) && asmr.sources == ["OFF-DEV"])
        #expect(try field("text-to-audio.create", "prompt").requirement == .required)
        #expect(try field("text-to-audio.create", "prompt").constraint(.len)?.canonicalText == "len <= 200 chars")
        #expect(try field("multi-elements.create", "model_name").defaultValue == .value(.string("kling-v1-6")))
        #expect(try field("avatar.create", "sound_file").constraint(.format)?.canonicalText == "format mp3, wav, m4a, aac")
        #expect(try field("lip-sync.create", "session_id").requirement == .required)
        #expect(try field("lip-sync.identify-face", "video_url").constraint(.encoding)?.canonicalText == "url")
        #expect(corpus.billing.filter { $0.endpoint == "omni-image.create" }.map { "\($0.units) \($0.per)" }.sorted() == ["16 n", "16 series_amount", "8 n", "8 series_amount"])
        #expect(corpus.apiDomains.map { "\($0.use.rawValue) \($0.url)" } == ["current https://api-singapore.klingai.com", "replaced https://api.klingai.com"])
    }

    @Test func everyOpenTODOLineHasExactlyOneRow() {
        let registry = corpus
        #expect(registry.seedFindings.map(\.description) == [])
        #expect(Set(registry.register.residuals.map(\.seed)) == Set(registry.todoOpenLines))
        #expect(registry.register.residuals.count == registry.todoOpenLines.count)
    }

    @Test func everyRuleIsCoveredAndEveryGoldenCaseBehaves() {
        let registry = corpus
        let checker = GoldenChecker(registry: registry)
        #expect(checker.coverageGaps(registry.goldens) == [])
        #expect(checker.mismatches(registry.goldens).map(\.description) == [])
    }

    /// Ids unique, every create endpoint has cases, and only endpoints with a request body do.
    @Test func theGoldenCorpusIsWellFormed() {
        let registry = corpus
        let ids = registry.goldens.map(\.id)
        #expect(Set(ids).count == ids.count)
        let withCases = Set(registry.goldens.map(\.endpoint))
        let creates = Set(registry.endpoints.filter { $0.id.hasSuffix(".create") && !$0.isCallback }.map(\.id))
        #expect(creates.subtracting(withCases).isEmpty, "creates without cases: \(creates.subtracting(withCases).sorted())")
        let bodied = Set(registry.endpoints.filter { !$0.fields(in: .body).isEmpty }.map(\.id))
        #expect(withCases.subtracting(bodied).isEmpty, "cases for endpoints without a body: \(withCases.subtracting(bodied).sorted())")
    }

    @Test func contradictionsAreUniqueAndOfficialOnBothSides() {
        let all = corpus.allContradictions
        #expect(Set(all.map(\.id)).count == all.count)
        for contradiction in all {
            #expect(contradiction.sourcesA.contains { $0.hasPrefix("OFF-") } && contradiction.sourcesB.contains { $0.hasPrefix("OFF-") }, "\(contradiction.id)")
        }
    }

    /// KLINGREG_STRICT=phase1 (or phase3) turns the gate strict for the whole test run.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KLINGREG_STRICT"] != nil))
    func strictGateFromTheEnvironment() {
        let scope = ProcessInfo.processInfo.environment["KLINGREG_STRICT"] ?? ""
        #expect(["phase1", "phase3"].contains(scope), "KLINGREG_STRICT must be phase1 or phase3")
        let result = runCLI(["residuals", "--strict=\(scope)"], in: packageRoot)
        #expect(result.exit == .success, "\(result.stderr)")
    }
}
