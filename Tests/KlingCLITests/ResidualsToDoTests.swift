import Foundation
@testable import KlingCLI
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// `residuals` as a to-do list: open items by next action, alike items as one line,
/// the per-create checks apart, filters that recount, phases as the TODO has them.
struct ResidualsToDoTests {
    static func report(_ arguments: [String] = []) throws -> ResidualsReport {
        let result = runCLI(["residuals", "--format", "json"] + arguments)
        return try ResidualsReport(json: try JSONReader().parse(result.stdout))
    }

    @Test func theDefaultListsOnlyOpenItemsAndTheStandingGuardrails() throws {
        let all = try Self.report(["--all"])
        let open = try Self.report()
        #expect(open.items.allSatisfy { $0.isOpen || $0.action == .guardrail })
        #expect(Set(open.items.map(\.id)) == Set(all.items.filter { $0.isOpen || $0.action == .guardrail }.map(\.id)))
        #expect(all.items.count > open.items.count)
        // The default view keeps the whole summary; guardrails are never counted as open.
        #expect(open.summary == all.summary)
        #expect(open.summary.guardrails == all.items.filter { $0.action == .guardrail }.count)
        #expect(open.summary.open == all.items.filter { !$0.derived && $0.isOpen && $0.action != .guardrail }.count)
    }

    @Test func alikeDerivedItemsAreOneLineWithTheirIDs() throws {
        let all = try Self.report(["--all"])
        // Items that each name their own create are listed one by one; those to cite are grouped.
        let families = Dictionary(grouping: all.items.filter { $0.derived && $0.isOpen && $0.action == .cite }, by: { $0.family ?? "" })
        let (family, members) = try #require(families.max { $0.value.count < $1.value.count })
        try #require(members.count >= 2)
        let text = runCLI(["residuals"]).stdout
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("  \(members.count) × \(family) ") })
        for member in members { #expect(line.contains(member.cite)) }
        #expect(!text.contains("\n  \(members[0].cite)  "), "a grouped item is also listed alone")
    }

    @Test func derivedItemsSayHowToCloseThemWithAShortID() throws {
        let item = try #require(try Self.report().items.first { $0.derived })
        #expect(item.cite.hasPrefix("D-") && item.cite.count == 8)
        #expect(item.next?.contains("cite `residual:\(item.cite)` in the Refs of a row of register/residuals.md") == true)
        #expect(item.cite == "D-" + String(SHA256.hex(SHA256.digest(Array(item.id.utf8))).prefix(6)))
    }

    @Test func filtersRecountTheSummaryAndSayWhenNothingMatches() throws {
        let prompting = try Self.report(["--kind", "prompting"])
        #expect(prompting.items.allSatisfy { $0.kind == "prompting" })
        #expect(prompting.summary.open + prompting.summary.deferred + prompting.summary.closedByDoc + prompting.summary.closedByLive + prompting.summary.closedOutOfScope + prompting.summary.closedByNegativeFinding == prompting.items.count)
        let closed = try Self.report(["--state", "closed"])
        #expect(closed.summary.open == 0 && closed.summary.derivedOpen == 0)
        #expect(closed.items.allSatisfy { $0.state.hasPrefix("closed") })
        let none = runCLI(["residuals", "--state", "closed-by-negative-finding", "--kind", "prompting"])
        #expect(none.stderr.contains("no items match --state closed-by-negative-finding --kind prompting"))
    }

    @Test func strictFollowsTheTODOsPhases() throws {
        let all = try Self.report(["--all"])
        func expected(_ phases: Set<String>, deferred: Bool) -> Int {
            all.items.filter { $0.action != .guardrail && phases.contains($0.phase) && ($0.isOpen || (deferred && $0.state == "classified-deferred")) }.count
        }
        let phase1 = runCLI(["residuals", "--strict=phase1"])
        #expect(phase1.stderr.contains("strict phase1: \(expected(["1"], deferred: false)) items still open"), "\(phase1.stderr)")
        let phase3 = runCLI(["residuals", "--strict=phase3"])
        #expect(phase3.stderr.contains("strict phase3: \(expected(["1", "2", "3"], deferred: true)) items still open"), "\(phase3.stderr)")
        // Phase 3 includes the prompting and pipeline-code rows the TODO puts in phases 2 and 3.
        let failing = all.failing(strict: "phase3").map(\.kind)
        for kind in Set(all.items.filter { $0.isOpen && ["prompting", "pipeline-code"].contains($0.kind) && ["2", "3"].contains($0.phase) }.map(\.kind)) {
            #expect(failing.contains(kind))
        }
        #expect(!all.failing(strict: "phase1").contains { $0.phase != "1" })
    }

    @Test func helpListsTheAllowedValues() {
        let help = runCLI(["help", "residuals"]).stdout
        for value in ResidualsCommand.states + ResidualsCommand.kinds { #expect(help.contains(value), "\(value)") }
        #expect(help.contains("--strict follows the TODO's phases"))
    }

    @Test func thePlanIsOnePreflightReads() throws {
        let folder = TemporaryFolder()
        let write = runCLI(["residuals", "--plan", folder.url.appendingPathComponent("plan.json").path])
        let all = try Self.report(["--all"])
        let settled = all.items.filter { !$0.derived && $0.action == .billableCreate && ($0.isOpen || $0.state == "classified-deferred") && $0.nextCreate != nil }
        guard !settled.isEmpty else {
            #expect(write.exit == .failure)
            return
        }
        #expect(write.stderr.contains("wrote "), "\(write.stderr)")
        let preflight = runCLI(["preflight", folder.url.appendingPathComponent("plan.json").path, "--format", "json"])
        // Well-formed: judged (GO or NO-GO), never refused as a plan.
        #expect(preflight.exit != .failure, "\(preflight.stderr)")
        let value = try JSONReader().parse(preflight.stdout)
        #expect(value["creates"]?.arrayValue?.count == settled.count)
        // Unreviewed and unapproved, as written: NO-GO until the user says otherwise.
        #expect(value["verdict"] == .string("NO-GO"))
        for item in settled {
            let create = try #require(item.nextCreate)
            #expect(create.mode == "std")
            #expect(create.worstCaseUnits != nil || create.model == "unknown", "\(item.id)")
        }
    }
}

/// `report`'s summary never counts an out-of-scope or conflicting item as confirmed.
struct ReportSummaryColumnTests {
    @Test func outOfScopeEndpointsHaveTheirOwnColumn() throws {
        let outOfScope = try #require(fixture.endpoints.first { endpoint in
            fixture.register.status.contains { $0.outOfScope && $0.target == .endpoint(endpoint.id) }
        })
        let text = runCLI(["report"]).stdout
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("  \(outOfScope.id): ") })
        #expect(line.contains("out-of-scope "), "\(line)")
        #expect(!line.contains("doc-confirmed"), "\(line)")
    }
}

/// JSON outputs carry words and `null`, never the "—" of the text views.
struct JSONWordsTests {
    @Test func schemaMarksAreWords() throws {
        let result = runCLI(["schema", "--format", "json"])
        #expect(!result.stdout.contains("—"))
        let cells = try JSONReader().parse(result.stdout)["schema"]?["capabilityMap"]?.arrayValue ?? []
        let marks = Set(cells.compactMap { $0["mark"]?.stringValue })
        #expect(!marks.isEmpty)
        #expect(marks.isSubset(of: ["unsupported", "coming-soon", "not-listed"]), "\(marks)")
    }

    @Test func reportDisagreementsAreObjects() throws {
        let disagreement = CoverageReport.Disagreement(item: "omni-video.create#body:mode=\"pro\"", model: "kling-v3-omni", kind: "doc-live", label: "live-rejected (doc says valid)", record: nil, detail: "live-rejected (doc says valid) by an unnamed record")
        #expect(disagreement.json["record"] == .null)
        #expect(disagreement.json["kind"] == .string("doc-live"))
        #expect(disagreement.line == "omni-video.create#body:mode=\"pro\" @kling-v3-omni: live-rejected (doc says valid) by an unnamed record")
        let report = try JSONReader().parse(runCLI(["report", "--format", "json"]).stdout)
        for item in report["disagreements"]?.arrayValue ?? [] { #expect(item["item"]?.stringValue != nil && item["kind"]?.stringValue != nil) }
        #expect(!runCLI(["report", "--format", "json"]).stdout.contains("—"))
    }
}
