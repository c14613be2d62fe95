/// One thing a validator says about a payload (docs/validation.md#validation-and-classification).
public struct Finding: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
        /// Breaks the documented contract.
        case error
        /// Documented, but outside the production posture in register/policy.md.
        case policy
        /// The text says the combination is not supported without saying the API
        /// refuses it (an `unsupported` rule); an error under the strict posture.
        case warning
        /// Worth knowing: an ignored field, a media limit that needs the file, an empty optional string.
        case note

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var severity: Severity
    /// Payload path: `image_list[1].type`; empty for the payload itself.
    public var path: String
    public var message: String
    /// The item reference (`omni-video.create#body:mode`), when a field or value is meant.
    public var reference: String?
    /// The rule that fired, for rule findings.
    public var rule: String?
    /// The constraint kind (`enum`, `min-side`, `type`, `required`, …), for field findings.
    public var constraint: String?
    /// The contradiction whose enforced reading produced this finding.
    public var contradiction: String?
    /// The evidence label of the reference, once statuses exist.
    public var label: String?
    /// Where the evidence says so: `evidence/video/omni-video.create.md:42`.
    public var evidence: String?

    public init(severity: Severity, path: String, message: String, reference: String? = nil, rule: String? = nil, constraint: String? = nil, contradiction: String? = nil, label: String? = nil, evidence: String? = nil) {
        self.severity = severity
        self.path = path
        self.message = message
        self.reference = reference
        self.rule = rule
        self.constraint = constraint
        self.contradiction = contradiction
        self.label = label
        self.evidence = evidence
    }

    /// The worst first, then by path, so output reads top-down.
    public static func < (lhs: Finding, rhs: Finding) -> Bool {
        (lhs.severity, lhs.path, lhs.rule ?? "", lhs.constraint ?? "", lhs.message) < (rhs.severity, rhs.path, rhs.rule ?? "", rhs.constraint ?? "", rhs.message)
    }

    /// One line for people: `error  mode: … [enum] (evidence/…:24)`.
    public var description: String {
        var line = "\(severity.rawValue)  \(path.isEmpty ? "(payload)" : path): \(message)"
        var tags: [String] = []
        if let rule { tags.append(rule) }
        if let constraint { tags.append(constraint) }
        if let contradiction { tags.append(contradiction) }
        if !tags.isEmpty { line += " [\(tags.joined(separator: ", "))]" }
        if let reference, rule == nil { line += " \(reference)" }
        if let label { line += " {\(label)}" }
        if let evidence { line += " (\(evidence))" }
        return line
    }
}
