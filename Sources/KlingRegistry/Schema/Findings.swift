import KlingRuntime

/// A disagreement between two official sources (docs/evidence-format.md#an-endpoint-file).
package struct Contradiction: Sendable {
    package var id: String
    package var topic: String
    /// Only the contested items; empty when the disagreement is wording only.
    package var refs: [Reference]
    package var readingA: String
    package var sourcesA: [String]
    package var readingB: String
    package var sourcesB: [String]
    package var enforced: Enforced
    package var digest: [String]
    package var why: String
    package var location: SourceLocation
    /// The type-checked expression when `enforced` is one.
    package var enforcedCheck: RuleNode?
    /// Where the expression was written, for type errors.
    var enforcedCell: TableCell?
    var enforcedOffset = 0

    /// Which reading the rules use.
    package enum Enforced: Sendable, Hashable, CustomStringConvertible {
        case readingA
        case readingB
        /// Wording only: nothing to enforce.
        case none
        /// The rule that enforces it.
        case rule(String)
        /// The expression the rules enforce, as written.
        case expression(String)

        package var description: String {
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
package struct Claim: Sendable {
    package var id: String
    package var claim: String
    package var refs: [Reference]
    package var sources: [String]
    package var note: String
    package var location: SourceLocation
}

/// One row of `evidence/SOURCES.md`.
package struct SourceEntry: Sendable {
    package enum Class: String, Sendable, CaseIterable {
        case official
        case thirdParty = "third-party"
        case code
        case test
    }

    package var key: String
    package var sourceClass: Class
    package var title: String
    package var address: String
    package var location: SourceLocation

    package var isOfficial: Bool { key.hasPrefix("OFF-") }
}

extension CapabilityCell {
    package var reference: Reference { .capability(model: model, feature: feature) }
}

/// One row of `evidence/billing.md`: what one create of an endpoint, model and
/// mode costs, as units per one of `per` (the body field whose value counts what is
/// billed: seconds of `duration`, images of `n`).
package struct BillingRow: Sendable {
    package var endpoint: String
    package var model: String
    /// Empty where the endpoint takes no `mode`.
    package var mode: String
    /// nil: always matches.
    package var when: RuleNode?
    package var whenText: String
    package var units: NumberLiteral
    package var per: String
    package var sources: [String]
    package var location: SourceLocation

    /// `omni-video.create kling-v3-omni std`, the mode left out where there is none.
    package var key: String { [endpoint, model, mode].filter { !$0.isEmpty }.joined(separator: " ") }
    /// `0.6 units per duration`.
    package var rate: String { "\(units) units per \(per)" }
}

/// One row of the envelope's `API Domains` table: a base address the calls go to.
package struct APIDomain: Sendable {
    package enum Use: String, Sendable, CaseIterable {
        /// Where the calls go now.
        case current
        /// An address the texts say was replaced; kept so a pipeline still using it is told.
        case replaced
    }

    package var url: String
    package var use: Use
    package var sources: [String]
    package var note: String
    package var location: SourceLocation
}

/// One row of the envelope's error-code table.
package struct ErrorCode: Sendable {
    package enum Outcome: String, Sendable, CaseIterable {
        case success
        case auth
        case account
        case rejected
        case riskBlocked = "risk-blocked"
        case rate
        case server
    }

    package var http: String
    package var code: Int
    package var meaning: String
    package var outcome: Outcome
    package var sources: [String]
    package var location: SourceLocation
}
