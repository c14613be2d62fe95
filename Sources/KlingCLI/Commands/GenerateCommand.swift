import Foundation
import KlingRegistry

/// `klingreg generate [--check]`: every derived file, written or verified.
enum GenerateCommand {
    static let spec = CommandSpec(
        name: "generate",
        summary: "write every derived file; --check verifies them and prints a diff for each stale one",
        usage: "generate [--check]",
        options: [OptionSpec(name: "--check", kind: .flag, help: "write nothing; exit 1 when a derived file is stale")],
        positionals: .none,
        run: { run($0) }
    )

    static func run(_ invocation: Invocation, writer: AtomicWriter = AtomicWriter()) -> ExitCode {
        guard let (repository, load) = invocation.loadRegistry() else { return .failure }
        guard !load.failed else { return .failure }
        let console = invocation.console
        let files = Generator.files(load.registry)
        var stale: [(url: URL, contents: String, path: String)] = []
        for file in files {
            let url = repository.root.appendingPathComponent(file.path)
            let current = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
            if current != file.contents { stale.append((url, file.contents, file.path)) }
        }
        if invocation.arguments.has("--check") {
            if stale.isEmpty {
                console.outLine("\(files.count) generated file\(files.count == 1 ? "" : "s") fresh")
                return .success
            }
            // The remedy and the stale files come first: the diffs below are cut short.
            console.outLine(staleSummary(stale.map(\.path)))
            for file in stale {
                let current = FileManager.default.contents(atPath: file.url.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
                console.out(UnifiedDiff.render(path: file.path, old: current, new: file.contents))
            }
            console.errLine("\(stale.count) generated file\(stale.count == 1 ? " is" : "s are") stale; run `\(Generator.regenerateCommand)`")
            return .findings
        }
        do {
            try writer.write(stale.map { ($0.url, $0.contents) })
        } catch {
            console.error(error.description)
            return .failure
        }
        console.outLine("\(files.count) generated file\(files.count == 1 ? "" : "s"), \(stale.count) written")
        return .success
    }

    /// `run: swift run klingreg generate (2 stale: a, b)`: the first line of `--check`'s output.
    static func staleSummary(_ paths: [String]) -> String {
        "run: \(Generator.regenerateCommand) (\(paths.count) stale: \(paths.joined(separator: ", ")))"
    }
}
