import KlingRuntime

/// Runs golden cases through the interpreter and checks the corpus covers
/// every rule (docs/generated.md#golden-cases): an isolating invalid case and a valid case whose
/// antecedent holds for each error/required rule, a note for each ignored rule.
package struct GoldenChecker: Sendable {
    let registry: Registry
    let validator: PayloadValidator

    package init(registry: Registry, validator: PayloadValidator? = nil) {
        self.registry = registry
        self.validator = validator ?? PayloadValidator(registry: registry)
    }

    /// The errors, ignored-rule notes and unsupported-rule warnings a case produces, as expectations.
    package func outcome(_ golden: GoldenCase) -> (errors: Set<GoldenCase.Expectation>, notes: Set<GoldenCase.Expectation>, warnings: Set<GoldenCase.Expectation>) {
        let result = validator.validate(golden.payload, endpoint: golden.endpoint, options: ValidationOptions(policy: false, strict: golden.strict))
        let errors = Set(result.errors.map(GoldenCase.Expectation.init))
        let notes = Set(result.findings.filter { $0.severity == .note && $0.rule != nil }.map(GoldenCase.Expectation.init))
        let warnings = Set(result.warnings.map(GoldenCase.Expectation.init))
        return (errors, notes, warnings)
    }

    /// Cases that do not behave as declared.
    package func mismatches(_ cases: [GoldenCase]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for golden in cases {
            let (errors, notes, warnings) = outcome(golden)
            let expected = Set(golden.expect)
            if errors != expected {
                let missing = expected.subtracting(errors).sorted().map(\.description)
                let extra = errors.subtracting(expected).sorted().map(\.description)
                var message = "\(golden.id) does not behave as declared"
                if !missing.isEmpty { message += "; expected but not reported: \(missing.joined(separator: ", "))" }
                if !extra.isEmpty { message += "; reported but not expected: \(extra.joined(separator: ", "))" }
                problems.append(Diagnostic(file: golden.file, position: golden.position, message: message))
            }
            // Warnings are never silent: a case that raises one lists it.
            if Set(golden.warnings ?? []) != warnings {
                problems.append(Diagnostic(file: golden.file, position: golden.position, message: "\(golden.id) warnings: expected \(Set(golden.warnings ?? []).sorted().map(\.description)), reported \(warnings.sorted().map(\.description))"))
            }
            if let declared = golden.notes, Set(declared) != notes {
                problems.append(Diagnostic(file: golden.file, position: golden.position, message: "\(golden.id) notes: expected \(Set(declared).sorted().map(\.description)), reported \(notes.sorted().map(\.description))"))
            }
        }
        return problems
    }

    /// Rules the corpus does not yet cover, with what is missing.
    package func coverageGaps(_ cases: [GoldenCase]) -> [String] {
        var gaps: [String] = []
        for endpoint in registry.endpoints where endpoint.id.hasSuffix(".create") {
            let own = cases.filter { $0.endpoint == endpoint.id }
            let outcomes = own.map { golden in (golden, validator.validate(golden.payload, endpoint: golden.endpoint, options: ValidationOptions(policy: false, strict: golden.strict)).errors) }
            // Other errors that only the stricter reading of a named contradiction raises do not spoil isolation.
            func isolates(_ rule: Rule, strict: Bool) -> Bool {
                outcomes.contains { golden, errors in
                    golden.strict == strict && !golden.valid && errors.contains { $0.rule == rule.id } && errors.allSatisfy { $0.rule == rule.id || $0.contradiction != nil }
                }
            }
            for rule in endpoint.rules {
                guard case .expression(let node, _) = rule.check else { continue }
                // What live records settled is what the cases must show.
                switch validator.settlements.effect(of: rule) {
                case .error, .required:
                    if !isolates(rule, strict: false) && !Self.isVacuous(rule, endpoint: endpoint, registry: registry) {
                        gaps.append("\(rule.id) (\(endpoint.id)): no invalid case failing only on it")
                    }
                    let holds = outcomes.contains { golden, _ in golden.valid && antecedentHolds(node, payload: golden.payload, endpoint: endpoint) }
                    if !holds { gaps.append("\(rule.id) (\(endpoint.id)): no valid case in which its condition holds") }
                case .unsupported:
                    // A case that validates with the warning, and its strict twin that fails on it alone;
                    // a rule that cannot fail stands as a derived residual instead.
                    if Self.isVacuous(rule, endpoint: endpoint, registry: registry) { continue }
                    if !own.contains(where: { $0.valid && !$0.strict && $0.warnings?.contains { $0.rule == rule.id } == true }) {
                        gaps.append("\(rule.id) (\(endpoint.id)): no valid case lists it in warnings")
                    }
                    if !isolates(rule, strict: true) { gaps.append("\(rule.id) (\(endpoint.id)): no strict case failing only on it") }
                case .ignored:
                    if !own.contains(where: { $0.notes?.contains { $0.rule == rule.id } == true }) {
                        gaps.append("\(rule.id) (\(endpoint.id)): no case lists it in notes")
                    }
                }
            }
        }
        return gaps
    }

    /// A rule `A => cap(model_name, "f")` that every model the endpoint admits supports can never fail:
    /// no case can isolate it, and it stands as a derived residual instead.
    package static func isVacuous(_ rule: Rule, endpoint: Endpoint, registry: Registry) -> Bool {
        guard case .expression(let node, _) = rule.check, case .binary(.implies, _, let consequent) = node.expression,
              case .call(.cap, let arguments) = consequent.expression, arguments.count == 2,
              case .path(let path) = arguments[0].expression, path.description == "model_name",
              case .literal(.string(let feature)) = arguments[1].expression,
              case .oneOf(let models)? = endpoint.field("model_name", in: .body)?.constraint(.enum) else { return false }
        return models.allSatisfy { model in
            guard case .string(let name) = model else { return false }
            return registry.capabilityCell(model: name, feature: feature)?.value == .supported
        }
    }

    /// The left side of `=>` is true; for a rule without `=>`, every path it reads is present.
    package func antecedentHolds(_ node: RuleNode, payload: JSONValue, endpoint: Endpoint) -> Bool {
        guard case .object(let object) = payload else { return false }
        let fields = PayloadLayout.fieldsByPath(endpoint)
        var evaluator = RuleEvaluator(payload: object, fields: fields, registry: registry, failed: [], absentPaths: [])
        if case .binary(.implies, let left, _) = node.expression {
            return (try? evaluator.evaluate(left)) == true
        }
        return Self.paths(node).allSatisfy { path in
            guard let values = try? evaluator.locate(path, RuleEvaluator.Context(), useDefaults: false).values else { return false }
            return values.contains { $0.value != nil && $0.value != .null }
        }
    }

    static func paths(_ node: RuleNode) -> [RulePath] {
        switch node.expression {
        case .path(let path): return path.rooted || !path.segments.isEmpty ? [path] : []
        case .literal, .item: return []
        case .list(let items): return items.flatMap(paths)
        case .call(let name, let arguments):
            // Inside any/all/count the condition's paths are relative to items.
            if [RuleFunction.any, .all, .count].contains(name) { return arguments.prefix(1).flatMap(paths) }
            return arguments.flatMap(paths)
        case .not(let operand): return paths(operand)
        case .binary(_, let left, let right): return paths(left) + paths(right)
        }
    }
}
