import KlingRuntime

/// Checks that a reference names something that exists (docs/evidence-format.md#references).
package struct ReferenceResolver: Sendable {
    let registry: Registry

    package init(registry: Registry) { self.registry = registry }

    /// Models named anywhere: capability map sections and `model_name` enums.
    package var knownModels: Set<String> {
        var models = Set(registry.capabilityModels)
        for endpoint in registry.endpoints {
            if case .oneOf(let values)? = endpoint.field("model_name", in: .body)?.constraint(.enum) {
                models.formUnion(values.compactMap(\.stringValue))
            }
        }
        return models
    }

    /// Why `reference` does not resolve, or nil when it does. Claims may name
    /// fields and values the doc lacks (`allowUndocumented`).
    package func problem(with reference: Reference, allowUndocumented: Bool = false) -> String? {
        switch reference {
        case .item(let item):
            return problem(with: item, allowUndocumented: allowUndocumented)
        case .rule(let id):
            return registry.rule(id) == nil ? "rule:\(id) does not exist" : nil
        case .contradiction(let id):
            return registry.allContradictions.contains { $0.id == id } ? nil : "contra:\(id) does not exist"
        case .claim(let id):
            let known = registry.allClaims.contains { $0.id == id } || registry.register.claims.contains { $0.id == id }
            return known ? nil : "claim:\(id) does not exist"
        case .capability(let model, let feature):
            return registry.capabilityCell(model: model, feature: feature) == nil ? "cap:\(model)/\(feature) is not a cell of evidence/capability-map.md" : nil
        case .residual(let id):
            // Derived residuals (D-…) are checked once they are computed.
            return id.hasPrefix("D-") || registry.register.residuals.contains { $0.id == id } ? nil : "residual:\(id) does not exist"
        case .guardrail(let id):
            return registry.register.guardrails.contains { $0.id == id } ? nil : "guard:\(id) does not exist"
        case .policy(let id):
            let register = registry.register
            let known = register.routes.contains { $0.id == id } || register.policies.contains { $0.id == id } || register.deprecated.contains { $0.id == id }
            return known ? nil : "policy:\(id) does not exist"
        case .live(let id):
            return registry.record(id) == nil ? "live:\(id): no such record in evidence/live/" : nil
        }
    }

    func problem(with item: ItemReference, allowUndocumented: Bool) -> String? {
        guard let endpoint = registry.endpoint(item.endpoint) else {
            var message = "no endpoint '\(item.endpoint)'"
            if let near = Suggestion.closest(to: item.endpoint, among: registry.endpoints.map(\.id)) { message += "; did you mean '\(near)'?" }
            return message
        }
        if let model = item.model, !knownModels.contains(model) {
            return "unknown model '\(model)' in \(item)"
        }
        guard let field = endpoint.field(item.path, in: item.part) else {
            if allowUndocumented { return nil }
            var message = "\(item.endpoint) has no \(item.part.rawValue) field `\(item.path)`"
            if let near = Suggestion.closest(to: item.path, among: endpoint.fields(in: item.part).map(\.path)) { message += "; did you mean `\(near)`?" }
            return message
        }
        if let constraint = item.constraint, constraint != .type, constraint != .required, field.constraint(constraint) == nil, !allowUndocumented {
            return "`\(item.path)` has no \(constraint.rawValue) constraint"
        }
        // A claim may assert a value of another type (a reseller's `"auto"` for an integer).
        if case .literal(let value)? = item.value, !allowUndocumented {
            let valueType: FieldType = if case .array(let inner?) = field.type { inner } else { field.type }
            guard LiteralReader.matches(value, valueType) else {
                return "\(JSONWriter(style: .compact).string(value)) is not a \(valueType) value of `\(item.path)`"
            }
            if case .oneOf(let values)? = field.constraint(.enum), !values.contains(value) {
                return "\(JSONWriter(style: .compact).string(value)) is not among the documented values of `\(item.path)`"
            }
        }
        return nil
    }
}
