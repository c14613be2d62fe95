import KlingRuntime

/// What evidence alone cannot decide (docs/register.md#the-register).
package struct Register: Sendable {
    package var claims: [RegisterClaim] = []
    package var status: [StatusEntry] = []
    package var residuals: [Residual] = []
    package var routes: [Route] = []
    /// Catalogue entries that are not transcribed, and why.
    package var scope: [ScopeRow] = []
    package var policies: [PolicyCheck] = []
    package var deprecated: [DeprecatedPattern] = []
    package var guardrails: [Guardrail] = []

    package init() {}

    package var rowCount: Int { claims.count + status.count + residuals.count + routes.count + policies.count + deprecated.count + guardrails.count }
}

/// `register/claims.md`: a runtime-semantic question or a single-source behaviour claim.
package struct RegisterClaim: Sendable {
    package enum Kind: String, Sendable, CaseIterable {
        case semantic
        case behaviour
    }

    package var id: String
    package var claim: String
    package var refs: [Reference]
    package var kind: Kind
    package var note: String
    package var location: SourceLocation
}

/// `register/status.md`: posture overlay and not-evidenced findings.
package struct StatusEntry: Sendable {
    package enum Target: Sendable, Hashable {
        /// A bare endpoint id: the whole endpoint.
        case endpoint(String)
        case reference(Reference)
    }

    package var target: Target
    package var outOfScope: Bool
    package var notEvidenced: Bool
    package var reason: String
    package var location: SourceLocation
}

/// `register/residuals.md`: one strict-closeout item, seeded by a TODO line.
package struct Residual: Sendable {
    package enum Kind: String, Sendable, CaseIterable {
        case evidence
        case verification
        case prompting
        case pipelineCode = "pipeline-code"
        case perCreateCheck = "per-create-check"
    }

    package enum State: String, Sendable, CaseIterable {
        case open
        case classifiedDeferred = "classified-deferred"
        case closedByDoc = "closed-by-doc"
        case closedByLive = "closed-by-live"
        case closedByNegativeFinding = "closed-by-negative-finding"
        case closedOutOfScope = "closed-out-of-scope"

        package var isClosed: Bool { rawValue.hasPrefix("closed") }
    }

    package enum Classification: String, Sendable, CaseIterable {
        case liveConfirmed = "live-confirmed"
        case docConfirmedOnly = "doc-confirmed only"
        case notEvidenced = "not evidenced"
        case approvalGated = "approval-gated future verification"
        case none = "—"
    }

    package var id: String
    package var seed: String
    package var kind: Kind
    package var phase: String
    package var state: State
    package var classification: Classification
    package var refs: [Reference]
    /// Derived residual ids (`D-…`) this row closes.
    package var closes: [String]
    package var evidence: String
    package var next: String
    package var location: SourceLocation
}

/// `register/policy.md` Routes.
package struct Route: Sendable {
    package var id: String
    package var endpoint: String
    package var model: String?
    package var inputShape: String
    package var posture: String
    package var location: SourceLocation
}

/// `register/policy.md` Policy: true when a payload keeps to the production posture.
package struct PolicyCheck: Sendable {
    package var id: String
    package var appliesTo: [String]
    /// Type-checked per endpoint it applies to.
    package var checks: [String: RuleNode]
    package var source: String
    package var description: String
    package var location: SourceLocation
}

/// `register/policy.md` Deprecated patterns: true when the pattern is present.
package struct DeprecatedPattern: Sendable {
    package var id: String
    package var pattern: String
    package var appliesTo: [String]
    package var checks: [String: RuleNode]
    package var source: String
    package var description: String
    package var location: SourceLocation
}

/// `register/guardrails.md`: a check over a billable-create plan.
package struct Guardrail: Sendable {
    package enum Check: Sendable {
        case expression(RuleNode, source: String)
        case notExpressible(String)
        /// Checked by another row (the TODO states one check twice): reported once.
        case sameAs(String)
    }

    package var id: String
    package var seed: String
    package var check: Check
    package var description: String
    package var location: SourceLocation
}
