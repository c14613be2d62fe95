import KlingEngine
import KlingRuntime

/// Lowers one endpoint of the loaded registry into the program the engine runs
/// (docs/engine.md): rules with their settled effect and text, enforced readings,
/// the register's policy, the capability cells, contested references and, with a
/// status index, every label a finding of this endpoint can carry.
package enum Lowering {
    package static func program(_ endpoint: Endpoint, registry: Registry, contested: ContestedItems, settlements: LiveSettlements, index: StatusIndex?) -> EndpointProgram {
        var checks: [EndpointProgram.Check] = []
        for rule in endpoint.rules {
            guard case .expression(let node, _) = rule.check else { continue }
            checks.append(EndpointProgram.Check(
                id: rule.id, node: node, effect: settlements.effect(of: rule),
                text: PayloadValidator.ruleMessage(rule, settlement: settlements.outcomes[rule.id]),
                evidence: rule.location.description, contradiction: contested.id(for: "rule:\(rule.id)")))
        }
        var enforced: [EndpointProgram.Enforced] = []
        for contradiction in endpoint.contradictions {
            guard let node = contradiction.enforcedCheck, !contradiction.refs.contains(where: { if case .rule = $0 { return true } else { return false } }) else { continue }
            enforced.append(EndpointProgram.Enforced(id: contradiction.id, topic: contradiction.topic, node: node, evidence: contradiction.location.description))
        }
        let policies: [EndpointProgram.Policy] =
            registry.register.policies.compactMap { policy in policy.checks[endpoint.id].map { EndpointProgram.Policy(id: policy.id, node: $0, wanted: true, description: policy.description, evidence: policy.location.description) } }
            + registry.register.deprecated.compactMap { pattern in pattern.checks[endpoint.id].map { EndpointProgram.Policy(id: pattern.id, node: $0, wanted: false, description: "deprecated: \(pattern.pattern). \(pattern.description)", evidence: pattern.location.description) } }
        // What a finding of this endpoint can name: its own items, and the cells its rules read.
        let own = FieldReference.prefix(endpoint: endpoint.id)
        let contestedHere = contested.byReference.filter { $0.key.hasPrefix(own) || $0.key.hasPrefix("cap:") }
        return EndpointProgram(
            endpoint: endpoint.id, evidence: endpoint.location.description, fields: endpoint.fields,
            checks: checks, enforced: enforced, policies: policies,
            capabilities: capabilities(read: checks.map(\.node) + enforced.map(\.node) + policies.map(\.node), registry: registry), contested: contestedHere,
            labels: index.map { labels(endpoint, policies: policies, index: $0) } ?? [:])
    }

    /// The cells of the features the checks name; every cell when a feature is not a literal.
    static func capabilities(read nodes: [RuleNode], registry: Registry) -> [String: CapabilityCell] {
        var features = Set<String>()
        var literalOnly = true
        func walk(_ node: RuleNode) {
            switch node.expression {
            case .literal, .path, .item: break
            case .list(let items): items.forEach(walk)
            case .call(let name, let arguments):
                if name == .cap {
                    if arguments.count == 2, case .literal(.string(let feature)) = arguments[1].expression { features.insert(feature) } else { literalOnly = false }
                }
                arguments.forEach(walk)
            case .not(let operand): walk(operand)
            case .binary(_, let left, let right): walk(left); walk(right)
            }
        }
        nodes.forEach(walk)
        return registry.capabilityIndex.filter { !literalOnly || features.contains($0.value.feature) }
    }

    /// Each label a finding can carry, exactly as the status index gives it for any model:
    /// the models the index tells apart are listed, every other model reads alike.
    static func labels(_ endpoint: Endpoint, policies: [EndpointProgram.Policy], index: StatusIndex) -> [String: EndpointProgram.Labels] {
        var wanted = Set(endpoint.rules.map { "rule:\($0.id)" })
        wanted.formUnion(endpoint.contradictions.map { "contra:\($0.id)" })
        wanted.formUnion(policies.map { "policy:\($0.id)" })
        let own = FieldReference.prefix(endpoint: endpoint.id)
        var models: [String] = []
        if let field = endpoint.field("model_name", in: .body), case .oneOf(let values)? = field.constraint(.enum) {
            models = values.compactMap(\.stringValue)
        }
        // No model name can be this: it stands for every model the index does not list.
        let unlisted = "\u{0}"
        var result: [String: EndpointProgram.Labels] = [:]
        for reference in index.items.keys where reference.hasPrefix(own) || wanted.contains(reference) {
            let other = index.vector(reference, model: unlisted)?.displayLabel
            var byModel: [String: String] = [:]
            for model in Set(models + index.models(reference) + index.contestedModels(reference)) where model != "*" {
                if let label = index.vector(reference, model: model)?.displayLabel, label != other { byModel[model] = label }
            }
            result[reference] = EndpointProgram.Labels(withoutModel: index.vector(reference, model: nil)?.displayLabel, byModel: byModel, otherModel: other)
        }
        return result
    }
}
