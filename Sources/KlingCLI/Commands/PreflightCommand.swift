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
        run: run,
        details: """
        A plan is a JSON object (a schema of it is schemas/plan.schema.json). Every key:

        \(PlanFormat.keyTable(markdown: false))
        Every guardrail of register/guardrails.md is judged pass, fail or cannot tell;
        fail and cannot tell are NO-GO, each with the create and the values behind it.
        Rows whose check a plan cannot show are listed to confirm by hand.
        A plan that breaks the format is refused with plan.json:line:col: error: … and exit 2.
        """
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
        let (read, problems) = PlanReader(file: planPath, registry: load.registry, today: invocation.context.today ?? .utcToday()).read([UInt8](data))
        guard let plan = read else {
            for problem in problems { console.diagnostic(problem.description) }
            return .failure
        }
        let folder = planURL.deletingLastPathComponent()
        let preflight = Preflight(registry: load.registry, index: StatusIndex(registry: load.registry))
        let (judged, diagnostics) = preflight.run(plan, file: planPath) { path in
            let url = URL(fileURLWithPath: path, relativeTo: folder)
            var folder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &folder) else { return .missing }
            if folder.boolValue { return .folder }
            guard let bytes = FileManager.default.contents(atPath: url.path) else { return .missing }
            return .bytes([UInt8](bytes))
        }
        guard let result = judged else {
            for problem in diagnostics { console.diagnostic(problem.description) }
            return .failure
        }
        if invocation.format == .json {
            let rows: [JSONValue] = result.rows.map { row in
                .object(JSONObject([
                    (key: "id", value: .string(row.guardrail.id)), (key: "verdict", value: .string(row.verdict.rawValue)),
                    (key: "seed", value: .string(row.guardrail.seed)), (key: "description", value: .string(row.guardrail.description)),
                    (key: "reasons", value: .array(row.reasons.map(JSONValue.string))),
                ]))
            }
            let creates: [JSONValue] = result.creates.map { fact in
                .object(JSONObject([
                    (key: "endpoint", value: .string(fact.endpoint)), (key: "model", value: .string(fact.model)),
                    (key: "class", value: .string(fact.payloadClass.rawValue)), (key: "units", value: fact.units.map { .number(JSONNumber(lexeme: Preflight.format($0))) } ?? .null),
                    (key: "exposure", value: .string(fact.exposure.detail)), (key: "priorSuccess", value: fact.priorSuccess.map { .string($0.displayName) } ?? .null),
                    (key: "approved", value: .bool(fact.approved)), (key: "errors", value: .array(fact.errors.map(JSONValue.string))),
                ]))
            }
            console.out(ReportJSON.render([
                ("verdict", .string(result.go ? "GO" : "NO-GO")), ("rows", .array(rows)), ("creates", .array(creates)),
                ("totalUnits", result.totalUnits.map { .number(JSONNumber(lexeme: Preflight.format($0))) } ?? .null),
                ("missingExposure", .array(result.missingExposure.map(JSONValue.string))),
                ("notCheckable", .array(result.notCheckable.map { .string($0.id) })),
            ]))
        } else {
            console.outLine(result.go ? console.paint("GO", .green) : console.paint("NO-GO", .red))
            for (index, fact) in result.creates.enumerated() {
                console.outLine("  creates[\(index)] \(fact.endpoint) \(fact.model): \(fact.payloadClass.rawValue); \(fact.units.map { "\(Preflight.format($0)) units" } ?? "no exposure") (\(fact.exposure.detail))\(fact.priorSuccess.map { "; already succeeded in \($0.displayName)" } ?? "")")
                for error in fact.errors { console.outLine("    invalid: \(error)") }
            }
            console.outLine("  exposure: \(result.totalUnits.map { Preflight.format($0) + " units" } ?? "unknown") against max_units \(Preflight.format(plan.maxUnits))")
            for missing in result.missingExposure { console.outLine("  exposure absent: \(missing)") }
            for row in result.failures {
                let word = row.verdict == .fail ? "failed" : "cannot tell"
                console.outLine("  \(row.guardrail.id) \(word): \(row.guardrail.description)")
                for reason in row.reasons { console.outLine("    - \(reason)") }
            }
            if !result.notCheckable.isEmpty {
                console.outLine("  confirm by hand: " + result.notCheckable.map { "\($0.id) (\($0.description))" }.joined(separator: "; "))
            }
        }
        return result.go ? .success : .findings
    }
}
