/// Which items official sources disagree on, by reference text, so a finding
/// produced by a contested value, constraint, rule or cell names the
/// contradiction whose reading it enforces.
struct ContestedItems: Sendable {
    private var byReference: [String: String] = [:]

    init(_ registry: Registry) {
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
    }

    func id(for reference: String) -> String? { byReference[reference] }
}
