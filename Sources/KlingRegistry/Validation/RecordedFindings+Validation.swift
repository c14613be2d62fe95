import KlingEngine
import KlingRuntime

extension RecordedFindings {
    /// Validates every call it covers once, unsettled, without labels or policy.
    package init(registry: Registry) {
        let validator = PayloadValidator(registry: registry, settlements: .unsettled)
        var byCall: [String: [Int: [Finding]]] = [:]
        for record in registry.records {
            for (index, call) in record.calls.enumerated() where Self.covers(call, of: record, registry: registry) {
                guard let request = call.request, registry.endpoint(call.endpoint) != nil else { continue }
                byCall[record.id, default: [:]][index] = validator.validate(.object(request), endpoint: call.endpoint, options: ValidationOptions(policy: false)).findings
            }
        }
        self.init(byCall: byCall)
    }
}

extension StatusIndex {
    /// The index of `registry`, its records' findings computed here.
    package init(registry: Registry) {
        self.init(registry: registry, recorded: RecordedFindings(registry: registry))
    }
}

extension LiveSettlements {
    /// The settlements of `registry`'s records, their findings computed here.
    package init(registry: Registry) {
        self.init(registry: registry, recorded: RecordedFindings(registry: registry))
    }
}
