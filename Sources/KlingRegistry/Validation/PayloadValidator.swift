import KlingRuntime

/// The interpreter: validates a payload against the schema as loaded, so it
/// is current the moment evidence changes (docs/validation.md#validation-and-classification).
public struct PayloadValidator: Sendable {
    let registry: Registry
    let contested: ContestedItems
    /// Labels for findings, when statuses are wanted.
    let index: StatusIndex?
    /// Per-endpoint tables, built once rather than per payload.
    let layouts: [String: PayloadLayout]
    /// How live records settled each `unsupported` rule.
    let settlements: LiveSettlements

    /// `settlements` defaults to what the registry's records say.
    public init(registry: Registry, index: StatusIndex? = nil, settlements: LiveSettlements? = nil) {
        self.registry = registry
        self.contested = ContestedItems(registry)
        self.index = index
        self.settlements = settlements ?? LiveSettlements(registry: registry)
        self.layouts = Dictionary(registry.endpoints.map { ($0.id, PayloadLayout($0)) }, uniquingKeysWith: { first, _ in first })
    }

    public func validate(_ payload: JSONValue, endpoint id: String, options: ValidationOptions = ValidationOptions()) -> ValidationResult {
        guard let endpoint = registry.endpoint(id) else {
            return ValidationResult(findings: [Finding(severity: .error, path: "", message: "no endpoint '\(id)'")], skippedRules: [])
        }
        guard case .object(let object) = payload else {
            return ValidationResult(findings: [Finding(severity: .error, path: "", message: "a payload is a JSON object, found \(payload.typeName)", constraint: "type")], skippedRules: [])
        }
        let layout = layouts[id] ?? PayloadLayout(endpoint)
        var checker = FieldChecker(layout: layout, contested: contested)
        checker.checkObject(object, parent: "", at: "")
        var findings = checker.findings
        var skipped: [String] = []
        let base = RuleEvaluator(payload: object, fields: layout.fields, registry: registry, failed: checker.failed, absentPaths: checker.treatedAsAbsent)

        for rule in endpoint.rules {
            guard case .expression(let node, _) = rule.check else { continue }
            guard let evaluator = Self.evaluate(node, id: rule.id, from: base, skipped: &skipped), evaluator.verdict == false else { continue }
            findings.append(finding(for: rule, node: node, evaluator: evaluator.state, endpoint: endpoint, strict: options.strict))
        }
        // A contested reading enforced by an expression rather than a rule.
        for contradiction in endpoint.contradictions {
            guard let node = contradiction.enforcedCheck, !contradiction.refs.contains(where: { if case .rule = $0 { return true } else { return false } }) else { continue }
            guard let evaluator = Self.evaluate(node, id: contradiction.id, from: base, skipped: &skipped), evaluator.verdict == false else { continue }
            let path = evaluator.state.failingItem ?? Self.blamePath(node)
            findings.append(Finding(severity: .error, path: path, message: "the enforced reading of \(contradiction.id) (\(contradiction.topic)) does not hold: \(RulePrinter.text(node))", reference: "contra:\(contradiction.id)", contradiction: contradiction.id, evidence: contradiction.location.description))
        }
        if options.policy {
            findings += policyFindings(endpoint: endpoint, evaluator: base, skipped: &skipped)
        }
        if let index {
            let model = object["model_name"]?.stringValue ?? endpoint.field("model_name", in: .body).flatMap { field -> String? in
                if case .value(.string(let name)) = field.defaultValue { return name } else { return nil }
            }
            for position in findings.indices {
                let finding = findings[position]
                var reference = finding.reference
                if finding.constraint == "enum", let concrete = Self.value(at: finding.path, in: object), let field = reference?.components(separatedBy: "/").first {
                    reference = field + "=" + JSONWriter(style: .compact).string(concrete)
                }
                if let reference, let vector = index.vector(reference, model: model) {
                    findings[position].label = vector.displayLabel
                }
            }
        }
        return ValidationResult(findings: findings.sorted(), skippedRules: skipped)
    }

    /// The payload value at a concrete path such as `image_list[0].type`.
    /// The value at a concrete payload path such as `image_list[0].type`.
    public static func value(at path: String, in object: JSONObject) -> JSONValue? {
        var current: JSONValue = .object(object)
        var rest = Substring(path)
        while !rest.isEmpty {
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]), case .array(let items) = current, index < items.count else { return nil }
                current = items[index]
                rest = rest[rest.index(after: close)...]
            } else {
                if rest.hasPrefix(".") { rest = rest.dropFirst() }
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                guard case .object(let inner) = current, let next = inner[String(rest[..<end])] else { return nil }
                current = next
                rest = rest[end...]
            }
        }
        return current
    }

    /// register/policy.md: a Policy check that is false, or a deprecated pattern that is true.
    private func policyFindings(endpoint: Endpoint, evaluator base: RuleEvaluator, skipped: inout [String]) -> [Finding] {
        var findings: [Finding] = []
        let checks: [(id: String, node: RuleNode, wanted: Bool, description: String, location: SourceLocation)] =
            registry.register.policies.compactMap { policy in policy.checks[endpoint.id].map { (policy.id, $0, true, policy.description, policy.location) } }
            + registry.register.deprecated.compactMap { pattern in pattern.checks[endpoint.id].map { (pattern.id, $0, false, "deprecated: \(pattern.pattern). \(pattern.description)", pattern.location) } }
        for check in checks {
            guard let holds = Self.evaluate(check.node, id: check.id, from: base, skipped: &skipped)?.verdict, holds != check.wanted else { continue }
            findings.append(Finding(severity: .policy, path: Self.blamePath(check.node), message: check.description, reference: "policy:\(check.id)", rule: check.id, evidence: check.location.description))
        }
        return findings
    }

    private func finding(for rule: Rule, node: RuleNode, evaluator: RuleEvaluator, endpoint: Endpoint, strict: Bool) -> Finding {
        let consequent: RuleNode = if case .binary(.implies, _, let right) = node.expression { right } else { node }
        let path = evaluator.failingItem ?? Self.blamePath(consequent)
        var contradiction = contested.id(for: "rule:\(rule.id)")
        for cell in evaluator.cellsRead where contradiction == nil {
            contradiction = contested.id(for: String(cell.prefix { $0 != " " }))
        }
        let effect = settlements.effect(of: rule)
        let text = Self.ruleMessage(rule, settlement: settlements.outcomes[rule.id])
        var message: String
        switch effect {
        case .required:
            message = "`\(path)` is required here: \(text)"
        case .ignored:
            message = "`\(path)` is ignored here: \(text)"
        case .unsupported:
            message = "`\(path)` is not supported here: \(text)"
        case .error:
            message = text
            if let detail = explain(consequent, evaluator: evaluator) { message += " (\(detail))" }
        }
        if !evaluator.cellsRead.isEmpty { message += "; reads " + evaluator.cellsRead.joined(separator: ", ") }
        return Finding(
            severity: effect.severity(strict: strict),
            path: path,
            message: message,
            reference: "rule:\(rule.id)",
            rule: rule.id,
            contradiction: contradiction,
            evidence: rule.location.description
        )
    }

    /// A rule's description, and for an `unsupported` rule what live records
    /// say of it: both validators word it from here.
    public static func ruleMessage(_ rule: Rule, settlement: LiveSettlements.Outcome?) -> String {
        guard rule.effect == .unsupported else { return rule.description }
        switch settlement {
        case .refused(let records)?: return rule.description + " [the text says not supported; refused live: \(records.joined(separator: ", "))]"
        case .ignored(let records)?: return rule.description + " [the text says not supported; accepted live and ignored: \(records.joined(separator: ", "))]"
        case .conflict(let refused, let ignored)?: return rule.description + " [the text says not supported; live records disagree: refused \(refused.joined(separator: ", ")), accepted \(ignored.joined(separator: ", "))]"
        case nil: return rule.description + " [the text says not supported, not whether the API refuses or ignores it]"
        }
    }

    /// Evaluates one check from a fresh copy of `base`: its verdict and the
    /// evaluator's state after it, or nil when it does not apply. A check that
    /// read a value which already failed a field check is listed in `skipped`.
    static func evaluate(_ node: RuleNode, id: String, from base: RuleEvaluator, skipped: inout [String]) -> (verdict: Bool, state: RuleEvaluator)? {
        var evaluator = base
        do {
            let verdict = try evaluator.evaluate(node)
            return (verdict, evaluator)
        } catch .unknown {
            skipped.append(id)
            return nil
        } catch {
            return nil
        }
    }

    /// The values on both sides of a failing comparison, for the message.
    private func explain(_ node: RuleNode, evaluator: RuleEvaluator) -> String? {
        guard case .binary(let op, let left, let right) = node.expression, op.rawValue.count <= 2, op != .or, op != .and, op != .implies, op != .plus, op != .minus else { return nil }
        var copy = evaluator
        guard let l = try? copy.value(left, RuleEvaluator.Context()), let r = try? copy.value(right, RuleEvaluator.Context()) else { return nil }
        return "\(RulePrinter.text(left)) is \(Self.render(l)); expected \(op.rawValue) \(Self.render(r))"
    }

    static func render(_ value: RuleEvaluator.Value) -> String {
        switch value {
        case .absent: return "absent"
        case .null: return "null"
        case .bool(let flag), .capBool(let flag): return String(flag)
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .string(let text): return "\"\(text)\""
        case .list(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .object: return "an object"
        case .set(let numbers): return "{" + numbers.map { String(Int($0)) }.joined(separator: ", ") + "}"
        case .intRange(let low, let high): return "\(low)..\(high)"
        case .numberRange(let low, _, let high, _): return "[\(low), \(high)]"
        case .capSet(let values): return values.map { JSONWriter(style: .compact).string($0) }.joined(separator: ", ")
        }
    }

    /// The first top-level field an expression reads (docs/generated.md#golden-cases).
    static func blamePath(_ node: RuleNode) -> String {
        firstPath(node).map { path in
            guard case .name(let name)? = path.segments.first else { return "" }
            return name
        } ?? ""
    }

    static func firstPath(_ node: RuleNode) -> RulePath? {
        switch node.expression {
        case .path(let path): return path
        case .literal, .item: return nil
        case .list(let items): return items.lazy.compactMap(firstPath).first
        case .call(let name, let arguments):
            // A deprecated-pattern check names its key as a literal.
            if name == "has_key" || name == "has_value", case .literal(.string(let key))? = arguments.first?.expression {
                return RulePath(rooted: false, segments: [.name(key)])
            }
            return arguments.lazy.compactMap(firstPath).first
        case .not(let operand): return firstPath(operand)
        case .binary(_, let left, let right): return firstPath(left) ?? firstPath(right)
        }
    }
}
