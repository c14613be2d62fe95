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
        run: run
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
        let file = invocation.arguments.positionals[0]
        guard let bytes = ValidateCommand.readInput(file, invocation) else {
            console.error("\(file): \(FileAbsence.reason(URL(fileURLWithPath: file, relativeTo: invocation.context.currentDirectory)))")
            return .failure
        }
        let comparison = RegisterComparison(UserRegister(text: String(decoding: bytes, as: UTF8.self)), endpoint: endpoint, model: model, index: StatusIndex(registry: registry))
        let source = invocation.arguments.value("--model") != nil ? "--model" : "\(route!.id)"
        if invocation.format == .json {
            let disagreements: [JSONValue] = comparison.disagreements.map { .object(JSONObject([(key: "line", value: .number(JSONNumber($0.line))), (key: "item", value: .string($0.item)), (key: "said", value: .string($0.said)), (key: "derived", value: .string($0.derived))])) }
            let unknown: [JSONValue] = comparison.unknownPaths.map { .object(JSONObject([(key: "line", value: .number(JSONNumber($0.line))), (key: "path", value: .string($0.path))])) }
            console.out(ReportJSON.render([("endpoint", .string(endpointID)), ("model", .string(model)), ("compared", .number(JSONNumber(comparison.compared))), ("disagreements", .array(disagreements)), ("unknownPaths", .array(unknown))]))
        } else {
            console.outLine("\(endpointID) for model \(model) (from \(source)): \(comparison.compared) statuses compared, \(comparison.disagreements.count) disagreement\(comparison.disagreements.count == 1 ? "" : "s"), \(comparison.unknownPaths.count) unknown path\(comparison.unknownPaths.count == 1 ? "" : "s")")
            for item in comparison.disagreements {
                console.outLine("  \(file):\(item.line): \(item.item): you say \(item.said); derived \(item.derived)")
            }
            for unknown in comparison.unknownPaths {
                console.outLine("  \(file):\(unknown.line): `\(unknown.path)` is not a body field of \(endpointID)")
            }
        }
        return comparison.disagreements.isEmpty && comparison.unknownPaths.isEmpty ? .success : .findings
    }
}
