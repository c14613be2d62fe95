import Foundation
import KlingRegistry
import KlingRuntime

/// `klingreg residuals`: what is still open under strict closeout.
enum ResidualsCommand {
    static let states = ["open", "classified-deferred", "closed-by-doc", "closed-by-live", "closed-by-negative-finding", "closed-out-of-scope", "closed"]
    static let kinds = ["evidence", "verification", "prompting", "pipeline-code", "per-create-check"]

    static let spec = CommandSpec(
        name: "residuals",
        summary: "open and closed strict-closeout items: the TODO's rows and the derived ones",
        usage: "residuals [--state S] [--kind K] [--strict=phase1|phase3] [--format text|json|markdown]",
        options: [
            OptionSpec(name: "--state", kind: .value(placeholder: "S", allowed: states), help: "only items in this state (closed: any closed state)"),
            OptionSpec(name: "--kind", kind: .value(placeholder: "K", allowed: kinds), help: "only items of this kind"),
            OptionSpec(name: "--strict", kind: .value(placeholder: "phase1|phase3", allowed: ["phase1", "phase3"]), help: "exit 1 while items of that scope are open"),
            OutputFormat.option,
        ],
        positionals: .none,
        run: run
    )

    static func run(_ invocation: Invocation) -> ExitCode {
        guard let (repository, load) = invocation.loadRegistry() else { return .failure }
        guard !load.failed else { return .failure }
        let console = invocation.console
        let closeout = Closeout(registry: load.registry, repository: repository)
        for problem in closeout.problems { console.diagnostic(problem.description) }
        let full = ResidualsReport(registry: load.registry, closeout: closeout)
        var report = full
        if let state = invocation.arguments.value("--state") {
            report.items = report.items.filter { state == "closed" ? $0.state.hasPrefix("closed") : $0.state == state }
        }
        if let kind = invocation.arguments.value("--kind") {
            report.items = report.items.filter { $0.kind == kind }
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
        if let strict = invocation.arguments.value("--strict") {
            let failing = full.failing(strict: strict)
            if !failing.isEmpty {
                console.errLine("strict \(strict): \(failing.count) item\(failing.count == 1 ? "" : "s") still open: \(failing.prefix(8).map(\.id).joined(separator: ", "))\(failing.count > 8 ? ", …" : "")")
                return .findings
            }
        }
        return closeout.problems.isEmpty ? .success : .findings
    }

    static func summaryLine(_ summary: ResidualsReport.Summary) -> String {
        let closed = summary.closedByDoc + summary.closedByLive + summary.closedByNegativeFinding + summary.closedOutOfScope
        return "\(summary.open) open, \(summary.deferred) deferred, \(closed) closed (doc \(summary.closedByDoc), live \(summary.closedByLive), negative finding \(summary.closedByNegativeFinding), out of scope \(summary.closedOutOfScope)); derived: \(summary.derivedOpen) open, \(summary.derivedClosed) closed"
    }

    static func text(_ report: ResidualsReport, console: Console) -> String {
        var text = summaryLine(report.summary) + "\n"
        for item in report.items {
            let state = item.state == "open" ? console.paint(item.state, .red) : item.state == "classified-deferred" ? console.paint(item.state, .yellow) : item.state
            text += "\n\(item.id)  \(item.kind) · phase \(item.phase) · \(state)" + (item.classification == "—" ? "" : " · \(item.classification)") + "\n"
            text += "  \(item.seed)\n"
            if !item.refs.isEmpty { text += "  refs: \(item.refs.joined(separator: ", "))\n" }
            if item.evidence != "—" && !item.evidence.isEmpty { text += "  evidence: \(item.evidence)\n" }
            if item.next != "—" { text += "  next: \(item.next)\n" }
        }
        return text
    }

    static func markdown(_ report: ResidualsReport) -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var text = "# Residuals\n\n\(summaryLine(report.summary))\n\n| Id | Kind | Phase | State | Classification | Seed | Refs | Evidence | Next |\n|---|---|---|---|---|---|---|---|---|\n"
        for item in report.items {
            text += "| \(item.id) | \(item.kind) | \(item.phase) | \(item.state) | \(cell(item.classification)) | \(cell(item.seed)) | \(cell(item.refs.map { "`\($0)`" }.joined(separator: ", "))) | \(cell(item.evidence)) | \(cell(item.next)) |\n"
        }
        return text
    }
}
