import KlingRuntime
import Testing
@testable import KlingRegistry

/// Loading/Checks/UniqueIDsCheck and RecordReferencesCheck.
struct RecordAndIDChecksTests {
    static let record = #"""
    { "id": "2026-03-29-probe", "label": "L9", "purpose": "p", "observed": "2026-03-29", "model": null, "request_known": "partial",
      "calls": [ { "endpoint": "omni-video.creat", "create": "accepted" }, { "endpoint": "omni-video.create", "task": "succeed" } ],
      "blame": [], "claims": [ { "claim": "RC-9", "observed": true, "note": "n" } ], "notes": "n" }
    """#

    @Test func aCallToNoEndpointATaskOutcomeOnACreateAndAnUnknownClaimAreNamed() throws {
        var builder = RegistryBuilder()
        builder.today = try #require(CalendarDay("2026-06-30"))
        for (path, text) in ["evidence/SOURCES.md": fixtureSources, "evidence/video/omni-video.create.md": endpointFile(body: "| `mode` | string | optional | `\"std\"` | `std`, `pro` | OFF-3.0 | Tier. |")] {
            let (document, _) = MarkdownReader.read(path: path, bytes: Array(text.utf8))
            builder.add(try #require(document), path: path)
        }
        builder.addRecord(Array(Self.record.utf8), path: "evidence/live/2026-03-29-probe.json")
        let (registry, diagnostics) = builder.build()
        #expect(registry.records.count == 1, "\(diagnostics.map(\.description))")
        let messages = RecordReferencesCheck.problems(registry, unloadedEndpoints: []).map(\.message)
        #expect(messages == [
            "call to unknown endpoint 'omni-video.creat'",
            "omni-video.create: a create outcome belongs to a create call, a task outcome to a query",
            "claim RC-9 is not in register/claims.md",
        ], "\(messages)")
        // A call to an endpoint whose file did not load is that file's error, not this one.
        #expect(RecordReferencesCheck.problems(registry, unloadedEndpoints: ["omni-video.creat"]).count == 2)
    }

    @Test func theSecondUseOfAnIDPointsAtTheFirst() {
        let rules = "\n## Rules\n\n| Rule | Check | Effect | Wording | Source | Digest | Description |\n|---|---|---|---|---|---|---|\n"
        let registry = buildRegistry([
            "evidence/SOURCES.md": fixtureSources,
            "evidence/video/omni-video.create.md": endpointFile(body: "| `mode` | string | optional | `\"std\"` | `std`, `pro` | OFF-3.0 | Tier. |",
                                                               extra: rules + "| OV-R1 | `present(mode)` | error | must | OFF-3.0 | x.md#y | A. |\n| OV-R1 | `present(mode)` | error | must | OFF-3.0 | x.md#y | B. |\n"),
        ]).registry
        let problems = UniqueIDsCheck.problems(registry)
        #expect(problems.count == 1)
        #expect(problems.first?.message.hasPrefix("id OV-R1 is already used at evidence/video/omni-video.create.md:") == true, "\(problems.map(\.message))")
    }
}
