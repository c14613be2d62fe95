/// What a rule's source text says happens to a payload that breaks it: the
/// strength of the wording, kept apart from how strictly we choose to read it.
/// Both validators map an effect to a severity here and nowhere else.
public enum RuleEffect: String, Sendable, Hashable, CaseIterable {
    /// The text refuses it: "must", "cannot", "cannot exceed", a count or a limit.
    case error
    /// The text says a field must be given in this case.
    case required
    /// The text says "not supported" (or a capability-map cell is empty) without
    /// saying what the API does: refused or ignored is open until a live run says.
    case unsupported
    /// The text says the parameter is invalid or ignored in this case.
    case ignored

    /// Whether a payload breaking it is refused under the text's posture.
    public var refuses: Bool { severity(strict: false) == .error }

    /// `strict` is the production posture: what the text does not support is refused.
    public func severity(strict: Bool) -> Finding.Severity {
        switch self {
        case .error, .required: return .error
        case .unsupported: return strict ? .error : .warning
        case .ignored: return .note
        }
    }
}
