import KlingRuntime
import Testing
@testable import KlingRegistry

/// A rule that reads a capability cell, against a fixture map.
struct CapabilityRuleTests {
    let map = """
    # Capability map

    ## kling-video-o1

    | Feature | Value | Source | Note |
    |---|---|---|---|
    | t2v-duration | `"5"`, `"10"` | OFF-MAP | |

    ## kling-v3-omni

    | Feature | Value | Source | Note |
    |---|---|---|---|
    | t2v-duration | int-string 3..15 | OFF-MAP | |
    """

    func registry() -> Registry {
        let sources = fixtureSources.replacingOccurrences(of: "| T3-X |", with: "| OFF-MAP | official | Map | https://example.com/map |\n| T3-X |")
        let (registry, diagnostics) = buildRegistry([
            "evidence/SOURCES.md": sources,
            "evidence/capability-map.md": map,
            "evidence/video/omni-video.create.md": endpointFile(body: """
            | `model_name` | string | optional | `"kling-video-o1"` | `kling-video-o1`, `kling-v3-omni` | OFF-3.0 | Model. |
            | `prompt` | string | optional | | | OFF-3.0 | Text. |
            | `aspect_ratio` | string | optional | | | OFF-3.0 | Shape. |
            | `mode` | string | optional | | `std`, `pro` | OFF-3.0 | Tier. |
            | `duration` | string | optional | `"5"` | int-string 3..15 | OFF-3.0 | Length. |
            """, extra: """

            ## Rules

            | Rule | Check | Effect | Wording | Source | Digest | Description |
            |---|---|---|---|---|---|---|
            | OV-R1 | `num(duration) in cap(model_name, "t2v-duration")` | error | must | OFF-MAP | omni-video.md#rule-11 | Text-to-video lengths per model. |
            """),
        ])
        // A fixture that stops loading fails the calling test, not the whole run.
        #expect(diagnostics.isEmpty, "\(diagnostics.joined(separator: "\n"))")
        return registry
    }

    func findings(_ json: String) -> [Finding] {
        PayloadValidator(registry: registry()).validate(try! JSONReader().parse(json), endpoint: "omni-video.create").errors
    }

    @Test func o1TwelveSecondsNamesTheCell() throws {
        let errors = findings(#"{ "model_name": "kling-video-o1", "prompt": "A lighthouse at dusk.", "aspect_ratio": "16:9", "mode": "std", "duration": "12" }"#)
        let only = try #require(errors.count == 1 ? errors.first : nil)
        #expect(only.rule == "OV-R1")
        #expect(only.path == "duration")
        #expect(only.message.contains("cap:kling-video-o1/t2v-duration"))
    }

    @Test func theModelDefaultAndOtherModels() {
        #expect(findings(#"{ "duration": "10" }"#).isEmpty)  // default model kling-video-o1
        #expect(findings(#"{ "duration": "7" }"#).count == 1)
        #expect(findings(#"{ "model_name": "kling-v3-omni", "duration": "12" }"#).isEmpty)
        #expect(findings(#"{ "model_name": "kling-v3-omni", "duration": "16" }"#).map(\.constraint) == ["int-string"])
    }
}
