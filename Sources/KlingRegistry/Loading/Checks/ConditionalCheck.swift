import KlingRuntime

/// `conditional(<rule-id>)` in a Required cell names a rule of the same endpoint
/// (or a shared one) whose Effect is `required`.
enum ConditionalCheck {
    /// `unloadedRules`: rules written but not loaded; naming one is a knock-on of their own error.
    static func problems(_ registry: Registry, unloadedRules: Set<String>) -> [CheckProblem] {
        var problems: [CheckProblem] = []
        for endpoint in registry.endpoints {
            for field in endpoint.fields {
                guard case .conditional(let id) = field.requirement else { continue }
                guard let rule = endpoint.rules.first(where: { $0.id == id }) ?? registry.sharedRules.first(where: { $0.id == id }) else {
                    if !unloadedRules.contains(id) {
                        problems.append(CheckProblem(location: field.location, message: "conditional(\(id)): no such rule in this file"))
                    }
                    continue
                }
                if rule.effect != .required {
                    problems.append(CheckProblem(location: field.location, message: "conditional(\(id)): the rule's Effect is \(rule.effect.rawValue), not required"))
                }
            }
        }
        return problems
    }
}
