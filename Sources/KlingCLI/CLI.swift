import Foundation
import KlingRegistry
import KlingRuntime

/// The whole command line, callable in-process: `main.swift` is one call to
/// `CLI.run`, and tests drive the same function with a capturing console.
package enum CLI {
    package static let version = "0.1.0"

    /// What a run may touch besides its arguments.
    package struct Context: Sendable {
        package var console: Console
        package var environment: [String: String]
        package var currentDirectory: URL
        package var readStandardInput: @Sendable () -> [UInt8]
        /// The day of the run; nil reads the clock (tests pin it).
        package var today: CalendarDay?

        package init(console: Console, environment: [String: String], currentDirectory: URL, readStandardInput: @escaping @Sendable () -> [UInt8] = { [] }, today: CalendarDay? = nil) {
            self.today = today
            self.console = console
            self.environment = environment
            self.currentDirectory = currentDirectory
            self.readStandardInput = readStandardInput
        }

        package static func process() -> Context {
            let environment = ProcessInfo.processInfo.environment
            return Context(
                console: .standard(environment: environment),
                environment: environment,
                currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
                readStandardInput: { [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
            )
        }
    }

    /// In docs/cli.md#the-command-line's order, which `help` follows.
    static let commands: [CommandSpec] = [
        CheckCommand.spec,
        SchemaCommand.spec,
        ValidateCommand.spec,
        ClassifyCommand.spec,
        RecordCommand.spec,
        ResidualsCommand.spec,
        ReportCommand.spec,
        CompareRegisterCommand.spec,
        PreflightCommand.spec,
        GenerateCommand.spec,
        ExportCommand.spec,
        DiffCommand.spec,
        CompletionCommand.spec,
    ]

    package static func run(_ arguments: [String], context: Context = .process()) -> ExitCode {
        let console = context.console
        guard let verb = arguments.first else {
            console.out(HelpCommand.overview(commands))
            return .failure
        }
        switch verb {
        case "help", "--help", "-h":
            if let topic = arguments.dropFirst().first {
                guard let command = commands.first(where: { $0.name == topic }) else { return unknownCommand(topic, console: console) }
                console.out(HelpCommand.usage(command))
            } else {
                console.out(HelpCommand.overview(commands))
            }
            return .success
        case "--version", "version":
            console.outLine("klingreg \(version)")
            return .success
        default:
            break
        }
        guard let command = commands.first(where: { $0.name == verb }) else {
            return unknownCommand(verb, console: console)
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            console.out(HelpCommand.usage(command))
            return .success
        }
        let parsed: Arguments
        do {
            parsed = try ArgumentParser.parse(rest, options: command.options + [CommandSpec.rootOption], command: command.name)
        } catch {
            console.error(error.message)
            return .failure
        }
        if let problem = command.positionals.problem(with: parsed.positionals.count) {
            console.error("\(command.name): \(problem); usage: klingreg \(command.usage)")
            return .failure
        }
        return command.run(Invocation(arguments: parsed, context: context))
    }

    private static func unknownCommand(_ verb: String, console: Console) -> ExitCode {
        var message = verb.hasPrefix("-") ? "unknown option '\(verb)'" : "unknown command '\(verb)'"
        let names = commands.map(\.name) + ["help", "--version"]
        if let near = Suggestion.closest(to: verb, among: names) {
            message += "; did you mean '\(near)'?"
        }
        console.error(message + " (see 'klingreg help')")
        return .failure
    }
}

/// One verb: its options, how many positionals it takes, and what it does.
struct CommandSpec: Sendable {
    struct Positionals: Sendable {
        var minimum: Int
        var maximum: Int?

        static let none = Positionals(minimum: 0, maximum: 0)

        func problem(with count: Int) -> String? {
            if count < minimum { return "missing argument" }
            if let maximum, count > maximum { return maximum == 0 ? "takes no arguments" : "too many arguments" }
            return nil
        }
    }

    static let rootOption = OptionSpec(name: "--root", kind: .value(placeholder: "DIR", allowed: nil), help: "repository root (default: nearest folder upward holding evidence/ and register/)")

    var name: String
    var summary: String
    var usage: String
    var options: [OptionSpec]
    var positionals: Positionals
    var run: @Sendable (Invocation) -> ExitCode
    /// More than the options: formats, what the output means; shown by `help COMMAND`.
    var details: String = ""
}

/// A parsed call of one verb.
struct Invocation: Sendable {
    var arguments: Arguments
    var context: CLI.Context

    var console: Console { context.console }
    var format: OutputFormat { OutputFormat(arguments) }

    /// The repository to work on, or nil after printing why there is none.
    func repository() -> Repository? {
        do {
            if let root = arguments.value("--root") {
                let url = URL(fileURLWithPath: root, isDirectory: true, relativeTo: context.currentDirectory)
                return try Repository.at(url)
            }
            return try Repository.discover(from: context.currentDirectory)
        } catch {
            console.error(error.description)
            return nil
        }
    }

    /// The endpoint `id`, or nil after printing that there is none (with a "did you mean").
    func endpoint(_ id: String, in registry: Registry) -> Endpoint? {
        if let endpoint = registry.endpoint(id) { return endpoint }
        reportUnknownEndpoint(id, among: registry.endpoints.map(\.id))
        return nil
    }

    /// Prints that there is no endpoint `id`, with a "did you mean".
    func reportUnknownEndpoint(_ id: String, among ids: [String]) {
        var message = "no endpoint '\(id)'"
        let family = ids.filter { $0.hasPrefix(id + ".") }
        if let near = Suggestion.closest(to: id, among: ids) {
            message += "; did you mean '\(near)'?"
        } else if !family.isEmpty {
            message += "; did you mean one of " + family.map { "'\($0)'" }.joined(separator: ", ") + "?"
        }
        console.error(message)
    }

    /// Loads the registry, printing its diagnostics; nil when it cannot be loaded.
    func loadRegistry() -> (repository: Repository, load: RegistryLoad)? {
        guard let repository = repository() else { return nil }
        return loadRegistry(repository)
    }

    /// Loads the registry of `repository`, printing its diagnostics.
    func loadRegistry(_ repository: Repository) -> (repository: Repository, load: RegistryLoad)? {
        let load = RegistryLoader.load(repository, today: context.today ?? .utcToday())
        for diagnostic in load.diagnostics {
            console.diagnostic(diagnostic.description)
        }
        return (repository, load)
    }
}
