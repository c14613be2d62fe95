import Foundation
import KlingRegistry
import KlingRuntime

/// `klingreg residuals`: what is still open under strict closeout.
enum ResidualsCommand {
    static let states = ["open", "classified-deferred", "closed-by-doc", "closed-by-live", "closed-by-negative-finding", "closed-out-of-scope", "closed"]
    static let kinds = ["evidence", "verification", "prompting", "pipeline-code", "per-create-check"]

    static let spec = CommandSpec(
        name: "residuals",
        summary: "what is still open under strict closeout, as a to-do list grouped by the next action",
        usage: "residuals [--all] [--state S] [--kind K] [--strict=phase1|phase3] [--plan FILE] [--format text|json|markdown]",
        options: [
            OptionSpec(name: "--all", kind: .flag, help: "also closed and deferred items (default: open items and the standing guardrails)"),
            OptionSpec(name: "--state", kind: .value(placeholder: "S", allowed: states), help: "only items in this state (closed: any closed state): " + states.joined(separator: ", ")),
            OptionSpec(name: "--kind", kind: .value(placeholder: "K", allowed: kinds), help: "only items of this kind: " + kinds.joined(separator: ", ")),
            OptionSpec(name: "--strict", kind: .value(placeholder: "phase1|phase3", allowed: ["phase1", "phase3"]), help: "exit 1 while items of that TODO phase are open"),
            OptionSpec(name: "--plan", kind: .value(placeholder: "FILE", allowed: nil), help: "write the creates that would settle the open verification items as a plan for preflight"),
            OutputFormat.option,
        ],
        positionals: .none,
        run: run,
        details: """
        Items are grouped by the kind of their next action: cite an official text, a
        decision of yours, a free check (a create the API refuses before billing), an
        approval-gated billable create. Within a group, items touching a production route
        come first. Derived items alike in kind and next step are one line with their ids;
        cite one as `residual:D-xxxxxx` in a row of register/residuals.md to close it.
        The per-create checks (R-17…R-27) are standing guardrails preflight enforces on
        every plan; they are listed apart and never counted as open.

        --strict follows the TODO's phases: phase1 fails while any phase-1 item (the TODO's
        Phase 1 rows and every derived residual) is open; phase3 fails while any item of
        phases 1 to 3 (prompting and pipeline-code rows included) is open or deferred.
        """
    )

    static func run(_ invocation: Invocation) -> ExitCode {
        guard let (repository, load) = invocation.loadRegistry() else { return .failure }
        guard !load.failed else { return .failure }
        let console = invocation.console
        let closeout = Closeout(registry: load.registry, repository: repository)
        for problem in closeout.problems { console.diagnostic(problem.description) }
        let full = ResidualsReport(registry: load.registry, closeout: closeout)
        let state = invocation.arguments.value("--state"), kind = invocation.arguments.value("--kind")
        let report = full.filtered(state: state, kind: kind, all: invocation.arguments.has("--all"))
        if report.items.isEmpty, state != nil || kind != nil {
            console.errLine("no items match" + (state.map { " --state \($0)" } ?? "") + (kind.map { " --kind \($0)" } ?? ""))
        }
        switch invocation.format {
        case .json:
            console.out(JSONWriter(style: .pretty, sortKeys: true).string(report.json()) + "\n")
        case .markdown:
            console.out(markdown(report))
        // github and sarif are not among this command's --format values, so they cannot arrive here.
        case .text, .github, .sarif:
            console.out(text(report, console: console))
        }
        if let path = invocation.arguments.value("--plan") {
            guard ResidualsPlan.write(full, registry: load.registry, to: path, invocation: invocation) else { return .failure }
        }
        if let strict = invocation.arguments.value("--strict") {
            let failing = full.failing(strict: strict)
            if !failing.isEmpty {
                console.errLine("strict \(strict): \(failing.count) item\(failing.count == 1 ? "" : "s") still open: \(failing.map(\.cite).joined(separator: ", "))")
                return .findings
            }
        }
        return closeout.problems.isEmpty ? .success : .findings
    }

    static func summaryLine(_ summary: ResidualsReport.Summary) -> String {
        let closed = summary.closedByDoc + summary.closedByLive + summary.closedByNegativeFinding + summary.closedOutOfScope
        return "\(summary.open) open, \(summary.deferred) deferred, \(closed) closed (doc \(summary.closedByDoc), live \(summary.closedByLive), negative finding \(summary.closedByNegativeFinding), out of scope \(summary.closedOutOfScope)); derived: \(summary.derivedOpen) open, \(summary.derivedClosed) closed; \(summary.guardrails) standing guardrails"
    }

    /// Items listed one by one, or as one line when alike (derived, same family and next step).
    enum Entry {
        case single(ResidualsReport.Item)
        case group([ResidualsReport.Item])
    }

    static func entries(_ items: [ResidualsReport.Item]) -> [Entry] {
        var entries: [Entry] = []
        var groups: [String: Int] = [:]
        for item in items {
            guard item.derived, let family = item.family else { entries.append(.single(item)); continue }
            let key = family + "|" + (item.next ?? "").replacingOccurrences(of: item.cite, with: "") + "|" + item.state
            if let index = groups[key], case .group(let members) = entries[index] {
                entries[index] = .group(members + [item])
            } else {
                groups[key] = entries.count
                entries.append(.group([item]))
            }
        }
        return entries.map { entry in
            if case .group(let members) = entry, members.count == 1 { return .single(members[0]) }
            return entry
        }
    }

    static func createText(_ create: ResidualsReport.NextCreate) -> String {
        "\(create.endpoint) \(create.model) \(create.mode) \(create.duration) s" + (create.fields.isEmpty ? "" : " with \(create.fields.joined(separator: ", "))")
            + "; worst case " + (create.worstCaseUnits.map { Preflight.format($0) + " units" } ?? "unknown (no billing line)")
    }

    static func text(_ report: ResidualsReport, console: Console) -> String {
        var text = summaryLine(report.summary) + "\n"
        for action in ResidualsReport.Action.allCases {
            let items = report.items.filter { $0.action == action }
            guard !items.isEmpty else { continue }
            if action == .guardrail {
                text += "\n\(action.heading): " + items.map(\.id).joined(separator: ", ") + "\n"
                continue
            }
            text += "\n\(action.heading) (\(items.count))\n"
            for entry in entries(items) {
                switch entry {
                case .single(let item):
                    let state = item.isOpen ? console.paint(item.state, .red) : item.state == "classified-deferred" ? console.paint(item.state, .yellow) : item.state
                    text += "\n  \(item.cite)  \(item.kind) · phase \(item.phase) · \(state)" + (item.classification.map { " · \($0)" } ?? "") + (item.production ? " · production route" : "") + "\n"
                    text += "    \(item.seed)\n"
                    if !item.refs.isEmpty { text += "    refs: \(item.refs.joined(separator: ", "))\n" }
                    if let evidence = item.evidence { text += "    evidence: \(evidence)\n" }
                    if let next = item.next { text += "    next: \(next)\n" }
                    if let create = item.nextCreate { text += "    settling create: \(createText(create))\n" }
                case .group(let members):
                    let first = members[0]
                    text += "\n  \(members.count) × \(first.family ?? "derived") (\(members.filter(\.production).count) on a production route): " + members.map(\.cite).joined(separator: ", ") + "\n"
                    text += "    e.g. \(first.seed)\n"
                    if let next = first.next { text += "    next: \(next.replacingOccurrences(of: "`residual:\(first.cite)`", with: "`residual:D-…` (one of the ids above)"))\n" }
                }
            }
        }
        return text
    }

    static func markdown(_ report: ResidualsReport) -> String {
        func cell(_ text: String?) -> String { (text ?? "").replacingOccurrences(of: "|", with: "\\|") }
        var text = "# Residuals\n\n\(summaryLine(report.summary))\n\n| Cite | Action | Kind | Phase | State | Production | Seed | Refs | Next |\n|---|---|---|---|---|---|---|---|---|\n"
        for item in report.items {
            let next = [item.next, item.nextCreate.map(createText)].compactMap { $0 }.joined(separator: "; ")
            text += "| \(item.cite) | \(item.action.rawValue) | \(item.kind) | \(item.phase) | \(item.state) | \(item.production ? "yes" : "") | \(cell(item.seed)) | \(cell(item.refs.map { "`\($0)`" }.joined(separator: ", "))) | \(cell(next)) |\n"
        }
        return text
    }
}
