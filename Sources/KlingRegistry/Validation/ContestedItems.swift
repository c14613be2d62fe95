import KlingEngine

extension ContestedItems {
    /// Every reference a contradiction names, and the rule it enforces, to the first contradiction by id.
    init(_ registry: Registry) {
        var byReference: [String: String] = [:]
        for contradiction in registry.allContradictions.sorted(by: { $0.id < $1.id }) {
            for reference in contradiction.refs {
                var text = reference.description
                if case .item(let item) = reference { text = item.withoutModel.description }
                if byReference[text] == nil { byReference[text] = contradiction.id }
            }
            if case .rule(let id) = contradiction.enforced, byReference["rule:\(id)"] == nil {
                byReference["rule:\(id)"] = contradiction.id
            }
        }
        self.init(byReference: byReference)
    }
}
