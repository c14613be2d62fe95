import KlingRuntime

/// One endpoint lowered for validation (docs/engine.md): everything the engine
/// reads, resolved once from the schema, the register, the live records and the
/// status index, so validating a payload needs nothing else. The CLI lowers it from
/// the loaded evidence; the generator writes the same program into `Generated/`.
package struct EndpointProgram: Sendable, Codable {
    /// A rule with an expression, its effect as live records settled it, and its text.
    package struct Check: Sendable, Hashable, Codable {
        package var id: String
        package var node: RuleNode
        package var effect: RuleEffect
        /// The description, with what live records say of an `unsupported` rule.
        package var text: String
        package var evidence: String
        /// The contradiction whose reading the rule enforces, if any.
        package var contradiction: String?

        package init(id: String, node: RuleNode, effect: RuleEffect, text: String, evidence: String, contradiction: String?) {
            self.id = id
            self.node = node
            self.effect = effect
            self.text = text
            self.evidence = evidence
            self.contradiction = contradiction
        }
    }

    /// A contested reading enforced by an expression rather than by a rule.
    package struct Enforced: Sendable, Hashable, Codable {
        package var id: String
        package var topic: String
        package var node: RuleNode
        package var evidence: String

        package init(id: String, topic: String, node: RuleNode, evidence: String) {
            self.id = id
            self.topic = topic
            self.node = node
            self.evidence = evidence
        }
    }

    /// A register policy check (`wanted` true) or deprecated pattern (`wanted` false).
    package struct Policy: Sendable, Hashable, Codable {
        package var id: String
        package var node: RuleNode
        package var wanted: Bool
        package var description: String
        package var evidence: String

        package init(id: String, node: RuleNode, wanted: Bool, description: String, evidence: String) {
            self.id = id
            self.node = node
            self.wanted = wanted
            self.description = description
            self.evidence = evidence
        }
    }

    /// An item's label for a payload with no model, for each model the status index
    /// tells apart, and for any other model.
    package struct Labels: Sendable, Hashable, Codable {
        package var withoutModel: String?
        package var byModel: [String: String]
        package var otherModel: String?

        package init(withoutModel: String?, byModel: [String: String], otherModel: String?) {
            self.withoutModel = withoutModel
            self.byModel = byModel
            self.otherModel = otherModel
        }

        package func label(model: String?) -> String? {
            guard let model else { return withoutModel }
            return byModel[model] ?? otherModel
        }
    }

    package var endpoint: String
    /// Where the endpoint's file is.
    package var evidence: String
    /// Every field of the endpoint: the request parts are checked, and the rules read their defaults.
    package var fields: [Field]
    package var checks: [Check]
    package var enforced: [Enforced]
    package var policies: [Policy]
    /// The capability cells the checks read, by `model/feature`.
    package var capabilities: [String: CapabilityCell]
    /// Contradiction ids by the reference text of what they contest.
    package var contested: [String: String]
    /// Labels by reference; empty when the program was lowered without statuses.
    package var labels: [String: Labels]

    package init(endpoint: String, evidence: String, fields: [Field], checks: [Check], enforced: [Enforced], policies: [Policy], capabilities: [String: CapabilityCell], contested: [String: String], labels: [String: Labels]) {
        self.endpoint = endpoint
        self.evidence = evidence
        self.fields = fields
        self.checks = checks
        self.enforced = enforced
        self.policies = policies
        self.capabilities = capabilities
        self.contested = contested
        self.labels = labels
    }
}
