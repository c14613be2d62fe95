import KlingRuntime

/// The catalogue against the endpoints and the register: every official
/// operation is transcribed or placed, every place names a catalogue entry,
/// and every transcribed endpoint is one of the catalogue's.
enum CatalogueCheck {
    typealias Problem = CheckProblem

    static func problems(_ registry: Registry) -> [Problem] {
        guard let catalogue = registry.catalogue else { return [] }
        var problems: [Problem] = []
        let ids = catalogue.map(\.id)
        var seen: [String: SourceLocation] = [:]
        for entry in catalogue {
            if let first = seen[entry.id] {
                problems.append(Problem(location: entry.location, message: "catalogue entry \(entry.id) is listed twice (first at \(first))"))
                continue
            }
            seen[entry.id] = entry.location
            if case .unplaced = registry.catalogueState(entry) {
                problems.append(Problem(location: entry.location, message: "official operation \(entry.id) (\(entry.method) \(entry.path)) is neither transcribed nor placed: add evidence/<family>/\(entry.id).md, or a row of register/policy.md `## Scope` saying out-of-scope, not-evidenced or to-transcribe, and why"))
            }
            if entry.routeUnknown {
                let state = registry.catalogueState(entry)
                if case .notEvidenced = state {} else if case .unplaced = state {} else {
                    problems.append(Problem(location: entry.location, message: "official page \(entry.id) has no route in any official text, so it can only be placed not-evidenced, not \(state.word)"))
                }
            }
            if let endpoint = registry.endpoint(entry.id), endpoint.method != entry.method || endpoint.path != entry.path {
                problems.append(Problem(location: entry.location, message: "catalogue entry \(entry.id) says \(entry.method) \(entry.path), its endpoint file \(endpoint.method) \(endpoint.path)"))
            }
        }
        for row in registry.register.scope {
            if !seen.keys.contains(row.entry) {
                var message = "Scope row names \(row.entry), which is not in evidence/catalogue.md"
                if let near = Suggestion.closest(to: row.entry, among: ids) { message += "; did you mean \(near)?" }
                problems.append(Problem(location: row.location, message: message))
            } else if registry.endpoint(row.entry) != nil, row.state != "out-of-scope" {
                problems.append(Problem(location: row.location, message: "Scope row says \(row.entry) is \(row.state), but it is transcribed: a transcribed operation is in scope, or out-of-scope with a reason"))
            }
        }
        for endpoint in registry.endpoints where !seen.keys.contains(endpoint.id) {
            problems.append(Problem(location: endpoint.location, message: "endpoint \(endpoint.id) is not in evidence/catalogue.md: every transcribed endpoint is an official operation there"))
        }
        return problems
    }
}
