import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// The checked-in evidence, loaded once per test process; only the gate
/// (CorpusGateTests) and cross-checks of derived files read it.
var corpus: Registry { checkedInRepository.registry }

/// The frozen fixture repository the tool's own tests pin, loaded once.
var fixture: Registry { fixtureRepository.registry }

func bodyPaths(_ id: String) -> [String] {
    fixture.endpoint(id)?.fields(in: .body).map(\.path) ?? []
}

/// Digest citations carried by the Rules rows of `endpoints`.
func ruleCitations(_ endpoints: [String]) -> Set<String> {
    Set(endpoints.compactMap(fixture.endpoint).flatMap(\.rules).flatMap(\.digest))
}

/// The evidence reader on the fixture repository: every fact below is the
/// fixture's, so an edit of the checked-in evidence never fails these tests
/// (register/schema-snapshot.txt shows it instead).
struct EvidenceReaderTests {
    @Test func fixtureLoadsClean() {
        #expect(fixtureRepository.load.diagnostics.map(\.description) == [])
    }

    @Test func endpointSetIsTheFixtures() {
        #expect(fixture.endpoints.map(\.id) == [
            "callback.notify",
            "element.create", "element.query-single",
            "image2video.create", "image2video.query-single",
            "multi-image2video.create",
            "omni-video.create", "omni-video.query-list", "omni-video.query-single",
            "text2video.create", "text2video.query-list", "text2video.query-single",
            "video-extend.create",
        ])
        let legacy = fixture.endpoints.filter { $0.scope == .legacy }.map(\.id)
        #expect(legacy == ["multi-image2video.create", "video-extend.create"])
    }

    @Test func omniVideoCreateHasExactlyTheDocumentedPaths() throws {
        #expect(Set(bodyPaths("omni-video.create")) == [
            "model_name", "multi_shot", "shot_type", "prompt", "multi_prompt", "multi_prompt[].index",
            "multi_prompt[].prompt", "multi_prompt[].duration", "image_list", "image_list[].image_url",
            "image_list[].type", "element_list", "element_list[].element_id", "video_list",
            "video_list[].video_url", "video_list[].refer_type", "video_list[].keep_original_sound",
            "sound", "mode", "aspect_ratio", "duration", "watermark_info", "watermark_info.enabled",
            "callback_url", "external_task_id",
        ])
        #expect(bodyPaths("omni-video.create").count == 25)
        let headers = try #require(fixture.endpoint("omni-video.create")).fields(in: .header).map(\.path)
        #expect(headers == ["Content-Type", "Authorization"])
    }

    @Test func omniVideoRulesCiteEveryDigestRule() throws {
        let endpoint = try #require(fixture.endpoint("omni-video.create"))
        let cited = ruleCitations(["omni-video.create"])
        for n in 1...11 {
            #expect(cited.contains("omni-video.md#rule-\(n)"), "omni-video.md#rule-\(n) is not cited")
        }
        // Rules 1, 2, 4, 5, 6, 7 and 9 are executable trees.
        for n in [1, 2, 4, 5, 6, 7, 9] {
            let executable = endpoint.rules.contains { rule in
                guard rule.digest.contains("omni-video.md#rule-\(n)"), case .expression = rule.check else { return false }
                return true
            }
            #expect(executable, "omni-video.md#rule-\(n) has no executable rule")
        }
        // Rule 11 (model scope) reads the capability map.
        let scope = endpoint.rules.filter { $0.digest.contains("omni-video.md#rule-11") }
        #expect(scope.contains { rule in
            if case .expression(_, let source) = rule.check { return source.contains("cap(model_name") }
            return false
        })
    }

    @Test func videoRulesCiteTheirDigestLists() {
        let t2v = ruleCitations(["text2video.create"])
        for n in 1...5 { #expect(t2v.contains("text2video.md#rule-\(n)"), "text2video.md#rule-\(n)") }
        let i2v = ruleCitations(["image2video.create"])
        for n in 1...6 { #expect(i2v.contains("image2video.md#rule-\(n)"), "image2video.md#rule-\(n)") }
    }

    @Test func pinnedPathCounts() {
        let minimums = ["text2video.create": 29, "image2video.create": 38, "element.create": 15]
        for (id, minimum) in minimums {
            #expect(bodyPaths(id).count >= minimum, "\(id) has \(bodyPaths(id).count) body paths")
        }
        let i2v = Set(bodyPaths("image2video.create"))
        for path in ["image", "image_tail", "static_mask", "dynamic_masks[].mask", "dynamic_masks[].trajectories[].x", "dynamic_masks[].trajectories[].y", "camera_control.type", "camera_control.config", "element_list[].element_id", "voice_list[].voice_id", "watermark_info.enabled"] + ["horizontal", "vertical", "pan", "tilt", "roll", "zoom"].map({ "camera_control.config.\($0)" }) {
            #expect(i2v.contains(path), "image2video.create lacks \(path)")
        }
        let t2v = Set(bodyPaths("text2video.create"))
        for path in ["negative_prompt", "cfg_scale", "camera_control.type", "camera_control.config.zoom", "voice_list[].voice_id"] {
            #expect(t2v.contains(path), "text2video.create lacks \(path)")
        }
        let el = Set(bodyPaths("element.create"))
        for path in ["element_name", "element_description", "reference_type", "element_image_list.frontal_image", "element_image_list.refer_images[].image_url", "element_video_list.refer_videos[].video_url", "element_voice_id", "tag_list[].tag_id", "callback_url", "external_task_id"] {
            #expect(el.contains(path), "element.create lacks \(path)")
        }
    }

    func field(_ endpoint: String, _ path: String, part: Part = .body) throws -> Field {
        try #require(fixture.endpoint(endpoint)?.field(path, in: part), "\(endpoint) lacks \(path)")
    }

    @Test func pinnedFacts() throws {
        let model = try field("text2video.create", "model_name")
        #expect(model.constraint(.enum) == .oneOf(["kling-v1", "kling-v1-6", "kling-v2-master", "kling-v2-1-master", "kling-v2-5-turbo", "kling-v2-6", "kling-v3"].map(JSONValue.string)))
        #expect(model.defaultValue == .value(.string("kling-v1")))
        #expect(try field("text2video.create", "mode").defaultValue == .value(.string("std")))
        #expect(try field("text2video.create", "aspect_ratio").defaultValue == .value(.string("16:9")))
        let cfg = try field("text2video.create", "cfg_scale")
        #expect(cfg.constraint(.range)?.canonicalText == "[0, 1]")
        #expect(cfg.defaultValue == .value(.number(JSONNumber(lexeme: "0.5"))))
        for endpoint in ["text2video.create", "image2video.create"] {
            for axis in ["horizontal", "vertical", "pan", "tilt", "roll", "zoom"] {
                #expect(try field(endpoint, "camera_control.config.\(axis)").constraint(.range)?.canonicalText == "[-10, 10]")
            }
        }
        for endpoint in fixture.endpoints where endpoint.id.hasSuffix(".query-list") {
            let pageSize = try #require(endpoint.field("pageSize", in: .query), "\(endpoint.id) lacks pageSize")
            #expect(pageSize.constraint(.range)?.canonicalText == "[1, 500]", "\(endpoint.id)")
            #expect(pageSize.defaultValue == .value(.number(JSONNumber(30))))
            #expect(try field(endpoint.id, "pageNum", part: .query).constraint(.range)?.canonicalText == "[1, 1000]")
        }
        #expect(try field("element.create", "element_name").constraint(.len) == .length(min: nil, max: 20))
        #expect(try field("element.create", "element_description").constraint(.len) == .length(min: nil, max: 100))
        #expect(try field("element.create", "reference_type").constraint(.enum) == .oneOf([.string("image_refer"), .string("video_refer")]))
        #expect(fixture.capabilityCell(model: "kling-video-o1", feature: "t2v-duration")?.value == .constraint(.oneOf([.string("5"), .string("10")])))
        #expect(fixture.capabilityCell(model: "kling-v3-omni", feature: "duration")?.value == .constraint(.intString(min: 3, max: 15)))
    }

    @Test func contradictionsAreUniqueAndOfficialOnBothSides() {
        let all = fixture.allContradictions
        #expect(Set(all.map(\.id)).count == all.count)
        for contradiction in all {
            #expect(contradiction.sourcesA.contains { $0.hasPrefix("OFF-") } && contradiction.sourcesB.contains { $0.hasPrefix("OFF-") }, "\(contradiction.id)")
        }
        // The I2V multi-shot/frames contradiction enforces the narrowest reading that keeps multi-shot possible.
        let frames = all.first { $0.id == "I2V-C1" }
        #expect(frames?.enforced == .expression("multi_shot == true => !present(image_tail)"))
    }
}

/// The golden reader and checker on the fixture: the oracles and expectations it pins.
struct GoldenFixtureTests {
    @Test func everyRuleIsCoveredAndEveryCaseBehaves() {
        let checker = GoldenChecker(registry: fixture)
        #expect(checker.coverageGaps(fixture.goldens) == [])
        #expect(checker.mismatches(fixture.goldens).map(\.description) == [])
        #expect(fixture.goldens.count == 236)
    }

    @Test func oraclesAndExpectationsAreRead() {
        #expect(fixture.goldens.contains { $0.oracle == "live:2026-03-29-text2video-text2video-kling-v3-final-1774805076" && $0.valid })
        #expect(fixture.goldens.contains { $0.oracle.hasPrefix("live:") && $0.expect == [GoldenCase.Expectation(path: "mode", constraint: "enum")] })
        #expect(fixture.goldens.contains { $0.oracle.hasPrefix("live:before-") && $0.expect == [GoldenCase.Expectation(path: "image", constraint: "min-side")] })
        // OV-R19 rests on a map cell alone: a warning under the text's posture, an error under the strict one.
        let o1 = fixture.goldens.filter { $0.payload["model_name"] == .string("kling-video-o1") && $0.payload["duration"] == .string("12") && $0.endpoint == "omni-video.create" }
        #expect(o1.contains { !$0.strict && $0.warnings?.contains { $0.rule == "OV-R19" } == true })
        #expect(fixture.goldens.contains { $0.strict && $0.expect.contains { $0.rule == "OV-R19" } })
    }
}
