import KlingRuntime

/// A live record's calls name transcribed endpoints, with a create outcome on a
/// create and a task outcome on a query, and its claim observations name claims of
/// register/claims.md.
enum RecordReferencesCheck {
    /// `unloadedEndpoints`: endpoint files that did not load; a call to one is a knock-on of that error.
    static func problems(_ registry: Registry, unloadedEndpoints: Set<String>) -> [CheckProblem] {
        var problems: [CheckProblem] = []
        let claimIDs = Set(registry.register.claims.map(\.id))
        for record in registry.records {
            for (index, call) in record.calls.enumerated() {
                let at = SourceLocation(file: record.file, record.position("calls[\(index)].endpoint"))
                guard registry.endpoint(call.endpoint) != nil else {
                    if !unloadedEndpoints.contains(call.endpoint) {
                        problems.append(CheckProblem(location: at, message: "call to unknown endpoint '\(call.endpoint)'"))
                    }
                    continue
                }
                let isCreate = call.endpoint.hasSuffix(".create")
                if call.create != nil && !isCreate || call.task != nil && isCreate {
                    problems.append(CheckProblem(location: at, message: "\(call.endpoint): a create outcome belongs to a create call, a task outcome to a query"))
                }
            }
            for (index, observation) in record.claims.enumerated() where !claimIDs.contains(observation.claim) {
                problems.append(CheckProblem(location: SourceLocation(file: record.file, record.position("claims[\(index)].claim")), message: "claim \(observation.claim) is not in register/claims.md"))
            }
        }
        return problems
    }
}
