import Foundation
import KlingRegistry
import KlingRuntime

/// `klingreg compare-register FILE`: the user's hand-kept statuses against the derived vectors.
enum CompareRegisterCommand {
    static let spec = CommandSpec(
        name: "compare-register",
        summary: "compare a hand-kept status register with the derived evidence vectors",
        usage: "compare-register FILE [--endpoint ID] [--model M] [--format text|json]",
        options: [
            OptionSpec(name: "--endpoint", kind: .value(placeholder: "ID", allowed: nil), help: "the endpoint the register describes (default omni-video.create)"),
            OptionSpec(name: "--model", kind: .value(placeholder: "M", allowed: nil), help: "the model to compare for (default: the endpoint's production route)"),
            OutputFormat.textOrJSON(),
        ],
        positionals: .init(minimum: 1, maximum: 1),
        run: run,
        details: """
        Reads `## \\`path\\`` headings with `- status: word + word`, `- \\`value\\` -> words`,
        `- type: T` and `- enum: a, b` lines; other bullets are notes. A status line it
        cannot read (an unknown word, a missing ':', a line under a heading with no
        field path) is a warning with its line and keeps the exit at 1.

        exit: 0 every line read and agreeing · 1 disagreements, unknown paths or
        unreadable lines · 2 nothing compared, an unknown endpoint or model, or no input
        """
    )

    static func run(_ invocation: Invocation) -> ExitCode {
        let console = invocation.console
        guard let (_, load) = invocation.loadRegistry() else { return .failure }
        guard !load.failed else { return .failure }
        let registry = load.registry
        let endpointID = invocation.arguments.value("--endpoint") ?? "omni-video.create"
        guard let endpoint = invocation.endpoint(endpointID, in: registry) else { return .failure }
        let route = registry.register.routes.first { $0.endpoint == endpointID && $0.posture == "production" && $0.model != nil }
        guard let model = invocation.arguments.value("--model") ?? route?.model else {
            console.error("no production route names a model for \(endpointID); give --model")
            return .failure
        }
        let models = ReferenceResolver(registry: registry).knownModels
        guard models.contains(model) else {
            var message = "no evidence names the model '\(model)'"
            if let near = Suggestion.closest(to: model, among: models.sorted()) { message += "; did you mean '\(near)'?" }
            console.error(message)
            return .failure
        }
        let file = invocation.arguments.positionals[0]
        guard let bytes = ValidateCommand.readInput(file, invocation) else {
            console.error("\(file): \(FileAbsence.reason(URL(fileURLWithPath: file, relativeTo: invocation.context.currentDirectory)))")
            return .failure
        }
        let comparison = RegisterComparison(UserRegister(text: String(decoding: bytes, as: UTF8.self)), endpoint: endpoint, model: model, index: StatusIndex(registry: registry))
        for warning in comparison.warnings {
            console.diagnostic("\(file):\(warning.line):1: warning: \(warning.message)")
        }
        // Agreement over nothing is not agreement.
        guard comparison.compared > 0 else {
            for unknown in comparison.unknownPaths { console.diagnostic("\(file):\(unknown.line):1: warning: \(unknownText(unknown, endpoint: endpointID))") }
            console.error("\(file): nothing compared: no status, type or enum line names a body field of \(endpointID)")
            return .failure
        }
        let source = invocation.arguments.value("--model") != nil ? "--model" : "\(route!.id)"
        if invocation.format == .json {
            func items(_ list: [RegisterComparison.Item]) -> JSONValue {
                .array(list.map { .object(JSONObject([(key: "line", value: .number(JSONNumber($0.line))), (key: "item", value: .string($0.item)), (key: "said", value: .string($0.said)), (key: "derived", value: .string($0.derived))])) })
            }
            let unknown: [JSONValue] = comparison.unknownPaths.map { .object(JSONObject([(key: "line", value: .number(JSONNumber($0.line))), (key: "path", value: .string($0.path)), (key: "suggestion", value: $0.suggestion.map(JSONValue.string) ?? .null)])) }
            let warnings: [JSONValue] = comparison.warnings.map { .object(JSONObject([(key: "line", value: .number(JSONNumber($0.line))), (key: "message", value: .string($0.message))])) }
            console.out(ReportJSON.render([
                ("endpoint", .string(endpointID)), ("model", .string(model)), ("compared", .number(JSONNumber(comparison.compared))),
                ("agreements", items(comparison.agreements)), ("disagreements", items(comparison.disagreements)), ("unknownPaths", .array(unknown)), ("warnings", .array(warnings)),
            ]))
        } else {
            func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
            console.outLine("\(endpointID) for model \(model) (from \(source)): \(comparison.compared == 1 ? "1 status" : "\(comparison.compared) statuses") compared, \(plural(comparison.disagreements.count, "disagreement")), \(plural(comparison.unknownPaths.count, "unknown path")), \(plural(comparison.warnings.count, "unreadable line"))")
            for item in comparison.disagreements {
                console.outLine("  \(file):\(item.line): \(item.item): you say \(item.said); derived \(item.derived)")
            }
            for unknown in comparison.unknownPaths {
                console.outLine("  \(file):\(unknown.line): \(unknownText(unknown, endpoint: endpointID))")
            }
        }
        // An unread line could hide a disagreement, so it keeps the exit from being clean.
        return comparison.disagreements.isEmpty && comparison.unknownPaths.isEmpty && comparison.warnings.isEmpty ? .success : .findings
    }

    static func unknownText(_ unknown: RegisterComparison.UnknownPath, endpoint: String) -> String {
        "`\(unknown.path)` is not a body field of \(endpoint)" + (unknown.suggestion.map { "; did you mean `\($0)`?" } ?? "")
    }
}
