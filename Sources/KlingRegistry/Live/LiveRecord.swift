import KlingRuntime

/// One recorded live run (docs/live-records.md#live-records): runtime truth, kept apart from the docs.
public struct LiveRecord: Sendable {
    public enum RequestKnown: String, Sendable {
        case complete
        case partial
    }

    public enum CreateOutcome: String, Sendable, CaseIterable {
        case accepted
        case rejected
        case riskBlocked = "risk-blocked"
        case inconclusive
    }

    public enum TaskOutcome: String, Sendable, CaseIterable {
        case succeed
        case failedParam = "failed-param"
        case failedRisk = "failed-risk"
        case unknown
    }

    public struct Call: Sendable {
        public var endpoint: String
        public var request: JSONObject?
        public var response: JSONValue?
        public var create: CreateOutcome?
        public var task: TaskOutcome?
    }

    public struct ClaimObservation: Sendable {
        public var claim: String
        public var observed: Bool
        public var note: String
    }

    public var id: String
    public var label: String?
    public var purpose: String
    /// A UTC date, or a bound such as `<2026-03-30`.
    public var observed: String
    public var model: String?
    public var requestKnown: RequestKnown
    public var calls: [Call]
    public var blame: [Reference]
    public var claims: [ClaimObservation]
    public var notes: String
    public var file: String
    /// Where each JSON path starts in the file, for diagnostics found after reading.
    var positions: [String: SourcePosition] = [:]

    func position(_ path: String) -> SourcePosition { positions[path] ?? SourcePosition(line: 1, column: 1) }

    /// `id (label)`, as reports print a record.
    public var displayName: String { label.map { "\(id) (\($0))" } ?? id }

    /// A run with any risk-blocked, risk-failed or inconclusive call contributes nothing.
    public var contributes: Bool {
        !calls.contains { $0.create == .riskBlocked || $0.create == .inconclusive || $0.task == .failedRisk }
    }

    /// Sort key: `<2026-03-30` sorts before every record dated on or after 2026-03-30.
    public var sortKey: String {
        observed.hasPrefix("<") ? String(observed.dropFirst()) + " 0" : observed + " 1"
    }

    /// The model key for live evidence: unknown models are `*`.
    public var modelKey: String { model ?? "*" }
}
