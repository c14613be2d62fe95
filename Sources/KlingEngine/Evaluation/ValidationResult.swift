import KlingRuntime

/// What validating one payload produced.
public struct ValidationResult: Sendable {
    public var findings: [Finding]
    /// Rules not evaluated because they read a value that already failed a field check.
    public var skippedRules: [String]

    public var errors: [Finding] { findings.filter { $0.severity == .error } }
    public var isValid: Bool { errors.isEmpty }
    /// Rules whose text says only "not supported": valid, but not doc-derived.
    public var warnings: [Finding] { findings.filter { $0.severity == .warning } }

    package init(findings: [Finding], skippedRules: [String]) {
        self.findings = findings
        self.skippedRules = skippedRules
    }
}

/// Which optional checks run.
public struct ValidationOptions: Sendable {
    /// Report `policy` findings from register/policy.md.
    public var policy: Bool
    /// The production posture: `unsupported` rules are errors, not warnings.
    public var strict: Bool

    public init(policy: Bool = true, strict: Bool = false) {
        self.policy = policy
        self.strict = strict
    }
}
