import Foundation
import KlingRegistry
import KlingRuntime

/// `klingreg preflight PLAN`: GO or NO-GO for a plan of billable creates.
enum PreflightCommand {
    static let spec = CommandSpec(
        name: "preflight",
        summary: "check a plan of billable creates against every guardrail: GO or NO-GO",
        usage: "preflight PLAN [--format text|json]",
        options: [OutputFormat.textOrJSON()],
        positionals: .init(minimum: 1, maximum: 1),
        run: run
    )

    static func run(_ invocation: Invocation) -> ExitCode {
        let console = invocation.console
        guard let (_, load) = invocation.loadRegistry() else { return .failure }
        guard !load.failed else { return .failure }
        let planPath = invocation.arguments.positionals[0]
        let planURL = URL(fileURLWithPath: planPath, relativeTo: invocation.context.currentDirectory)
        guard let data = FileManager.default.contents(atPath: planURL.path) else {
            console.error("\(planPath): cannot read the plan: \(FileAbsence.reason(planURL))")
            return .failure
        }
        let plan: JSONValue
        do {
            plan = try JSONReader().parse([UInt8](data))
        } catch {
            console.diagnostic("\(planPath):\(error.position.line):\(error.position.column): error: \(error.message)")
            return .failure
        }
        let folder = planURL.deletingLastPathComponent()
        let preflight = Preflight(registry: load.registry, index: StatusIndex(registry: load.registry))
        let result: Preflight.Result
        do throws(Preflight.PlanError) {
            result = try preflight.run(plan) { path throws(Preflight.PlanError) in
                let url = URL(fileURLWithPath: path, relativeTo: folder)
                guard let bytes = FileManager.default.contents(atPath: url.path) else { throw Preflight.PlanError(message: "payload \(path): \(FileAbsence.reason(url))") }
                do throws(JSONError) {
                    return try JSONReader().parse([UInt8](bytes))
                } catch {
                    throw Preflight.PlanError(message: "payload \(path):\(error.position.line):\(error.position.column): \(error.message)")
                }
            }
        } catch {
            console.error("\(planPath): \(error.message)")
            return .failure
        }
        if invocation.format == .json {
            let failures: [JSONValue] = result.failures.map { .object(JSONObject([(key: "id", value: .string($0.guardrail.id)), (key: "seed", value: .string($0.guardrail.seed)), (key: "description", value: .string($0.guardrail.description)), (key: "detail", value: .string($0.detail))])) }
            let creates: [JSONValue] = result.creates.map { fact in
                .object(JSONObject([
                    (key: "endpoint", value: .string(fact.endpoint)), (key: "model", value: fact.model.map(JSONValue.string) ?? .null),
                    (key: "class", value: .string(fact.payloadClass.rawValue)), (key: "units", value: fact.units.map { .number(JSONNumber(lexeme: Preflight.format($0))) } ?? .null),
                    (key: "exposure", value: .string(fact.unitsDetail)), (key: "priorSuccess", value: fact.priorSuccess.map { .string($0.displayName) } ?? .null),
                ]))
            }
            console.out(ReportJSON.render([
                ("verdict", .string(result.go ? "GO" : "NO-GO")), ("failures", .array(failures)), ("creates", .array(creates)),
                ("missingExposure", .array(result.missingExposure.map(JSONValue.string))),
                ("notCheckable", .array(result.notCheckable.map { .string($0.id) })),
            ]))
        } else {
            console.outLine(result.go ? console.paint("GO", .green) : console.paint("NO-GO", .red))
            for (index, fact) in result.creates.enumerated() {
                console.outLine("  creates[\(index)] \(fact.endpoint) \(fact.model ?? "—"): \(fact.payloadClass.rawValue); \(fact.units.map { "\(Preflight.format($0)) units" } ?? "no exposure") (\(fact.unitsDetail))\(fact.priorSuccess.map { "; already succeeded in \($0.displayName)" } ?? "")")
            }
            for missing in result.missingExposure { console.outLine("  exposure absent: \(missing)") }
            for failure in result.failures {
                console.outLine("  \(failure.guardrail.id) failed: \(failure.guardrail.description)\(failure.detail.isEmpty ? "" : " — \(failure.detail)")")
            }
            if !result.notCheckable.isEmpty {
                console.outLine("  confirm by hand: " + result.notCheckable.map { "\($0.id) (\($0.description))" }.joined(separator: "; "))
            }
        }
        return result.go ? .success : .findings
    }
}
