import KlingRuntime
import Testing
@testable import KlingRegistry

struct ReferenceTests {
    @Test(arguments: [
        "omni-video.create#body:mode=\"standard\"",
        "omni-video.create#body:video_list[].refer_type=\"feature\"",
        "image2video.create#body:image/min-side",
        "omni-video.create#body:mode=\"pro\"@kling-v3-omni",
        "omni-video.create#body:prompt=<absent>",
        "omni-video.create#header:Content-Type",
        "text2video.create#body:cfg_scale=0.5",
        "rule:OV-R2", "contra:OV-C1", "claim:OV-K1", "cap:kling-video-o1/t2v-duration",
        "residual:R-12", "guard:G-3", "policy:P-1", "live:2026-03-29-text2video-kling-v3-baseline",
    ])
    func parsesAndPrintsCanonically(text: String) throws {
        #expect(try Reference.parse(text).description == text)
    }

    @Test func partsOfAnItemReference() throws {
        guard case .item(let item) = try Reference.parse("omni-video.create#body:mode=\"pro\"@kling-v3-omni") else {
            Issue.record("not an item reference")
            return
        }
        #expect(item.endpoint == "omni-video.create")
        #expect(item.part == .body)
        #expect(item.path == "mode")
        #expect(item.value == .literal(.string("pro")))
        #expect(item.model == "kling-v3-omni")
        #expect(item.constraint == nil)
    }

    @Test(arguments: [
        ("omni-video.create#bdy:mode", "unknown part 'bdy'; use header, path, query, body or response"),
        ("omni-video.create#body:mode=standard", "'standard' is not a JSON literal (strings need double quotes)"),
        ("omni-video.create#body:image/min-sides", "unknown constraint 'min-sides'"),
        ("mode", "'mode' is not a reference (expected endpoint#part:path, rule:ID, cap:MODEL/FEATURE, …)"),
        ("cap:kling-v3", "a capability reference is cap:<model>/<feature>"),
        ("omni-video.create#body:mode@", "empty model after '@'"),
    ])
    func malformedReferences(text: String, message: String) {
        #expect(throws: Error.self) { try Reference.parse(text) }
        do {
            _ = try Reference.parse(text)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func resolutionAgainstAFixtureRegistry() {
        let (registry, diagnostics) = buildRegistry([
            "evidence/SOURCES.md": fixtureSources,
            "evidence/video/omni-video.create.md": endpointFile(body: """
            | `mode` | string | optional | `"pro"` | `std`, `pro` | OFF-3.0 | Tier. |
            | `image` | string | optional | | min-side >= 300 px | OFF-3.0 | Image. |
            """),
        ])
        #expect(diagnostics.isEmpty)
        let resolver = ReferenceResolver(registry: registry)
        func problem(_ text: String, claim: Bool = false) -> String? {
            resolver.problem(with: try! Reference.parse(text), allowUndocumented: claim)
        }
        #expect(problem("omni-video.create#body:mode=\"std\"") == nil)
        #expect(problem("omni-video.create#body:image/min-side") == nil)
        #expect(problem("omni-video.create#body:mode=\"4k\"") == "\"4k\" is not among the documented values of `mode`")
        #expect(problem("omni-video.create#body:mode=\"4k\"", claim: true) == nil)
        #expect(problem("omni-video.create#body:mode=5") == "5 is not a string value of `mode`")
        #expect(problem("omni-video.create#body:image/aspect") == "`image` has no aspect constraint")
        #expect(problem("omni-video.create#body:mdoe") == "omni-video.create has no body field `mdoe`; did you mean `mode`?")
        #expect(problem("omni-vide.create#body:mode") == "no endpoint 'omni-vide.create'; did you mean 'omni-video.create'?")
        #expect(problem("rule:OV-R9") == "rule:OV-R9 does not exist")
        #expect(problem("cap:kling-v3/modes") == "cap:kling-v3/modes is not a cell of evidence/capability-map.md")
    }
}

/// Field references have one writer: FieldReference, which ItemReference builds on.
struct FieldReferenceTests {
    @Test func aFieldAPartAndAConstraintAreWrittenOneWay() throws {
        let field = FieldReference(endpoint: "omni-video.create", part: .body, path: "image_list[].image_url")
        #expect(field.description == "omni-video.create#body:image_list[].image_url")
        #expect(field.with(constraint: "min-side") == "omni-video.create#body:image_list[].image_url/min-side")
        #expect(FieldReference(endpoint: "omni-video.create", part: .query, path: "").description == "omni-video.create#query")
        #expect(FieldReference.prefix(endpoint: "tts.create", part: .body) == "tts.create#body:")
        let parsed = try Reference.parse("omni-video.create#body:image_list[].image_url/min-side@kling-v3-omni")
        guard case .item(let item) = parsed else {
            Issue.record("not an item reference")
            return
        }
        #expect(item.field == field)
        #expect(item.description.hasPrefix(field.description + "/"))
    }
}
