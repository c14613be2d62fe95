import Foundation
import KlingRegistry
import KlingRuntime

/// `klingreg classify FILE --endpoint ID`: the payload's class and its weakest references.
enum ClassifyCommand {
    static let spec = CommandSpec(
        name: "classify",
        summary: "payload class (invalid, live-confirmed, doc-derived, hypothesis-only) and weakest references",
        usage: "classify FILE --endpoint ID [--format text|json]",
        options: [
            OptionSpec(name: "--endpoint", kind: .value(placeholder: "ID", allowed: nil), help: "the endpoint the payload is for (required)"),
            OutputFormat.textOrJSON(),
        ],
        positionals: .init(minimum: 1, maximum: 1),
        run: run,
        details: "exit: 0 a valid payload (live-confirmed, doc-derived or hypothesis-only) · 1 invalid · 2 cannot read the payload or the repository"
    )

    static func run(_ invocation: Invocation) -> ExitCode {
        let console = invocation.console
        guard let (_, load) = invocation.loadRegistry() else { return .failure }
        guard !load.failed else { return .failure }
        guard let endpoint = invocation.arguments.value("--endpoint") else {
            console.error("classify: --endpoint ID is required; one of: " + load.registry.endpoints.map(\.id).joined(separator: ", "))
            return .failure
        }
        guard invocation.endpoint(endpoint, in: load.registry) != nil else { return .failure }
        let file = invocation.arguments.positionals[0]
        guard let bytes = ValidateCommand.readInput(file, invocation) else {
            console.error("\(file): \(FileAbsence.reason(URL(fileURLWithPath: file, relativeTo: invocation.context.currentDirectory)))")
            return .failure
        }
        let payload: JSONValue
        do {
            payload = try JSONReader().parse(bytes)
        } catch {
            console.diagnostic("\(file):\(error.position.line):\(error.position.column): error: \(error.message)")
            return .failure
        }
        let classification = PayloadClassifier(registry: load.registry, index: StatusIndex(registry: load.registry)).classify(payload, endpoint: endpoint)
        if invocation.format == .json {
            let weakest: [JSONValue] = classification.weakest.map { .object(JSONObject([(key: "reference", value: .string($0.reference)), (key: "label", value: .string($0.label))])) }
            console.out(ReportJSON.render([
                ("class", .string(classification.payloadClass.rawValue)),
                ("description", .string(classification.description)),
                ("model", classification.model.map(JSONValue.string) ?? .null),
                ("record", classification.record.map(JSONValue.string) ?? .null),
                ("weakest", .array(weakest)),
                ("errors", .array(classification.validation.errors.map(FindingJSON.json))),
                ("nearest", classification.nearest.map { nearest in
                    .object(JSONObject([
                        (key: "record", value: .string(nearest.record)), (key: "complete", value: .bool(nearest.complete)),
                        (key: "onlyInPayload", value: .array(nearest.onlyInPayload.map(JSONValue.string))),
                        (key: "onlyInRecord", value: .array(nearest.onlyInRecord.map(JSONValue.string))),
                    ]))
                } ?? .null),
            ]))
        } else {
            console.outLine("\(classification.description)  (\(endpoint), model \(classification.model ?? "unknown"))")
            for error in classification.validation.errors { console.outLine("  " + error.description) }
            if !classification.weakest.isEmpty {
                console.outLine("weakest references (\(classification.weakest[0].label)):")
                for entry in classification.weakest { console.outLine("  \(entry.reference)") }
            }
            if let nearest = classification.nearest {
                console.outLine("not live-confirmed: the nearest accepted record is \(nearest.record) (\(nearest.complete ? "complete" : "partial") request), which differs in:")
                for token in nearest.onlyInPayload { console.outLine("  + \(token)  (this payload has it; the record did not send it)") }
                for token in nearest.onlyInRecord { console.outLine("  - \(token)  (the record sent it; this payload does not)") }
            } else if classification.payloadClass != .liveConfirmed && classification.payloadClass != .invalid {
                console.outLine("not live-confirmed: no accepted record of \(endpoint) for model \(classification.model ?? "unknown")")
            }
        }
        // An invalid payload is a finding, like validate's errors.
        return classification.payloadClass == .invalid ? .findings : .success
    }
}
