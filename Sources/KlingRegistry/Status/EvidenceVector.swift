/// The four axes of docs/status-model.md#evidence-and-status, all derived.
package struct EvidenceVector: Sendable, Hashable {
    package enum Doc: String, Sendable, Hashable {
        case official
        case contested
        case thirdParty = "third-party"
        case none
    }

    package enum Live: String, Sendable, Hashable {
        case accepted
        case rejected
        /// A rejection blamed this constraint or rule.
        case enforced
        /// A complete accepted request broke this constraint or rule.
        case contradicted
        /// Records of the same date disagree.
        case conflict
        case none
    }

    package var doc: Doc
    /// Contradictions naming the item (doc `contested`).
    package var contradictions: [String]
    package var live: Live
    /// The record whose observation decided the live axis.
    package var record: String?
    /// True when the view fell back to evidence whose model is unknown.
    package var modelUnknown: Bool
    /// Out of scope, with the reason.
    package var outOfScope: String?
    /// Not evidenced, with the reason.
    package var notEvidenced: String?

    /// The label (docs/status-model.md#evidence-and-status's table, first matching row) and its coarse word.
    package var label: (label: String, coarse: String) {
        if let reason = notEvidenced { return ("not-evidenced (closed: \(reason))", "not-evidenced") }
        if live == .conflict { return ("live-conflict", "not-evidenced") }
        var base: (String, String)
        switch (doc, live) {
        case (.official, .accepted), (.official, .enforced), (.contested, .accepted), (.contested, .enforced): base = ("doc+live", "live-confirmed")
        case (.official, .none), (.contested, .none): base = ("doc-only", "doc-confirmed")
        case (.official, .rejected), (.contested, .rejected): base = ("live-rejected (doc says valid)", "live-rejected")
        case (.official, .contradicted), (.contested, .contradicted): base = ("live-contradicted", "doc-confirmed")
        case (_, .accepted), (_, .enforced): base = ("live-tolerated (undocumented)", "not-evidenced")
        case (_, .rejected): base = ("live-rejected", "live-rejected")
        default: base = ("hypothesis-only", "not-evidenced")
        }
        if doc == .contested, !contradictions.isEmpty { base.0 += " (contested: \(contradictions.joined(separator: ", ")))" }
        if modelUnknown && live != .none { base.0 += " [model unknown]" }
        return base
    }

    /// The label with the posture overlaid: posture never hides the evidence.
    package var displayLabel: String {
        outOfScope.map { "\(label.label) · out-of-scope: \($0)" } ?? label.label
    }

    /// One snapshot line's fields after the reference and model.
    package var snapshotFields: String {
        var fields = ["doc=\(doc.rawValue)" + (contradictions.isEmpty ? "" : ":" + contradictions.joined(separator: ","))]
        fields.append("live=\(live.rawValue)" + (record.map { ":\($0)" } ?? ""))
        fields.append("posture=" + (outOfScope == nil ? "in-scope" : "out-of-scope"))
        fields.append("finding=" + (notEvidenced == nil ? "none" : "not-evidenced"))
        fields.append("label=\(label.label)")
        return fields.joined(separator: " ")
    }
}
