import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// Billing lines: each names the endpoint it prices and the body field that counts
/// what is billed, is checked against that endpoint, and preflight multiplies by it
/// only where the API uses that field as sent.
struct BillingTests {
    static let header = "# Billing\n\n| Endpoint | Model | Mode | When | Units | Per | Source |\n|---|---|---|---|---|---|---|\n"

    /// An image endpoint with no `mode`, counted by `n` or `series_amount`.
    static let imageEndpoint = EvidenceFixtures.endpointFile(id: "omni-image.create", body: """
    | `model_name` | string | optional | `"kling-v3-omni"` | `kling-v3-omni` | OFF-3.0 | Model. |
    | `prompt` | string | required | | | OFF-3.0 | Text. |
    | `resolution` | string | optional | `"1k"` | `1k`, `4k` | OFF-3.0 | Size class. |
    | `result_type` | string | optional | `"single"` | `single`, `series` | OFF-3.0 | Kind of result. |
    | `n` | integer | optional | `1` | [1, 9] | OFF-3.0 | Images. |
    | `series_amount` | integer | optional | `4` | [2, 9] | OFF-3.0 | Images of a series. |
    """)

    static func plan(_ creates: [(endpoint: String, model: String, payload: String)]) -> String {
        let items = creates.map { #"{ "endpoint": "\#($0.endpoint)", "model": "\#($0.model)", "payload": "\#($0.payload)", "purpose": "p \#($0.payload)", "kind": "production" }"# }
        return #"{ "round": "r", "creates": [ \#(items.joined(separator: ", ")) ], "expected_count": \#(creates.count), "max_units": 1000, "reviewed": { "guardrails": true, "register": true } }"#
    }

    static func creates(_ result: CLIResult) throws -> [JSONValue] {
        try JSONReader().parse(result.stdout)["creates"]?.arrayValue ?? []
    }

    @Test func imageLinesMultiplyByTheCountingFieldWithItsDefault() throws {
        let folder = TemporaryFolder.fixtureCopy()
        folder.write("evidence/image/omni-image.create.md", Self.imageEndpoint)
        let billing = try #require(folder.read("evidence/billing.md"))
        folder.write("evidence/billing.md", billing + """
        | omni-image.create | kling-v3-omni | | `resolution != "4k" && result_type != "series"` | 8 | `n` | OFF-3.0 |
        | omni-image.create | kling-v3-omni | | `resolution == "4k" && result_type == "series"` | 16 | `series_amount` | OFF-3.0 |

        """)
        folder.write("single.json", #"{ "prompt": "A fox.", "n": 3 }"#)
        folder.write("series.json", #"{ "prompt": "A fox.", "resolution": "4k", "result_type": "series" }"#)
        folder.write("plan.json", Self.plan([("omni-image.create", "kling-v3-omni", "single.json"), ("omni-image.create", "kling-v3-omni", "series.json")]))
        let result = runCLI(["preflight", "plan.json", "--format", "json"], in: folder.url)
        let creates = try Self.creates(result)
        try #require(creates.count == 2, "\(result.stdout)\(result.stderr)")
        #expect(creates[0]["units"] == .number(JSONNumber(lexeme: "24")), "\(creates[0])")
        #expect(creates[0]["exposure"]?.stringValue?.contains("8 units per n × 3") == true)
        // series_amount is left to its default of 4.
        #expect(creates[1]["units"] == .number(JSONNumber(lexeme: "64")), "\(creates[1])")
        #expect(creates[1]["exposure"]?.stringValue?.contains("16 units per series_amount × 4") == true)
    }

    @Test func anIgnoredCountingFieldLeavesTheExposureUnknownEvenAtItsDefault() throws {
        let folder = TemporaryFolder.fixtureCopy()
        // No `duration`: its default "5" would have been billed, while an edited base clip is billed on its own length.
        folder.write("base.json", #"{ "model_name": "kling-v3-omni", "prompt": "Make <<<video_1>>> snowy.", "video_list": [ { "video_url": "https://example.com/v.mp4", "refer_type": "base", "keep_original_sound": "no" } ], "mode": "std", "sound": "off" }"#)
        folder.write("plan.json", Self.plan([("omni-video.create", "kling-v3-omni", "base.json")]))
        let result = runCLI(["preflight", "plan.json", "--format", "json"], in: folder.url)
        #expect(result.exit == .findings, "\(result.stdout)")
        let create = try #require(try Self.creates(result).first)
        #expect(create["units"] == .null)
        let detail = try #require(create["exposure"]?.stringValue)
        #expect(detail.contains("OV-R23") && detail.contains("cannot be counted"), "\(detail)")
    }

    @Test(arguments: [
        ("| text2vide.create | kling-v3 | std | | 1 | `duration` | OFF-3.0 |", "evidence/billing.md:5:3: error: billing line names text2vide.create, which is not a transcribed endpoint: preflight cannot bill a create it cannot validate; did you mean text2video.create?"),
        ("| text2video.create | kling-v9 | std | | 1 | `duration` | OFF-3.0 |", "evidence/billing.md:5:23: error: model kling-v9 is not a model_name of text2video.create"),
        ("| text2video.create | kling-v3 | | | 1 | `duration` | OFF-3.0 |", "evidence/billing.md:5:33: error: text2video.create takes a mode, so a billing line names one"),
        ("| text2video.create | kling-v3 | std | | 1 | `durations` | OFF-3.0 |", "evidence/billing.md:5:46: error: Per names durations, which is not a top-level body field of text2video.create; did you mean duration?"),
        ("| text2video.create | kling-v3 | std | | 1 | `prompt` | OFF-3.0 |", "evidence/billing.md:5:46: error: prompt is a string, not a number, an int-string or a media address with a duration limit, so it cannot count what is billed"),
        ("| text2video.create | kling-v3 | std | | 1 | duration | OFF-3.0 |", "evidence/billing.md:5:46: error: Per is one code span naming the body field that counts what is billed, such as `duration` or `n`"),
    ])
    func aLineThatDoesNotFitItsEndpointIsAnErrorAtItsCell(row: String, diagnostic: String) throws {
        let folder = TemporaryFolder.fixtureCopy()
        folder.write("evidence/billing.md", Self.header + row + "\n")
        let result = runCLI(["check"], in: folder.url)
        #expect(result.exit == .failure)
        #expect(result.stderr.split(separator: "\n").contains { $0.hasPrefix(diagnostic) }, "\(result.stderr)")
    }
}
