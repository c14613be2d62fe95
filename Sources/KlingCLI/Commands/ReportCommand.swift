import KlingRegistry
import KlingRuntime

/// `klingreg report [ENDPOINT]`: coverage by label, observed values, live
/// coverage per model, disagreements and conflicts, and the routes; with an
/// endpoint, every item of it with its label per model.
enum ReportCommand {
    static let spec = CommandSpec(
        name: "report",
        summary: "evidence coverage: endpoints × labels, observed values, live coverage, disagreements, routes",
        usage: "report [ENDPOINT] [--format text|json|markdown]",
        options: [OutputFormat.option],
        positionals: .init(minimum: 0, maximum: 1),
        run: run
    )

    static func run(_ invocation: Invocation) -> ExitCode {
        guard let (_, load) = invocation.loadRegistry() else { return .failure }
        guard !load.failed else { return .failure }
        let registry = load.registry
        let index = StatusIndex(registry: registry)
        let report = CoverageReport(registry: registry, index: index)
        if let id = invocation.arguments.positionals.first {
            guard invocation.endpoint(id, in: registry) != nil else { return .failure }
            invocation.console.out(report.render(endpoint: id, format: invocation.format))
        } else {
            invocation.console.out(report.render(format: invocation.format))
        }
        return .success
    }
}
