import KlingRegistry
import KlingRuntime

/// `klingreg check`: load everything and say what was loaded and what is wrong.
enum CheckCommand {
    static let spec = CommandSpec(
        name: "check",
        summary: "load evidence/ and register/, print diagnostics",
        usage: "check [--format text|json|github|sarif]",
        options: [OutputFormat.annotated()],
        positionals: .none,
        run: run
    )

    static func run(_ invocation: Invocation) -> ExitCode {
        guard let (repository, load) = invocation.loadRegistry() else { return .failure }
        let registry = load.registry
        let errors = load.diagnostics.filter { $0.severity == .error }.count
        // Consistency needs a registry that loaded.
        let closeout = load.failed ? nil : Closeout(registry: registry, repository: repository)
        var problems = closeout?.problems ?? []
        for gap in closeout?.coverageGaps ?? [] {
            problems.append(Diagnostic(file: "evidence/payloads", line: 1, column: 1, message: "golden coverage: \(gap)"))
        }
        for problem in problems { invocation.console.diagnostic(problem.description) }
        switch invocation.format {
        case .github, .sarif:
            let located = (load.diagnostics + problems).map { diagnostic in
                Annotation(level: Annotation.Level(rawValue: diagnostic.severity.rawValue) ?? .error, file: diagnostic.file, line: diagnostic.position.line, column: diagnostic.position.column, message: diagnostic.message, ruleID: nil)
            }
            invocation.console.out(invocation.format == .github ? Annotations.github(located) : Annotations.sarif(located, version: CLI.version))
        case .json:
            invocation.console.out(ReportJSON.render([
                ("endpoints", .number(JSONNumber(registry.endpoints.count))),
                ("records", .number(JSONNumber(registry.recordCount))),
                ("registerRows", .number(JSONNumber(registry.registerRowCount))),
                ("errors", .number(JSONNumber(errors))),
                ("diagnostics", .array(load.diagnostics.map { .string($0.description) })),
                ("consistency", .array(problems.map { .string($0.description) })),
            ]))
        default:
            invocation.console.outLine("\(registry.endpoints.count) endpoint\(registry.endpoints.count == 1 ? "" : "s"), \(registry.recordCount) record\(registry.recordCount == 1 ? "" : "s"), \(registry.registerRowCount) register row\(registry.registerRowCount == 1 ? "" : "s"), \(registry.goldens.count) golden case\(registry.goldens.count == 1 ? "" : "s")")
            if errors > 0 {
                invocation.console.errLine("\(errors) error\(errors == 1 ? "" : "s"): the repository does not load")
            } else if !problems.isEmpty {
                invocation.console.errLine("\(problems.count) consistency finding\(problems.count == 1 ? "" : "s"): the register, the TODO or the golden cases do not fit the evidence")
            }
        }
        if load.failed { return .failure }
        return problems.isEmpty ? .success : .findings
    }
}
