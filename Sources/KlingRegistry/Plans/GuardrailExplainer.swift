import KlingRuntime

/// Says why a guardrail's check is false: it walks the check's tree with the
/// same evaluator that judged it and names the part that failed, the create
/// it failed for, and the values read there.
struct GuardrailExplainer {
    var evaluator: RuleEvaluator

    mutating func reasons(_ node: RuleNode) -> [String] {
        reasons(node, RuleEvaluator.Context())
    }

    private mutating func holds(_ node: RuleNode, _ context: RuleEvaluator.Context) -> Bool? {
        switch try? evaluator.value(node, context) {
        case .bool(let flag)?, .capBool(let flag)?: return flag
        default: return nil
        }
    }

    private mutating func shown(_ node: RuleNode, _ context: RuleEvaluator.Context) -> String {
        let text = RulePrinter.text(node)
        if Self.isLiteral(node) { return text }
        guard let value = try? evaluator.value(node, context) else { return "\(text) cannot be read" }
        return "\(text) is \(Engine.render(value))"
    }

    private mutating func reasons(_ node: RuleNode, _ context: RuleEvaluator.Context) -> [String] {
        switch node.expression {
        case .binary(.and, let left, let right):
            if holds(left, context) == false { return reasons(left, context) }
            return reasons(right, context)
        case .binary(.or, let left, let right):
            return reasons(left, context) + reasons(right, context)
        case .binary(.implies, let left, let right):
            return reasons(right, context).map { "\($0) (required because \(RulePrinter.text(left)))" }
        case .not(let operand):
            return witnesses(operand, context)
        case .binary(_, let left, let right):
            let sides = [left, right].filter { !Self.isLiteral($0) }
            return [sides.map { shown($0, context) }.joined(separator: ", ") + ", so \(RulePrinter.text(node)) does not hold"]
        case .call(.all, let arguments) where arguments.count == 2:
            guard let items = try? evaluator.items(of: arguments[0], context) else { return ["\(shown(arguments[0], context))"] }
            var found: [String] = []
            for item in items {
                let inner = RuleEvaluator.Context(item: item.located, itemValue: item.value)
                guard holds(arguments[1], inner) != true else { continue }
                let place = item.located?.concrete ?? Engine.render(item.value)
                found += reasons(arguments[1], inner).map { "\(place): \($0)" }
            }
            return found
        case .call(.any, let arguments) where arguments.count == 2:
            return ["no item of \(RulePrinter.text(arguments[0])) satisfies \(RulePrinter.text(arguments[1]))"]
        default:
            return ["\(RulePrinter.text(node)) does not hold"]
        }
    }

    static func isLiteral(_ node: RuleNode) -> Bool {
        switch node.expression {
        case .literal: return true
        case .list(let items): return items.allSatisfy(isLiteral)
        default: return false
        }
    }

    /// Why `node` holds, where the check needed it not to: the items that make an `any` true.
    private mutating func witnesses(_ node: RuleNode, _ context: RuleEvaluator.Context) -> [String] {
        if case .call(.any, let arguments) = node.expression, arguments.count == 2, let items = try? evaluator.items(of: arguments[0], context) {
            var found: [String] = []
            for item in items {
                let inner = RuleEvaluator.Context(item: item.located, itemValue: item.value)
                if holds(arguments[1], inner) == true { found.append("\(item.located?.concrete ?? Engine.render(item.value)): \(RulePrinter.text(arguments[1])) holds") }
            }
            if !found.isEmpty { return found }
        }
        return ["\(RulePrinter.text(node)) holds"]
    }
}
