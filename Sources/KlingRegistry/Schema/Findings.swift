import KlingRuntime

/// A disagreement between two official sources (docs/evidence-format.md#an-endpoint-file).
public struct Contradiction: Sendable {
    public var id: String
    public var topic: String
    /// Only the contested items; empty when the disagreement is wording only.
    public var refs: [Reference]
    public var readingA: String
    public var sourcesA: [String]
    public var readingB: String
    public var sourcesB: [String]
    public var enforced: Enforced
    public var digest: [String]
    public var why: String
    public var location: SourceLocation
    /// The type-checked expression when `enforced` is one.
    public var enforcedCheck: RuleNode?
    /// Where the expression was written, for type errors.
    var enforcedCell: TableCell?
    var enforcedOffset = 0

    /// Which reading the rules use.
    public enum Enforced: Sendable, Hashable, CustomStringConvertible {
        case readingA
        case readingB
        /// Wording only: nothing to enforce.
        case none
        /// The rule that enforces it.
        case rule(String)
        /// The expression the rules enforce, as written.
        case expression(String)

        public var description: String {
            switch self {
            case .readingA: return "A"
            case .readingB: return "B"
            case .none: return "none"
            case .rule(let id): return "rule:\(id)"
            case .expression(let text): return text
            }
        }
    }
}

/// A fact only third parties state (docs/evidence-format.md#an-endpoint-file): never feeds a rule.
public struct Claim: Sendable {
    public var id: String
    public var claim: String
    public var refs: [Reference]
    public var sources: [String]
    public var note: String
    public var location: SourceLocation
}

/// One row of `evidence/SOURCES.md`.
public struct SourceEntry: Sendable {
    public enum Class: String, Sendable, CaseIterable {
        case official
        case thirdParty = "third-party"
        case code
        case test
    }

    public var key: String
    public var sourceClass: Class
    public var title: String
    public var address: String
    public var location: SourceLocation

    public var isOfficial: Bool { key.hasPrefix("OFF-") }
}

extension CapabilityCell {
    public var reference: Reference { .capability(model: model, feature: feature) }
}

/// One row of `evidence/billing.md`: what one create of an endpoint, model and
/// mode costs, as units per one of `per` (the body field whose value counts what is
/// billed: seconds of `duration`, images of `n`).
public struct BillingRow: Sendable {
    public var endpoint: String
    public var model: String
    /// Empty where the endpoint takes no `mode`.
    public var mode: String
    /// nil: always matches.
    public var when: RuleNode?
    public var whenText: String
    public var units: NumberLiteral
    public var per: String
    public var sources: [String]
    public var location: SourceLocation

    /// `omni-video.create kling-v3-omni std`, the mode left out where there is none.
    public var key: String { [endpoint, model, mode].filter { !$0.isEmpty }.joined(separator: " ") }
    /// `0.6 units per duration`.
    public var rate: String { "\(units) units per \(per)" }
}

/// One row of the envelope's `API Domains` table: a base address the calls go to.
public struct APIDomain: Sendable {
    public enum Use: String, Sendable, CaseIterable {
        /// Where the calls go now.
        case current
        /// An address the texts say was replaced; kept so a pipeline still using it is told.
        case replaced
    }

    public var url: String
    public var use: Use
    public var sources: [String]
    public var note: String
    public var location: SourceLocation
}

/// One row of the envelope's error-code table.
public struct ErrorCode: Sendable {
    public enum Outcome: String, Sendable, CaseIterable {
        case success
        case auth
        case account
        case rejected
        case riskBlocked = "risk-blocked"
        case rate
        case server
    }

    public var http: String
    public var code: Int
    public var meaning: String
    public var outcome: Outcome
    public var sources: [String]
    public var location: SourceLocation
}
