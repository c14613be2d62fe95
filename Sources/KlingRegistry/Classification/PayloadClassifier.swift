import Foundation
import KlingRuntime

/// The user's approval-gate words for a payload (docs/validation.md#validation-and-classification).
package enum PayloadClass: String, Sendable {
    case invalid
    case liveConfirmed = "live-confirmed"
    case docDerived = "doc-derived"
    case hypothesisOnly = "hypothesis-only"
}

package struct Classification: Sendable {
    package var payloadClass: PayloadClass
    /// The record that confirms the shape, and whether it was partial.
    package var record: String?
    package var partial: Bool
    /// The references at the lowest label rank present, with their labels.
    package var weakest: [(reference: String, label: String)]
    package var model: String?
    package var validation: ValidationResult
    /// When the class is not live-confirmed: the accepted record of the same endpoint
    /// and model whose shape is closest, and what differs, so "only doc-derived" says why.
    package var nearest: NearestRecord? = nil

    /// `live-confirmed (partial record L8)` and the like.
    package var description: String {
        guard payloadClass == .liveConfirmed, let record else { return payloadClass.rawValue }
        return partial ? "live-confirmed (partial record \(record))" : "live-confirmed (record \(record))"
    }
}

/// The closest accepted record to a payload that none confirms.
package struct NearestRecord: Sendable {
    package var record: String
    package var complete: Bool
    /// Shape tokens (`key:…`, `value:…=…`, `count:…`, `media:…`) the payload has and the record lacks.
    package var onlyInPayload: [String]
    /// Tokens the record's request has and the payload lacks (complete records only).
    package var onlyInRecord: [String]
    package var distance: Int { onlyInPayload.count + onlyInRecord.count }
}

package struct PayloadClassifier: Sendable {
    let registry: Registry
    let index: StatusIndex
    let validator: PayloadValidator

    package init(registry: Registry, index: StatusIndex) {
        self.registry = registry
        self.index = index
        self.validator = PayloadValidator(registry: registry, index: index)
    }

    package func classify(_ payload: JSONValue, endpoint id: String) -> Classification {
        let validation = validator.validate(payload, endpoint: id, options: ValidationOptions(policy: false))
        guard let endpoint = registry.endpoint(id), case .object(let object) = payload else {
            return Classification(payloadClass: .invalid, record: nil, partial: false, weakest: [], model: nil, validation: validation)
        }
        let model = object["model_name"]?.stringValue ?? {
            if case .value(.string(let name))? = endpoint.field("model_name", in: .body)?.defaultValue { return name }
            return nil
        }()
        let signature = ShapeSignature(object, endpoint: endpoint)
        let references = self.references(signature, endpoint: id)
        let weakest = Self.weakest(references.map { ($0, index.vector($0, model: model)?.label.label ?? "hypothesis-only") })
        func result(_ payloadClass: PayloadClass, record: String? = nil, partial: Bool = false) -> Classification {
            Classification(payloadClass: payloadClass, record: record, partial: partial, weakest: weakest, model: model, validation: validation)
        }
        if !validation.isValid {
            // Errors only on what a claim or an accepted record names make a hypothesis, not an invalid payload.
            let named = validation.errors.allSatisfy { finding in
                guard let reference = namedReference(finding, object: object, endpoint: id), let vector = index.vector(reference, model: model) else { return false }
                return vector.doc == .thirdParty || (vector.live == .accepted && vector.doc == .none)
            }
            return named ? result(.hypothesisOnly) : result(.invalid)
        }
        if let (record, partial) = confirmingRecord(signature, endpoint: endpoint, model: model) {
            return result(.liveConfirmed, record: record.label ?? record.id, partial: partial)
        }
        // A combination the text calls not supported is not derived from the docs,
        // whatever the fields it is made of.
        let documented = validation.warnings.isEmpty && references.allSatisfy { reference in
            guard let doc = index.vector(reference, model: model)?.doc else { return false }
            return doc == .official || doc == .contested
        }
        var classification = result(documented ? .docDerived : .hypothesisOnly)
        classification.nearest = nearestRecord(signature, endpoint: endpoint, model: model)
        return classification
    }

    /// The accepted record of this endpoint and model whose recorded request shares the most of the
    /// payload's shape, with the shape tokens only the payload has and only the record has.
    func nearestRecord(_ signature: ShapeSignature, endpoint: Endpoint, model: String?) -> NearestRecord? {
        var best: NearestRecord?
        for record in registry.records where record.contributes && record.model == model {
            guard !record.calls.contains(where: { $0.create == .rejected || $0.task == .failedParam }) else { continue }
            for call in record.calls where call.endpoint == endpoint.id && call.create == .accepted {
                guard let request = call.request else { continue }
                let recorded = ShapeSignature(request, endpoint: endpoint)
                let onlyPayload = signature.tokens.subtracting(recorded.tokens).filter { token in
                    !recorded.wildcards.contains { token.hasPrefix("value:\($0)=") }
                }.sorted()
                // A partial record need not have sent everything it did send.
                let onlyRecord = record.requestKnown == .complete ? recorded.tokens.subtracting(signature.tokens).sorted() : []
                let candidate = NearestRecord(record: record.label ?? record.id, complete: record.requestKnown == .complete, onlyInPayload: onlyPayload, onlyInRecord: onlyRecord)
                if best == nil || candidate.distance < best!.distance { best = candidate }
            }
        }
        return best
    }

    /// The field and value references a signature uses.
    func references(_ signature: ShapeSignature, endpoint: String) -> [String] {
        signature.tokens.compactMap { token -> String? in
            if token.hasPrefix("key:") { return FieldReference(endpoint: endpoint, part: .body, path: String(token.dropFirst(4))).description }
            if token.hasPrefix("value:") { return FieldReference(endpoint: endpoint, part: .body, path: String(token.dropFirst(6))).description }
            return nil
        }.sorted()
    }

    /// The item an unknown-field or enum error is about.
    func namedReference(_ finding: Finding, object: JSONObject, endpoint: String) -> String? {
        switch finding.constraint {
        case "unknown":
            let generic = finding.path.replacingOccurrences(of: #"\[[0-9]+\]"#, with: "[]", options: .regularExpression)
            return FieldReference(endpoint: endpoint, part: .body, path: generic).description
        case "enum":
            guard let field = finding.reference?.components(separatedBy: "/").first, let value = Engine.value(at: finding.path, in: object) else { return nil }
            return field + "=" + JSONWriter(style: .compact).string(value)
        default:
            return nil
        }
    }

    /// An accepted record with the same shape: complete with an equal
    /// signature, or partial covering every key of the payload.
    func confirmingRecord(_ signature: ShapeSignature, endpoint: Endpoint, model: String?) -> (LiveRecord, Bool)? {
        for record in registry.records.reversed() where record.contributes && record.model == model {
            guard !record.calls.contains(where: { $0.create == .rejected || $0.task == .failedParam }) else { continue }
            for call in record.calls where call.endpoint == endpoint.id && call.create == .accepted {
                guard let request = call.request else { continue }
                let recorded = ShapeSignature(request, endpoint: endpoint)
                switch record.requestKnown {
                case .complete where signature.matches(recorded): return (record, false)
                case .partial where signature.isCovered(by: recorded): return (record, true)
                default: continue
                }
            }
        }
        return nil
    }

    /// Labels from weakest to strongest (docs/validation.md#validation-and-classification).
    static func rank(_ label: String) -> Int {
        if label.hasPrefix("live-rejected") { return 0 }
        if label.hasPrefix("hypothesis-only") || label.hasPrefix("live-conflict") || label.hasPrefix("not-evidenced") { return 1 }
        if label.hasPrefix("live-tolerated") { return 2 }
        if label.hasPrefix("live-contradicted") || (label.hasPrefix("doc-only") && label.contains("contested")) { return 3 }
        if label.hasPrefix("doc-only") { return 4 }
        return 5
    }

    static func weakest(_ labelled: [(String, String)]) -> [(reference: String, label: String)] {
        guard let lowest = labelled.map({ rank($0.1) }).min() else { return [] }
        return labelled.filter { rank($0.1) == lowest }.map { (reference: $0.0, label: $0.1) }
    }
}
