import KlingRegistry
import KlingRuntime

/// The report is the product: computed from the registry and the status index, never typed.
struct CoverageReport {
    let registry: Registry
    let index: StatusIndex

    /// Field and value items of an endpoint (the report's rows), sorted.
    func rows(_ endpoint: String) -> [StatusIndex.Item] {
        index.items.values.filter { $0.endpoint == endpoint && ($0.kind == .field || $0.kind == .value) }.sorted { $0.reference < $1.reference }
    }

    /// Label counts per endpoint (doc-level view plus every model with live evidence).
    func labelCounts(_ endpoint: String) -> [(String, Int)] {
        var counts: [String: Int] = [:]
        for item in rows(endpoint) {
            let models = ["*"] + index.models(item.reference).filter { $0 != "*" }
            // One count per item: its best view (a model with live evidence if any).
            let vectors = models.compactMap { index.vector(item.reference, model: $0 == "*" ? nil : $0) }
            // A conflict or contradiction under any model, and an out-of-scope posture, have columns of
            // their own: neither may be summarised as confirmed.
            if vectors.contains(where: { $0.live == .conflict || $0.live == .contradicted }) {
                counts["live-conflict", default: 0] += 1
            } else if vectors.contains(where: { $0.outOfScope != nil }) {
                counts["out-of-scope", default: 0] += 1
            } else {
                counts[vectors.max { rank($0) < rank($1) }?.label.coarse ?? "none", default: 0] += 1
            }
        }
        return counts.sorted { $0.key < $1.key }
    }

    private func rank(_ vector: EvidenceVector) -> Int {
        switch vector.label.coarse {
        case "live-confirmed": return 4
        case "doc-confirmed": return 3
        case "live-rejected": return 2
        default: return 1
        }
    }

    /// Values the records show that the field's enum does not list.
    func observedValues() -> [(field: String, documented: [String], observed: [(String, String)])] {
        var result: [(String, [String], [(String, String)])] = []
        for endpoint in registry.endpoints {
            for field in endpoint.fields where field.part == .body {
                let reference = FieldReference(endpoint: endpoint.id, part: .body, path: field.path).description
                let documented: [String] = {
                    if case .oneOf(let values)? = field.constraint(.enum) { return values.map { JSONWriter(style: .compact).string($0) } }
                    return []
                }()
                let observed = index.items.values
                    .filter { $0.kind == .value && $0.reference.hasPrefix(reference + "=") && !index.models($0.reference).isEmpty }
                    .map { item -> (String, String) in
                        let value = String(item.reference.dropFirst(reference.count + 1))
                        let model = index.models(item.reference).first { $0 != "*" } ?? "*"
                        return (value, index.vector(item.reference, model: model == "*" ? nil : model)!.label.label)
                    }
                    .filter { !documented.contains($0.0) && ![.official, .contested].contains(index.vector(reference + "=" + $0.0)?.doc ?? .none) }
                    .sorted { $0.0 < $1.0 }
                if !observed.isEmpty { result.append((reference, documented, observed)) }
            }
        }
        return result
    }

    /// Items with live evidence, per model.
    func liveCoverage() -> [(model: String, items: Int, records: Int)] {
        var items: [String: Int] = [:]
        for item in index.items.values { for model in item.live.keys { items[model, default: 0] += 1 } }
        var records: [String: Int] = [:]
        for record in registry.records { records[record.modelKey, default: 0] += 1 }
        return items.keys.sorted().map { ($0, items[$0]!, records[$0] ?? 0) }
    }

    /// Official items the live runs disagree with, same-date conflicts, and older records that disagree.
    /// Where the doc and the live runs, or two records, disagree.
    struct Disagreement {
        var item: String
        var model: String
        /// `live-conflict`, `doc-live` or `older-record`.
        var kind: String
        var label: String
        var record: String?
        var detail: String

        var line: String { "\(item) @\(model): \(detail)" }

        var json: JSONValue {
            .object(JSONObject([
                (key: "item", value: .string(item)), (key: "model", value: .string(model)), (key: "kind", value: .string(kind)),
                (key: "label", value: .string(label)), (key: "record", value: record.map(JSONValue.string) ?? .null), (key: "detail", value: .string(detail)),
            ]))
        }
    }

    func disagreements() -> [Disagreement] {
        var found: [Disagreement] = []
        for item in index.items.values.sorted(by: { $0.reference < $1.reference }) {
            for model in item.live.keys.sorted() {
                let vector = index.vector(item.reference, model: model == "*" ? nil : model)!
                if vector.live == .conflict {
                    found.append(Disagreement(item: item.reference, model: model, kind: "live-conflict", label: vector.label.label, record: vector.record, detail: "live-conflict (records of the same date disagree)"))
                } else if (vector.doc == .official || vector.doc == .contested) && (vector.live == .rejected || vector.live == .contradicted) {
                    found.append(Disagreement(item: item.reference, model: model, kind: "doc-live", label: vector.label.label, record: vector.record, detail: "\(vector.label.label) by \(vector.record ?? "an unnamed record")"))
                }
                for older in item.olderDisagreements[model] ?? [] {
                    found.append(Disagreement(item: item.reference, model: model, kind: "older-record", label: vector.label.label, record: older.record, detail: "older record \(older.record) says \(older.live.rawValue), the latest says \(vector.live.rawValue)"))
                }
            }
        }
        return found
    }

    /// Each route with the label its records give it (the TODO's provisional vs safely reusable).
    func routes() -> [(route: Route, label: String, records: [String])] {
        registry.register.routes.map { route in
            let matching = registry.records.filter { record in
                record.contributes && record.calls.contains { $0.endpoint == route.endpoint && $0.create == .accepted } && (route.model == nil || record.model == route.model) && RouteShape.matches(route, record)
            }
            let label: String
            if route.posture == "legacy" {
                label = "out-of-scope (legacy)"
            } else if matching.isEmpty {
                label = route.posture == "provisional" ? "provisional: no accepted record" : "doc-only: no accepted record"
            } else {
                label = "live-confirmed"
            }
            return (route, label, matching.map(\.displayName))
        }
    }

    func render(format: OutputFormat) -> String {
        switch format {
        case .json:
            let endpoints: [JSONValue] = registry.endpoints.map { endpoint in
                .object(JSONObject([(key: "id", value: .string(endpoint.id)), (key: "labels", value: .object(JSONObject(labelCounts(endpoint.id).map { (key: $0.0, value: .number(JSONNumber($0.1))) })))]))
            }
            let observed: [JSONValue] = observedValues().map { entry in
                .object(JSONObject([
                    (key: "field", value: .string(entry.field)),
                    (key: "documented", value: .array(entry.documented.map(JSONValue.string))),
                    (key: "observed", value: .array(entry.observed.map { .object(JSONObject([(key: "value", value: .string($0.0)), (key: "label", value: .string($0.1))])) })),
                ]))
            }
            let coverage: [JSONValue] = liveCoverage().map { entry in
                .object(JSONObject([(key: "model", value: .string(entry.model)), (key: "items", value: .number(JSONNumber(entry.items))), (key: "records", value: .number(JSONNumber(entry.records)))]))
            }
            let routes: [JSONValue] = routes().map { entry in
                .object(JSONObject([(key: "id", value: .string(entry.route.id)), (key: "endpoint", value: .string(entry.route.endpoint)), (key: "label", value: .string(entry.label)), (key: "records", value: .array(entry.records.map(JSONValue.string)))]))
            }
            let catalogue: JSONValue = registry.catalogue.map { entries in
                .array(entries.map { entry in
                    let state = registry.catalogueState(entry)
                    let reason: JSONValue = state.reason.map(JSONValue.string) ?? .null
                    return .object(JSONObject([(key: "id", value: .string(entry.id)), (key: "method", value: .string(entry.method)), (key: "path", value: .string(entry.path)), (key: "texts", value: .array(entry.texts.map(JSONValue.string))), (key: "state", value: .string(state.word)), (key: "reason", value: reason)]))
                })
            } ?? .null
            return ReportJSON.render([("endpoints", .array(endpoints)), ("catalogue", catalogue), ("observedValues", .array(observed)), ("liveCoverage", .array(coverage)), ("disagreements", .array(disagreements().map(\.json))), ("routes", .array(routes))])
        // github and sarif are not among this command's --format values, so they cannot arrive here.
        case .text, .markdown, .github, .sarif:
            let md = format == .markdown
            var text = md ? "# Evidence coverage\n\n## Endpoints × labels\n\n| Endpoint | Labels |\n|---|---|\n" : "Endpoints × labels\n"
            for endpoint in registry.endpoints {
                let labels = labelCounts(endpoint.id).map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                text += md ? "| \(endpoint.id) | \(labels) |\n" : "  \(endpoint.id): \(labels)\n"
            }
            text += catalogueText(markdown: md)
            text += md ? "\n## Observed values beside the documented enums\n\n" : "\nObserved values beside the documented enums\n"
            for entry in observedValues() {
                let observed = entry.observed.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
                text += (md ? "- `\(entry.field)`: " : "  \(entry.field): ") + "documented \(entry.documented.joined(separator: ", ")); observed \(observed)\n"
            }
            text += md ? "\n## Live coverage per model\n\n" : "\nLive coverage per model\n"
            for entry in liveCoverage() {
                text += (md ? "- " : "  ") + "\(entry.model): \(entry.items) items from \(entry.records) record\(entry.records == 1 ? "" : "s")\n"
            }
            text += md ? "\n## Disagreements and conflicts\n\n" : "\nDisagreements and conflicts\n"
            let problems = disagreements()
            text += problems.isEmpty ? (md ? "none\n" : "  none\n") : problems.map { (md ? "- " : "  ") + $0.line + "\n" }.joined()
            text += md ? "\n## Routes\n\n| Route | Endpoint | Model | Input shape | Posture | Label | Records |\n|---|---|---|---|---|---|---|\n" : "\nRoutes\n"
            for entry in routes() {
                let route = entry.route
                text += md
                    ? "| \(route.id) | \(route.endpoint) | \(route.model ?? "—") | \(route.inputShape) | \(route.posture) | \(entry.label) | \(entry.records.joined(separator: ", ")) |\n"
                    : "  \(route.id) \(route.endpoint) \(route.model ?? "—") [\(route.inputShape)] \(route.posture): \(entry.label)\(entry.records.isEmpty ? "" : " — " + entry.records.joined(separator: ", "))\n"
            }
            return text
        }
    }

    /// Every official operation with its state; without a catalogue, says that "not used" and "not known" cannot be told apart.
    func catalogueText(markdown md: Bool) -> String {
        guard let entries = registry.catalogue else {
            return md ? "\n## Catalogue\n\nno evidence/catalogue.md: an operation left out cannot be told from one not known\n" : "\nCatalogue\n  no evidence/catalogue.md: an operation left out cannot be told from one not known\n"
        }
        let states = entries.map { ($0, registry.catalogueState($0)) }
        let counts = Dictionary(grouping: states, by: { $0.1.word }).map { "\($0.key) \($0.value.count)" }.sorted().joined(separator: ", ")
        var text = md ? "\n## Catalogue (\(entries.count) official operations: \(counts))\n\n| Operation | Method | Path | Texts | State | Reason |\n|---|---|---|---|---|---|\n" : "\nCatalogue: \(entries.count) official operations (\(counts))\n"
        for (entry, state) in states {
            let reason = state.reason ?? ""
            text += md
                ? "| \(entry.id) | \(entry.method) | `\(entry.path)` | \(entry.texts.joined(separator: ", ")) | \(state.word) | \(reason) |\n"
                : "  \(entry.id) \(entry.method) \(entry.path) [\(entry.texts.joined(separator: ", "))]: \(state.word)\(reason.isEmpty ? "" : " — " + reason)\n"
        }
        return text
    }

    /// Every field and value of one endpoint with its label, doc-level and per model.
    func render(endpoint: String, format: OutputFormat) -> String {
        var entries: [(String, String, String)] = []
        for item in rows(endpoint) {
            let body = String(item.reference.dropFirst(endpoint.count + 1))
            entries.append((body, "*", index.vector(item.reference)!.displayLabel))
            for model in index.models(item.reference) where model != "*" {
                entries.append((body, model, index.vector(item.reference, model: model)!.displayLabel))
            }
        }
        switch format {
        case .json:
            let items: [JSONValue] = entries.map { .object(JSONObject([(key: "item", value: .string($0.0)), (key: "model", value: .string($0.1)), (key: "label", value: .string($0.2))])) }
            return ReportJSON.render([("endpoint", .string(endpoint)), ("items", .array(items))])
        case .markdown:
            return "# \(endpoint)\n\n| Item | Model | Label |\n|---|---|---|\n" + entries.map { "| `\($0.0)` | \($0.1) | \($0.2) |\n" }.joined()
        // github and sarif are not among this command's --format values, so they cannot arrive here.
        case .text, .github, .sarif:
            return entries.map { "\($0.0)@\($0.1)  \($0.2)\n" }.joined()
        }
    }
}

/// Whether a record's accepted create has a route's input shape.
enum RouteShape {
    static func matches(_ route: Route, _ record: LiveRecord) -> Bool {
        guard let request = record.calls.first(where: { $0.endpoint == route.endpoint && $0.create == .accepted })?.request else { return false }
        let words = Set(route.inputShape.split(separator: " ").map(String.init))
        if words.contains("video_list") { return request["video_list"] != nil }
        if words.contains("element_list") { return request["element_list"] != nil }
        if words.contains("image_list") {
            guard case .array(let images)? = request["image_list"], !images.isEmpty else { return false }
            let framed = images.contains { $0["type"] == .string("first_frame") }
            return words.contains("first_frame") ? framed : !framed
        }
        if words.contains("image") { return request["image"] != nil }
        if words.contains("text") { return request["image"] == nil && request["image_list"] == nil }
        return true
    }
}
