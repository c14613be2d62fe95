import KlingRuntime

/// One recorded live run (docs/live-records.md#live-records): runtime truth, kept apart from the docs.
package struct LiveRecord: Sendable {
    package enum RequestKnown: String, Sendable {
        case complete
        case partial
    }

    package enum CreateOutcome: String, Sendable, CaseIterable {
        case accepted
        case rejected
        case riskBlocked = "risk-blocked"
        case inconclusive
    }

    package enum TaskOutcome: String, Sendable, CaseIterable {
        case succeed
        case failedParam = "failed-param"
        case failedRisk = "failed-risk"
        case unknown
    }

    package struct Call: Sendable {
        package var endpoint: String
        package var request: JSONObject?
        package var response: JSONValue?
        package var create: CreateOutcome?
        package var task: TaskOutcome?
    }

    package struct ClaimObservation: Sendable {
        package var claim: String
        package var observed: Bool
        package var note: String
    }

    package var id: String
    package var label: String?
    package var purpose: String
    /// A UTC date, or a bound such as `<2026-03-30`.
    package var observed: String
    package var model: String?
    package var requestKnown: RequestKnown
    package var calls: [Call]
    package var blame: [Reference]
    package var claims: [ClaimObservation]
    package var notes: String
    package var file: String
    /// Where each JSON path starts in the file, for diagnostics found after reading.
    var positions: [String: SourcePosition] = [:]

    func position(_ path: String) -> SourcePosition { positions[path] ?? SourcePosition(line: 1, column: 1) }

    /// `id (label)`, as reports print a record.
    package var displayName: String { label.map { "\(id) (\($0))" } ?? id }

    /// A run with any risk-blocked, risk-failed or inconclusive call contributes nothing.
    package var contributes: Bool {
        !calls.contains { $0.create == .riskBlocked || $0.create == .inconclusive || $0.task == .failedRisk }
    }

    /// Sort key: `<2026-03-30` sorts before every record dated on or after 2026-03-30.
    package var sortKey: String {
        observed.hasPrefix("<") ? String(observed.dropFirst()) + " 0" : observed + " 1"
    }

    /// The model key for live evidence: unknown models are `*`.
    package var modelKey: String { model ?? "*" }
}
