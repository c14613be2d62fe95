import KlingRuntime

/// Every item's evidence vector, keyed by reference and model (docs/status-model.md#evidence-and-status):
/// the doc axis from sources, claims and contradictions; the live axis from
/// the records, latest per (reference, model); posture and findings from
/// the register.
package struct StatusIndex: Sendable {
    package enum Kind: String, Sendable {
        case field, value, constraint, rule, cell, claim
    }

    package struct Observation: Sendable, Hashable {
        package var live: EvidenceVector.Live
        package var record: String
        var sortKey: String
    }

    package struct Item: Sendable {
        package var reference: String
        package var kind: Kind
        package var doc: EvidenceVector.Doc
        package var endpoint: String?
        /// The decided live evidence per model key (`*` for unknown models).
        package var live: [String: Observation] = [:]
        /// Older records that disagree with the deciding one.
        package var olderDisagreements: [String: [Observation]] = [:]
    }

    package private(set) var items: [String: Item] = [:]
    /// Documented fields by reference, to give a value the doc admits (an
    /// int-string `"7"`) its field's evidence without listing every value.
    private var fields: [String: Field] = [:]
    private var contested: [String: [String]] = [:]
    private var contestedForModel: [String: [String: [String]]] = [:]
    private var outOfScope: [(matches: @Sendable (String, String?) -> Bool, reason: String)] = []
    private var notEvidenced: [(matches: @Sendable (String, String?) -> Bool, reason: String)] = []

    /// `recorded`: what the documented checks say of the recorded requests (the validation stage gives it).
    package init(registry: Registry, recorded: RecordedFindings) {
        collectDocItems(registry)
        collectContradictions(registry)
        collectLive(registry, recorded: recorded)
        collectStatus(registry)
    }

    // MARK: - Queries

    /// The vector for `reference` in the view of `model` (nil: the doc-level view, `*`).
    package func vector(_ reference: String, model: String? = nil) -> EvidenceVector? {
        guard let item = items[reference] ?? admittedValue(reference) else { return nil }
        var observation: Observation?
        var modelUnknown = false
        if let model, let exact = item.live[model] {
            observation = exact
        } else if let unknown = item.live["*"] {
            observation = unknown
            modelUnknown = model != nil
        }
        var contradictions = contested[reference] ?? []
        if let model { contradictions += contestedForModel[reference]?[model] ?? [] }
        var doc = item.doc
        if !contradictions.isEmpty, doc == .official { doc = .contested }
        let endpoint = item.endpoint
        return EvidenceVector(
            doc: doc,
            contradictions: contradictions.sorted(),
            live: observation?.live ?? .none,
            record: observation?.record,
            modelUnknown: modelUnknown,
            outOfScope: outOfScope.first { $0.matches(reference, endpoint) }?.reason,
            notEvidenced: notEvidenced.first { $0.matches(reference, endpoint) }?.reason
        )
    }

    /// Models for which `reference` is contested by a capability-cell contradiction.
    package func contestedModels(_ reference: String) -> [String] {
        (contestedForModel[reference]?.keys).map { Array($0).sorted() } ?? []
    }

    /// Models with live evidence for `reference`, sorted, `*` included.
    package func models(_ reference: String) -> [String] {
        (items[reference]?.live.keys).map { Array($0).sorted() } ?? []
    }

    /// The label of `reference` in the doc-level view (`*`) and for each model with live evidence.
    package func labels(_ reference: String) -> [(model: String, label: String)] {
        (["*"] + models(reference).filter { $0 != "*" }).compactMap { model in
            vector(reference, model: model == "*" ? nil : model).map { (model, $0.label.label) }
        }
    }

    /// One sorted line per item and model: the doc-level view, then each model with live evidence.
    package func snapshotLines() -> [String] {
        var lines: [String] = []
        for reference in items.keys {
            lines.append("\(reference) @* \(vector(reference)!.snapshotFields)")
            for model in models(reference) where model != "*" {
                lines.append("\(reference) @\(model) \(vector(reference, model: model)!.snapshotFields)")
            }
        }
        return lines.sorted()
    }

    private func admittedValue(_ reference: String) -> Item? {
        guard let equals = reference.firstIndex(of: "="), let field = fields[String(reference[..<equals])],
              let value = try? JSONReader(maxDepth: 4).parse(String(reference[reference.index(after: equals)...])),
              Self.admits(field, value), let base = items[String(reference[..<equals])] else { return nil }
        return Item(reference: reference, kind: .value, doc: base.doc, endpoint: base.endpoint)
    }

    // MARK: - Building

    private mutating func item(_ reference: String, _ kind: Kind, doc: EvidenceVector.Doc, endpoint: String?) {
        if var existing = items[reference] {
            // Official evidence outranks a third-party mention; a mention outranks nothing.
            if existing.doc == .none || (existing.doc == .thirdParty && doc == .official) { existing.doc = doc }
            items[reference] = existing
        } else {
            items[reference] = Item(reference: reference, kind: kind, doc: doc, endpoint: endpoint)
        }
    }

    static func valueReference(_ field: String, _ value: JSONValue) -> String {
        field + "=" + JSONWriter(style: .compact).string(value)
    }

    private mutating func collectDocItems(_ registry: Registry) {
        for endpoint in registry.endpoints {
            for field in endpoint.fields {
                let official = field.sources.contains { $0.hasPrefix("OFF-") } || field.pasted
                let doc: EvidenceVector.Doc = official ? .official : .none
                let reference = FieldReference(endpoint: endpoint.id, field).description
                item(reference, .field, doc: doc, endpoint: endpoint.id)
                fields[reference] = field
                for constraint in field.constraints where constraint.kind != .limit {
                    item("\(reference)/\(constraint.kind.rawValue)", .constraint, doc: doc, endpoint: endpoint.id)
                    if case .oneOf(let values) = constraint {
                        for value in values { item(Self.valueReference(reference, value), .value, doc: doc, endpoint: endpoint.id) }
                    }
                }
            }
            for rule in endpoint.rules {
                item("rule:\(rule.id)", .rule, doc: rule.sources.contains { $0.hasPrefix("OFF-") } ? .official : .none, endpoint: endpoint.id)
            }
        }
        for rule in registry.sharedRules {
            item("rule:\(rule.id)", .rule, doc: .official, endpoint: nil)
        }
        for cell in registry.capabilityCells {
            item(cell.reference.description, .cell, doc: .official, endpoint: nil)
        }
        // Third-party claims: the claim itself and what it names.
        for claim in registry.allClaims {
            item("claim:\(claim.id)", .claim, doc: .thirdParty, endpoint: nil)
            for reference in claim.refs {
                guard case .item(let target) = reference else { continue }
                let kind: Kind = target.value != nil ? .value : target.constraint != nil ? .constraint : .field
                item(target.withoutModel.description, kind, doc: .thirdParty, endpoint: target.endpoint)
            }
        }
        for claim in registry.register.claims {
            item("claim:\(claim.id)", .claim, doc: .none, endpoint: nil)
        }
    }

    private mutating func collectContradictions(_ registry: Registry) {
        for contradiction in registry.allContradictions {
            for reference in contradiction.refs {
                if case .item(let target) = reference, let model = target.model {
                    contestedForModel[target.withoutModel.description, default: [:]][model, default: []].append(contradiction.id)
                } else {
                    contested[reference.description, default: []].append(contradiction.id)
                }
            }
        }
    }

    private mutating func collectLive(_ registry: Registry, recorded: RecordedFindings) {
        var observations: [String: [String: [Observation]]] = [:]
        func observe(_ reference: String, _ model: String, _ live: EvidenceVector.Live, _ record: LiveRecord) {
            observations[reference, default: [:]][model, default: []].append(Observation(live: live, record: record.displayName, sortKey: record.sortKey))
        }
        for record in registry.records where record.contributes {
            let model = record.modelKey
            let rejecting = record.calls.contains { $0.create == .rejected || $0.task == .failedParam }
            if rejecting {
                for blame in record.blame {
                    switch blame {
                    case .item(let target):
                        let key = target.withoutModel.description
                        let kind: Kind = target.value != nil ? .value : target.constraint != nil ? .constraint : .field
                        item(key, kind, doc: .none, endpoint: target.endpoint)
                        observe(key, target.model ?? model, target.constraint != nil ? .enforced : .rejected, record)
                    case .rule(let id):
                        observe("rule:\(id)", model, .enforced, record)
                    default:
                        continue
                    }
                }
            } else {
                // A callback body the server sent is seen live just as an accepted request is.
                for (index, call) in record.calls.enumerated() where call.create == .accepted || (call.create == nil && registry.endpoint(call.endpoint)?.isCallback == true) {
                    guard let request = call.request, let endpoint = registry.endpoint(call.endpoint) else { continue }
                    walk(request, parent: "", endpoint: endpoint) { reference, kind, documented in
                        item(reference, kind, doc: documented ? .official : .none, endpoint: endpoint.id)
                        observe(reference, model, .accepted, record)
                    }
                    // A complete request the API accepted shows which documented checks it broke
                    // (read unsettled, so a rule a record settled as ignored still shows the run that broke it).
                    if let findings = recorded.findings(record, call: index) {
                        for finding in findings where finding.severity == .error || finding.severity == .warning {
                            if let rule = finding.rule {
                                observe("rule:\(rule)", model, .contradicted, record)
                            } else if let reference = finding.reference, finding.constraint != nil, items[reference] != nil {
                                observe(reference, model, .contradicted, record)
                            }
                        }
                    }
                }
            }
            for observation in record.claims {
                observe("claim:\(observation.claim)", model, observation.observed ? .accepted : .rejected, record)
            }
        }
        for (reference, byModel) in observations {
            guard items[reference] != nil else { continue }
            for (model, list) in byModel {
                let sorted = list.sorted { ($0.sortKey, $0.record) < ($1.sortKey, $1.record) }
                let latestKey = sorted.last!.sortKey
                let latest = sorted.filter { $0.sortKey == latestKey }
                var decided = latest.last!
                if Set(latest.map(\.live)).count > 1 { decided.live = .conflict }
                items[reference]!.live[model] = decided
                let older = sorted.filter { $0.sortKey != latestKey && $0.live != decided.live }
                if !older.isEmpty { items[reference]!.olderDisagreements[model] = older }
            }
        }
    }

    /// Every documented or observed key of a request, and the values of
    /// enumerable fields; `documented` says whether the doc admits the item.
    private func walk(_ object: JSONObject, parent: String, endpoint: Endpoint, _ visit: (String, Kind, Bool) -> Void) {
        for member in object.members {
            let path = parent.isEmpty ? member.key : parent + "." + member.key
            let reference = FieldReference(endpoint: endpoint.id, part: .body, path: path).description
            let field = endpoint.field(path, in: .body)
            let official = field?.sources.contains { $0.hasPrefix("OFF-") } ?? false
            visit(reference, .field, official)
            switch member.value {
            case .object(let inner):
                // `$unknown` and `$digest` stand for a value that was sent but not kept.
                if inner.keys.first?.hasPrefix("$") == true { continue }
                walk(inner, parent: path, endpoint: endpoint, visit)
            case .array(let items):
                for case .object(let inner) in items where inner.keys.first?.hasPrefix("$") != true {
                    walk(inner, parent: path + "[]", endpoint: endpoint, visit)
                }
            case .string, .number, .bool:
                let enumerable = field.map { $0.constraint(.enum) != nil || $0.constraint(.intString) != nil || $0.type == .boolean } ?? true
                if enumerable { visit(Self.valueReference(reference, member.value), .value, official && field.map { Self.admits($0, member.value) } == true) }
            case .null:
                break
            }
        }
    }

    /// Whether the doc lists or admits a value: its enum, its int-string range, its type.
    static func admits(_ field: Field, _ value: JSONValue) -> Bool {
        if case .oneOf(let values)? = field.constraint(.enum) { return values.contains(value) }
        if case .intString(let low, let high)? = field.constraint(.intString) {
            guard case .string(let text) = value, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text) else { return false }
            return number >= low && number <= high
        }
        switch (field.type, value) {
        case (.boolean, .bool), (.string, .string): return true
        case (.integer, .number(let number)), (.int64, .number(let number)): return number.isInteger
        case (.number, .number): return true
        default: return false
        }
    }

    private mutating func collectStatus(_ registry: Registry) {
        func matcher(_ target: StatusEntry.Target) -> @Sendable (String, String?) -> Bool {
            switch target {
            case .endpoint(let id):
                return { _, endpoint in endpoint == id }
            case .reference(let reference):
                let text = reference.description
                return { candidate, _ in
                    candidate == text || ["/", "=", ".", "[]"].contains { candidate.hasPrefix(text + $0) }
                }
            }
        }
        for entry in registry.register.status {
            if entry.outOfScope { outOfScope.append((matcher(entry.target), entry.reason)) }
            if entry.notEvidenced { notEvidenced.append((matcher(entry.target), entry.reason)) }
        }
        for route in registry.register.routes where route.posture == "legacy" {
            outOfScope.append((matcher(.endpoint(route.endpoint)), "legacy route (\(route.id))"))
        }
    }
}
