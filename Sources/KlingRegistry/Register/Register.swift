import KlingRuntime

/// What evidence alone cannot decide (docs/register.md#the-register).
public struct Register: Sendable {
    public var claims: [RegisterClaim] = []
    public var status: [StatusEntry] = []
    public var residuals: [Residual] = []
    public var routes: [Route] = []
    /// Catalogue entries that are not transcribed, and why.
    public var scope: [ScopeRow] = []
    public var policies: [PolicyCheck] = []
    public var deprecated: [DeprecatedPattern] = []
    public var guardrails: [Guardrail] = []

    public init() {}

    public var rowCount: Int { claims.count + status.count + residuals.count + routes.count + policies.count + deprecated.count + guardrails.count }
}

/// `register/claims.md`: a runtime-semantic question or a single-source behaviour claim.
public struct RegisterClaim: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case semantic
        case behaviour
    }

    public var id: String
    public var claim: String
    public var refs: [Reference]
    public var kind: Kind
    public var note: String
    public var location: SourceLocation
}

/// `register/status.md`: posture overlay and not-evidenced findings.
public struct StatusEntry: Sendable {
    public enum Target: Sendable, Hashable {
        /// A bare endpoint id: the whole endpoint.
        case endpoint(String)
        case reference(Reference)
    }

    public var target: Target
    public var outOfScope: Bool
    public var notEvidenced: Bool
    public var reason: String
    public var location: SourceLocation
}

/// `register/residuals.md`: one strict-closeout item, seeded by a TODO line.
public struct Residual: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case evidence
        case verification
        case prompting
        case pipelineCode = "pipeline-code"
        case perCreateCheck = "per-create-check"
    }

    public enum State: String, Sendable, CaseIterable {
        case open
        case classifiedDeferred = "classified-deferred"
        case closedByDoc = "closed-by-doc"
        case closedByLive = "closed-by-live"
        case closedByNegativeFinding = "closed-by-negative-finding"
        case closedOutOfScope = "closed-out-of-scope"

        public var isClosed: Bool { rawValue.hasPrefix("closed") }
    }

    public enum Classification: String, Sendable, CaseIterable {
        case liveConfirmed = "live-confirmed"
        case docConfirmedOnly = "doc-confirmed only"
        case notEvidenced = "not evidenced"
        case approvalGated = "approval-gated future verification"
        case none = "—"
    }

    public var id: String
    public var seed: String
    public var kind: Kind
    public var phase: String
    public var state: State
    public var classification: Classification
    public var refs: [Reference]
    /// Derived residual ids (`D-…`) this row closes.
    public var closes: [String]
    public var evidence: String
    public var next: String
    public var location: SourceLocation
}

/// `register/policy.md` Routes.
public struct Route: Sendable {
    public var id: String
    public var endpoint: String
    public var model: String?
    public var inputShape: String
    public var posture: String
    public var location: SourceLocation
}

/// `register/policy.md` Policy: true when a payload keeps to the production posture.
public struct PolicyCheck: Sendable {
    public var id: String
    public var appliesTo: [String]
    /// Type-checked per endpoint it applies to.
    public var checks: [String: RuleNode]
    public var source: String
    public var description: String
    public var location: SourceLocation
}

/// `register/policy.md` Deprecated patterns: true when the pattern is present.
public struct DeprecatedPattern: Sendable {
    public var id: String
    public var pattern: String
    public var appliesTo: [String]
    public var checks: [String: RuleNode]
    public var source: String
    public var description: String
    public var location: SourceLocation
}

/// `register/guardrails.md`: a check over a billable-create plan.
public struct Guardrail: Sendable {
    public enum Check: Sendable {
        case expression(RuleNode, source: String)
        case notExpressible(String)
        /// Checked by another row (the TODO states one check twice): reported once.
        case sameAs(String)
    }

    public var id: String
    public var seed: String
    public var check: Check
    public var description: String
    public var location: SourceLocation
}
