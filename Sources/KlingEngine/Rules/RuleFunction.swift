/// Every function the rule language has (docs/rule-language.md#functions). One
/// enum, switched over exhaustively wherever a call is read, so a function the
/// parser accepts cannot fall through to a rule that never fires.
public enum RuleFunction: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case present
    case nonempty
    case count
    case sum
    case num
    case any
    case all
    case refs
    case max
    case len
    case startsWith = "starts_with"
    case cap
    case hasKey = "has_key"
    case hasValue = "has_value"
    // Plans only: facts preflight computes per create (docs/plans.md).
    case `class`
    case units
    case priorSuccess = "prior_success"
    case scope
    case distinct
    case approved

    /// Read from a plan's facts, not from a payload: guardrails only.
    public var isPlanFunction: Bool {
        switch self {
        case .class, .units, .priorSuccess, .scope, .distinct, .approved: return true
        case .present, .nonempty, .count, .sum, .num, .any, .all, .refs, .max, .len, .startsWith, .cap, .hasKey, .hasValue: return false
        }
    }

    public var description: String { rawValue }
}
