import KlingRuntime
import Testing
@testable import KlingRegistry

/// Loading/Checks/SourceKeysCheck and ConditionalCheck, on registries built in memory.
struct SourceKeysCheckTests {
    static func registry(_ body: String, extra: String = "") -> Registry {
        buildRegistry(["evidence/SOURCES.md": fixtureSources, "evidence/video/omni-video.create.md": endpointFile(body: body, extra: extra)]).registry
    }

    @Test func anUnknownKeyIsNamedWithItsNearestKey() {
        let registry = Self.registry("| `mode` | string | optional | `\"std\"` | `std`, `pro` | OFF-3.O | Tier. |")
        let messages = SourceKeysCheck.problems(registry, unloadedKeys: []).map(\.message)
        #expect(messages.contains("unknown source key 'OFF-3.O'; did you mean 'OFF-3.0'? (keys live in evidence/SOURCES.md)"), "\(messages)")
        // A key whose SOURCES.md row did not load is that row's error, not this one.
        #expect(SourceKeysCheck.problems(registry, unloadedKeys: ["OFF-3.O"]).map(\.message).allSatisfy { !$0.contains("OFF-3.O") })
    }

    @Test func aFieldRowOnlyAThirdPartyStatesNeedsAnOfficialKey() {
        let registry = Self.registry("| `mode` | string | optional | `\"std\"` | `std`, `pro` | T3-X | Tier. |")
        let problems = SourceKeysCheck.problems(registry, unloadedKeys: [])
        #expect(problems.map(\.message) == ["no OFF- source: a field row is doc evidence; a third-party-only fact goes in Claims"])
        #expect(problems.first?.location.file == "evidence/video/omni-video.create.md")
    }

    @Test func aConditionalNamesARequiredRuleOfItsEndpoint() {
        let rules = "\n## Rules\n\n| Rule | Check | Effect | Wording | Source | Digest | Description |\n|---|---|---|---|---|---|---|\n"
        let registry = Self.registry("| `mode` | string | conditional(OV-R1) | | `std`, `pro` | OFF-3.0 | Tier. |\n| `prompt` | string | conditional(OV-R9) | | | OFF-3.0 | Text. |",
                                     extra: rules + "| OV-R1 | `present(prompt) => present(mode)` | error | must | OFF-3.0 | x.md#y | R. |\n")
        #expect(ConditionalCheck.problems(registry, unloadedRules: []).map(\.message) == [
            "conditional(OV-R1): the rule's Effect is error, not required",
            "conditional(OV-R9): no such rule in this file",
        ])
        #expect(ConditionalCheck.problems(registry, unloadedRules: ["OV-R9"]).count == 1)
    }
}
