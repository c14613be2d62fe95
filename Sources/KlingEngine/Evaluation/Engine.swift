import KlingRuntime

/// The one validation engine (docs/engine.md): a lowered program and its
/// evaluator. The CLI runs it on programs lowered from the loaded evidence, the
/// generated validators on the same programs as written into `Generated/`; both
/// give the same findings because there is one evaluator and one text for each.
package struct Engine: Sendable {
    package let program: EndpointProgram
    package let layout: PayloadLayout
    let contested: ContestedItems

    package init(_ program: EndpointProgram) {
        self.program = program
        self.layout = PayloadLayout(endpointID: program.endpoint, evidence: program.evidence, fields: program.fields)
        self.contested = ContestedItems(byReference: program.contested)
    }

    package func validate(_ payload: JSONValue, options: ValidationOptions = ValidationOptions()) -> ValidationResult {
        guard case .object(let object) = payload else {
            return ValidationResult(findings: [Finding(severity: .error, path: "", message: "a payload is a JSON object, found \(payload.typeName)", constraint: "type")], skippedRules: [])
        }
        var checker = FieldChecker(layout: layout, contested: contested)
        checker.checkObject(object, parent: "", at: "")
        var findings = checker.findings
        var skipped: [String] = []
        // One evaluator for every check: `startCheck` clears what a check leaves behind.
        var evaluator = RuleEvaluator(payload: object, fields: layout.fields, capabilities: program.capabilities, failed: checker.failed, absentPaths: checker.treatedAsAbsent)

        for check in program.checks {
            guard Self.evaluate(check.node, id: check.id, with: &evaluator, skipped: &skipped) == false else { continue }
            findings.append(finding(for: check, evaluator: evaluator, strict: options.strict))
        }
        for enforced in program.enforced {
            guard Self.evaluate(enforced.node, id: enforced.id, with: &evaluator, skipped: &skipped) == false else { continue }
            let path = evaluator.failingItem ?? Self.blamePath(enforced.node)
            findings.append(Finding(severity: .error, path: path, message: "the enforced reading of \(enforced.id) (\(enforced.topic)) does not hold: \(RulePrinter.text(enforced.node))", reference: "contra:\(enforced.id)", contradiction: enforced.id, evidence: enforced.evidence))
        }
        if options.policy {
            for policy in program.policies {
                guard let holds = Self.evaluate(policy.node, id: policy.id, with: &evaluator, skipped: &skipped), holds != policy.wanted else { continue }
                findings.append(Finding(severity: .policy, path: Self.blamePath(policy.node), message: policy.description, reference: "policy:\(policy.id)", rule: policy.id, evidence: policy.evidence))
            }
        }
        if !program.labels.isEmpty {
            let model = object["model_name"]?.stringValue ?? layout.fields["model_name"].flatMap { field -> String? in
                if case .value(.string(let name)) = field.defaultValue { return name } else { return nil }
            }
            for position in findings.indices {
                let finding = findings[position]
                var reference = finding.reference
                if finding.constraint == "enum", let concrete = Self.value(at: finding.path, in: object), let field = reference?.components(separatedBy: "/").first {
                    reference = field + "=" + JSONWriter(style: .compact).string(concrete)
                }
                if let reference, let label = program.labels[reference]?.label(model: model) {
                    findings[position].label = label
                }
            }
        }
        return ValidationResult(findings: findings.sorted(), skippedRules: skipped)
    }

    private func finding(for check: EndpointProgram.Check, evaluator: RuleEvaluator, strict: Bool) -> Finding {
        let consequent: RuleNode = if case .binary(.implies, _, let right) = check.node.expression { right } else { check.node }
        let path = evaluator.failingItem ?? Self.blamePath(consequent)
        var contradiction = check.contradiction
        for cell in evaluator.cellsRead where contradiction == nil {
            contradiction = contested.id(for: cell.reference)
        }
        var message: String
        switch check.effect {
        case .required:
            message = "`\(path)` is required here: \(check.text)"
        case .ignored:
            message = "`\(path)` is ignored here: \(check.text)"
        case .unsupported:
            message = "`\(path)` is not supported here: \(check.text)"
        case .error:
            message = check.text
            if let detail = Self.explain(consequent, evaluator: evaluator) { message += " (\(detail))" }
        }
        if !evaluator.cellsRead.isEmpty { message += "; reads " + evaluator.cellsRead.map(\.text).joined(separator: ", ") }
        return Finding(
            severity: check.effect.severity(strict: strict),
            path: path,
            message: message,
            reference: "rule:\(check.id)",
            rule: check.id,
            contradiction: contradiction,
            evidence: check.evidence
        )
    }

    /// Evaluates one check: its verdict, or nil when it does not apply; the
    /// evaluator keeps what the check read, for the finding. A check that read
    /// a value which already failed a field check is listed in `skipped`.
    package static func evaluate(_ node: RuleNode, id: String, with evaluator: inout RuleEvaluator, skipped: inout [String]) -> Bool? {
        evaluator.startCheck()
        do {
            return try evaluator.evaluate(node)
        } catch .unknown {
            skipped.append(id)
            return nil
        } catch {
            return nil
        }
    }

    /// The values on both sides of a failing comparison, for the message.
    static func explain(_ node: RuleNode, evaluator: RuleEvaluator) -> String? {
        guard case .binary(let op, let left, let right) = node.expression, op.rawValue.count <= 2, op != .or, op != .and, op != .implies, op != .plus, op != .minus else { return nil }
        var copy = evaluator
        guard let l = try? copy.value(left, RuleEvaluator.Context()), let r = try? copy.value(right, RuleEvaluator.Context()) else { return nil }
        return "\(RulePrinter.text(left)) is \(Self.render(l)); expected \(op.rawValue) \(Self.render(r))"
    }

    package static func render(_ value: RuleEvaluator.Value) -> String {
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

    /// The value at a concrete payload path such as `image_list[0].type`.
    package static func value(at path: String, in object: JSONObject) -> JSONValue? {
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

    /// The first top-level field an expression reads (docs/generated.md#golden-cases).
    package static func blamePath(_ node: RuleNode) -> String {
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
            if name == .hasKey || name == .hasValue, case .literal(.string(let key))? = arguments.first?.expression {
                return RulePath(rooted: false, segments: [.name(key)])
            }
            return arguments.lazy.compactMap(firstPath).first
        case .not(let operand): return firstPath(operand)
        case .binary(_, let left, let right): return firstPath(left) ?? firstPath(right)
        }
    }
}
