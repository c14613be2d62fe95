import KlingRuntime

/// Rule, contradiction and claim ids are unique across the repository: the second
/// use is the error, pointing at the first.
enum UniqueIDsCheck {
    static func problems(_ registry: Registry) -> [CheckProblem] {
        var seen: [String: SourceLocation] = [:]
        var problems: [CheckProblem] = []
        let items: [(String, SourceLocation)] = registry.allRules.map { ($0.id, $0.location) }
            + registry.allContradictions.map { ($0.id, $0.location) }
            + registry.allClaims.map { ($0.id, $0.location) }
        for (id, location) in items.sorted(by: { $0.1 < $1.1 }) {
            if let first = seen[id] {
                problems.append(CheckProblem(location: location, message: "id \(id) is already used at \(first)"))
            } else {
                seen[id] = location
            }
        }
        return problems
    }
}
