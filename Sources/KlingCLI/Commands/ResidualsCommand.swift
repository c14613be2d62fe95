import Foundation
import KlingRegistry

/// `klingreg residuals`: what is still open under strict closeout.
enum ResidualsCommand {
    static let spec = CommandSpec(
        name: "residuals",
        summary: "list open and closed strict-closeout items",
        usage: "residuals [--format text|json|markdown]",
        options: [OutputFormat.option],
        positionals: .none,
        run: run
    )

    static func run(_ invocation: Invocation) -> ExitCode {
        guard let (repository, load) = invocation.loadRegistry() else { return .failure }
        guard !load.failed else { return .failure }
        let residuals = repository.register.appendingPathComponent("residuals.md")
        guard FileManager.default.fileExists(atPath: residuals.path) else {
            invocation.console.outLine("nothing registered yet: register/residuals.md does not exist (\(load.registry.endpoints.count) endpoints loaded)")
            return .success
        }
        invocation.console.error("register/residuals.md exists but this version cannot read it yet")
        return .failure
    }
}
