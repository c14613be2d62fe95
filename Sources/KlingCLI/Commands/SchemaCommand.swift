import KlingRegistry
import KlingRuntime

/// `klingreg schema [ID]`: the typed schema, whole or one endpoint or capability cell.
enum SchemaCommand {
    static let spec = CommandSpec(
        name: "schema",
        summary: "print the typed schema (all, one endpoint, or one cap:MODEL/FEATURE cell)",
        usage: "schema [ID] [--format text|json]",
        options: [OutputFormat.textOrJSON()],
        positionals: .init(minimum: 0, maximum: 1),
        run: run
    )

    static func run(_ invocation: Invocation) -> ExitCode {
        guard let (_, load) = invocation.loadRegistry() else { return .failure }
        guard !load.failed else { return .failure }
        let registry = load.registry
        let console = invocation.console
        if let id = invocation.arguments.positionals.first {
            if id.hasPrefix("cap:") {
                let parts = id.dropFirst(4).split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2, let cell = registry.capabilityCell(model: parts[0], feature: parts[1]) else {
                    console.error("no capability cell \(id)")
                    return .failure
                }
                if invocation.format == .json {
                    console.out(ReportJSON.render([("cell", SchemaJSON.cell(cell))]))
                } else {
                    console.outLine("\(cell.reference) = \(cell.value)  [\(cell.sources.joined(separator: ", "))] \(cell.location)")
                }
                return .success
            }
            guard let endpoint = invocation.endpoint(id, in: registry) else { return .failure }
            if invocation.format == .json {
                console.out(ReportJSON.render([("endpoint", SchemaJSON.endpoint(endpoint))]))
            } else {
                console.out(SchemaText.endpoint(endpoint))
            }
            return .success
        }
        if invocation.format == .json {
            console.out(ReportJSON.render([("schema", SchemaJSON.registry(registry))]))
        } else {
            for endpoint in registry.endpoints { console.out(SchemaText.endpoint(endpoint) + "\n") }
            if !registry.capabilityCells.isEmpty {
                console.outLine("capability map")
                for cell in registry.capabilityCells { console.outLine("  \(cell.reference) = \(cell.value)") }
            }
        }
        return .success
    }
}

/// The schema for people: one line per field, rule, contradiction and claim.
enum SchemaText {
    static func endpoint(_ endpoint: Endpoint) -> String {
        var text = "\(endpoint.id)  \(endpoint.method) \(endpoint.path)  (\(endpoint.scope.rawValue), \(endpoint.location.file))\n"
        for part in Part.allCases {
            let fields = endpoint.fields(in: part)
            guard !fields.isEmpty else { continue }
            text += "  \(part.heading)\n"
            for field in fields {
                var line = "    \(field.path): \(field.type) \(field.requirement)"
                switch field.defaultValue {
                case .none: break
                case .notStated: line += " default not stated"
                case .value(let value): line += " default \(JSONWriter(style: .compact).string(value))"
                }
                if !field.constraints.isEmpty { line += "; " + field.constraints.map(\.canonicalText).joined(separator: "; ") }
                text += line + "\n"
            }
        }
        if !endpoint.rules.isEmpty {
            text += "  Rules\n"
            for rule in endpoint.rules {
                let check: String
                switch rule.check {
                case .expression(let node, _): check = RulePrinter.text(node)
                case .notExpressible(let reason): check = "not-expressible: \(reason)"
                case .needsExternalData(let what): check = "needs-external-data: \(what)"
                }
                text += "    \(rule.id) [\(rule.effect.rawValue)] \(check)\n"
            }
        }
        for contradiction in endpoint.contradictions {
            text += "  \(contradiction.id) contradiction: \(contradiction.topic) (enforced \(contradiction.enforced))\n"
        }
        for claim in endpoint.claims {
            text += "  \(claim.id) claim: \(claim.claim)\n"
        }
        return text
    }
}
