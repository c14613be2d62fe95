import KlingRegistry
import KlingRuntime

/// What `klingreg residuals` reports, as a type: the JSON output decodes back
/// into it, with unknown keys rejected, so a consumer can rely on its shape.
/// Items are a to-do list: each has the kind of its next action, and whether
/// it touches a production route, which ranks it.
struct ResidualsReport: Equatable {
    /// The kind of the next action, in the order the report lists them.
    enum Action: String, CaseIterable, Equatable {
        /// An official text would settle it.
        case cite = "cite-official-text"
        /// The user decides: scope, prompting, pipeline code, a rule to keep or drop.
        case decide = "user-decision"
        /// A create the API refuses before billing settles it, at no cost.
        case freeCheck = "free-check"
        /// Only a billable create settles it, and only with approval.
        case billableCreate = "approval-gated-create"
        /// A check `preflight` enforces on every plan: standing, never "open".
        case guardrail = "standing-guardrail"

        var heading: String {
            switch self {
            case .cite: return "Cite an official text"
            case .decide: return "A decision of yours"
            case .freeCheck: return "A free check (a create the API refuses before billing)"
            case .billableCreate: return "An approval-gated billable create"
            case .guardrail: return "Standing guardrails, enforced by preflight on every plan"
            }
        }
    }

    struct Summary: Equatable {
        var open = 0
        var deferred = 0
        var closedByDoc = 0
        var closedByLive = 0
        var closedByNegativeFinding = 0
        var closedOutOfScope = 0
        var derivedOpen = 0
        var derivedClosed = 0
        var guardrails = 0
    }

    /// The single create that would settle a verification item, and what it may cost.
    struct NextCreate: Equatable {
        var endpoint: String
        var model: String
        var mode: String
        var duration: String
        var fields: [String]
        /// Units the costliest billing line of the model and mode gives for that duration; nil when none exists.
        var worstCaseUnits: Double?
    }

    struct Item: Equatable {
        var id: String
        /// The id to cite: the short `D-xxxxxx` of a derived item, else the id.
        var cite: String
        var kind: String
        var phase: String
        var state: String
        var classification: String?
        var seed: String
        var refs: [String]
        var evidence: String?
        var next: String?
        var derived: Bool
        var action: Action
        var production: Bool
        var family: String?
        var nextCreate: NextCreate?

        var isOpen: Bool { state == "open" }
    }

    var summary: Summary
    var items: [Item]

    init(summary: Summary, items: [Item]) {
        self.summary = summary
        self.items = items
    }

    init(registry: Registry, closeout: Closeout) {
        let productionEndpoints = Set(registry.register.routes.filter { $0.posture == "production" }.map(\.endpoint))
        func touchesProduction(_ refs: [String]) -> Bool {
            refs.contains { ref in productionEndpoints.contains { ref.hasPrefix(FieldReference.prefix(endpoint: $0)) || ref == $0 } }
        }
        var items: [Item] = []
        for residual in registry.register.residuals {
            let refs = residual.refs.map(\.description) + residual.closes.map { "residual:\($0)" }
            let action: Action
            switch residual.kind {
            case .evidence: action = .cite
            case .prompting, .pipelineCode: action = .decide
            case .perCreateCheck: action = .guardrail
            case .verification: action = .billableCreate
            }
            var item = Item(
                id: residual.id, cite: residual.id, kind: residual.kind.rawValue, phase: residual.phase, state: residual.state.rawValue,
                classification: residual.classification.rawValue == "—" ? nil : residual.classification.rawValue, seed: residual.seed, refs: refs,
                evidence: residual.evidence.isEmpty || residual.evidence == "—" ? nil : residual.evidence,
                next: residual.next.isEmpty || residual.next == "—" ? nil : residual.next, derived: false, action: action,
                production: touchesProduction(refs), family: nil, nextCreate: nil
            )
            if action == .billableCreate { item.nextCreate = Self.nextCreate(refs, registry: registry) }
            items.append(item)
        }
        let closers = Dictionary(registry.register.residuals.flatMap { row in row.closes.map { ($0, row.id) } }, uniquingKeysWith: { first, _ in first })
        for derived in closeout.derived {
            let closer = closers[derived.id] ?? closers[derived.shortID]
            let action: Action
            switch derived.family {
            case "vacuous", "notexpr": action = .decide
            // The API refused it: asking again is refused before billing, so it costs nothing.
            case "doclive" where derived.what.contains("live-rejected"): action = .freeCheck
            // A refusal costs nothing, but an ignored part is billed: worst case, billable.
            case "conflict", "doclive", "older", "semantics": action = .billableCreate
            default: action = .cite
            }
            let state = closer.map { "closed by \($0)" } ?? (derived.outOfScope != nil ? Residual.State.closedOutOfScope.rawValue : "open")
            items.append(Item(
                id: derived.id, cite: derived.shortID, kind: "evidence", phase: "1", state: state,
                classification: nil, seed: derived.what, refs: derived.refs, evidence: derived.evidence.isEmpty ? nil : derived.evidence,
                next: state == "open" ? "\(derived.next); then cite `residual:\(derived.shortID)` in the Refs of a row of register/residuals.md that closes it" : closer == nil ? derived.outOfScope.map { "out of scope: \($0)" } : nil,
                derived: true, action: action, production: touchesProduction(derived.refs), family: derived.family, nextCreate: nil
            ))
        }
        self.init(summary: Self.summarize(items), items: Self.ranked(items))
    }

    static func summarize(_ items: [Item]) -> Summary {
        var summary = Summary()
        for item in items {
            if item.action == .guardrail { summary.guardrails += 1; continue }
            if item.derived {
                if item.isOpen { summary.derivedOpen += 1 } else { summary.derivedClosed += 1 }
                continue
            }
            switch item.state {
            case "open": summary.open += 1
            case "classified-deferred": summary.deferred += 1
            case "closed-by-doc": summary.closedByDoc += 1
            case "closed-by-live": summary.closedByLive += 1
            case "closed-by-negative-finding": summary.closedByNegativeFinding += 1
            default: summary.closedOutOfScope += 1
            }
        }
        return summary
    }

    /// Action kind first, then items touching a production route, then ids in natural order.
    static func ranked(_ items: [Item]) -> [Item] {
        let order = Dictionary(uniqueKeysWithValues: Action.allCases.enumerated().map { ($1, $0) })
        return items.sorted { a, b in
            if a.action != b.action { return order[a.action]! < order[b.action]! }
            if a.production != b.production { return a.production }
            return SchemaDiff.naturalOrder(a.id, b.id)
        }
    }

    /// Keeps the items the filters name; the summary is recounted from what is left.
    func filtered(state: String?, kind: String?, all: Bool) -> ResidualsReport {
        let kept = items.filter { item in
            if let kind, item.kind != kind { return false }
            if let state { return state == "closed" ? item.state.hasPrefix("closed") : item.state == state }
            // By default: what is still to do, and the standing guardrails apart.
            return all || item.isOpen || item.action == .guardrail
        }
        // Filters recount the summary; the default view lists open items under the whole summary.
        return ResidualsReport(summary: state == nil && kind == nil ? summary : Self.summarize(kept), items: kept)
    }

    /// Items a strict scope fails on, by the TODO's phases: `phase1` every open phase-1 item;
    /// `phase3` every open or deferred item of phases 1 to 3. Standing guardrails never fail it.
    func failing(strict: String) -> [Item] {
        let phases: Set<String> = strict == "phase1" ? ["1"] : ["1", "2", "3"]
        return items.filter { item in
            guard item.action != .guardrail, phases.contains(item.phase) else { return false }
            return item.isOpen || (strict == "phase3" && item.state == "classified-deferred")
        }
    }

    /// The smallest create that exercises the item's refs: the first create endpoint they name,
    /// its production model (or the model they name), `std`, the shortest allowed duration.
    static func nextCreate(_ cited: [String], registry: Registry) -> NextCreate? {
        // A claim stands for the items it names; a route for its endpoint and model.
        var refs: [String] = []
        var routeModel: String?
        for ref in cited {
            if ref.hasPrefix("claim:"), let claim = registry.register.claims.first(where: { "claim:\($0.id)" == ref }) {
                refs += claim.refs.map(\.description)
            } else if ref.hasPrefix("policy:"), let route = registry.register.routes.first(where: { "policy:\($0.id)" == ref }) {
                refs.append(route.endpoint)
                routeModel = routeModel ?? route.model
            } else {
                refs.append(ref)
            }
        }
        guard let endpointID = refs.lazy.compactMap({ ref -> String? in
            let id = String(ref.prefix { $0 != "#" })
            return id.hasSuffix(".create") && registry.endpoint(id) != nil ? id : nil
        }).first, let endpoint = registry.endpoint(endpointID) else { return nil }
        let route = registry.register.routes.first { $0.endpoint == endpointID && $0.posture == "production" && $0.model != nil }
        let model = routeModel ?? route?.model ?? {
            if case .value(.string(let name))? = endpoint.field("model_name", in: .body)?.defaultValue { return name }
            return "unknown"
        }()
        var duration = "5"
        if let field = endpoint.field("duration", in: .body) {
            for constraint in field.constraints {
                if case .intString(let low, _) = constraint { duration = String(max(low, 5)) }
                if case .oneOf(let values) = constraint, let shortest = values.compactMap({ $0.stringValue.flatMap(Int.init) }).min() { duration = String(shortest) }
            }
        }
        // `path` or `path=value`, as the refs name them.
        var fields: [String] = []
        let body = FieldReference.prefix(endpoint: endpointID, part: .body)
        for ref in refs where ref.hasPrefix(body) {
            let item = String(ref.dropFirst(body.count).prefix { $0 != "@" && $0 != "/" })
            if !fields.contains(item) { fields.append(item) }
        }
        let rates = registry.billing.filter { $0.endpoint == endpointID && $0.model == model && $0.mode == "std" && $0.per == "duration" }.map(\.units.value)
        let worst = rates.max().flatMap { rate in Double(duration).map { rate * $0 } }
        return NextCreate(endpoint: endpointID, model: model, mode: "std", duration: duration, fields: fields, worstCaseUnits: worst)
    }

    // MARK: - JSON

    func json() -> JSONValue {
        func number(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        let summary: [(key: String, value: JSONValue)] = [
            (key: "open", value: number(self.summary.open)), (key: "deferred", value: number(self.summary.deferred)),
            (key: "closedByDoc", value: number(self.summary.closedByDoc)), (key: "closedByLive", value: number(self.summary.closedByLive)),
            (key: "closedByNegativeFinding", value: number(self.summary.closedByNegativeFinding)), (key: "closedOutOfScope", value: number(self.summary.closedOutOfScope)),
            (key: "derivedOpen", value: number(self.summary.derivedOpen)), (key: "derivedClosed", value: number(self.summary.derivedClosed)),
            (key: "guardrails", value: number(self.summary.guardrails)),
        ]
        let items: [JSONValue] = self.items.map { item in
            let create: JSONValue = item.nextCreate.map { create in
                .object(JSONObject([
                    (key: "endpoint", value: .string(create.endpoint)), (key: "model", value: .string(create.model)), (key: "mode", value: .string(create.mode)),
                    (key: "duration", value: .string(create.duration)), (key: "fields", value: .array(create.fields.map(JSONValue.string))),
                    (key: "worstCaseUnits", value: create.worstCaseUnits.map { .number(JSONNumber(lexeme: Preflight.format($0))) } ?? .null),
                ]))
            } ?? .null
            return .object(JSONObject([
                (key: "id", value: .string(item.id)), (key: "cite", value: .string(item.cite)), (key: "kind", value: .string(item.kind)), (key: "phase", value: .string(item.phase)),
                (key: "state", value: .string(item.state)), (key: "classification", value: optional(item.classification)), (key: "seed", value: .string(item.seed)),
                (key: "refs", value: .array(item.refs.map(JSONValue.string))), (key: "evidence", value: optional(item.evidence)),
                (key: "next", value: optional(item.next)), (key: "derived", value: .bool(item.derived)), (key: "action", value: .string(item.action.rawValue)),
                (key: "production", value: .bool(item.production)), (key: "family", value: optional(item.family)), (key: "nextCreate", value: create),
            ]))
        }
        return .object(JSONObject([(key: "summary", value: .object(JSONObject(summary))), (key: "items", value: .array(items)), (key: "version", value: number(ReportJSON.formatVersion))]))
    }

    struct DecodeError: Error, Equatable { var message: String }

    /// Decodes `residuals --format json`; an unknown or missing key is an error.
    init(json: JSONValue) throws(DecodeError) {
        func object(_ value: JSONValue?, _ keys: [String], _ what: String) throws(DecodeError) -> JSONObject {
            guard case .object(let object)? = value else { throw DecodeError(message: "\(what) is not an object") }
            for key in object.keys where !keys.contains(key) { throw DecodeError(message: "unknown key \"\(key)\" in \(what)") }
            for key in keys where object[key] == nil { throw DecodeError(message: "missing key \"\(key)\" in \(what)") }
            return object
        }
        func int(_ value: JSONValue?, _ what: String) throws(DecodeError) -> Int {
            guard case .number(let number)? = value, let int = number.int64Value else { throw DecodeError(message: "\(what) is not an integer") }
            return Int(int)
        }
        func string(_ value: JSONValue?, _ what: String) throws(DecodeError) -> String {
            guard case .string(let text)? = value else { throw DecodeError(message: "\(what) is not a string") }
            return text
        }
        func optionalString(_ value: JSONValue?, _ what: String) throws(DecodeError) -> String? {
            if value == .null { return nil }
            return try string(value, what)
        }
        func bool(_ value: JSONValue?, _ what: String) throws(DecodeError) -> Bool {
            guard case .bool(let flag)? = value else { throw DecodeError(message: "\(what) is not a boolean") }
            return flag
        }
        func strings(_ value: JSONValue?, _ what: String) throws(DecodeError) -> [String] {
            guard case .array(let items)? = value else { throw DecodeError(message: "\(what) is not an array") }
            var texts: [String] = []
            for item in items { texts.append(try string(item, what)) }
            return texts
        }
        let root = try object(json, ["summary", "items", "version"], "the report")
        guard try int(root["version"], "version") == ReportJSON.formatVersion else { throw DecodeError(message: "unknown report version") }
        let summaryKeys = ["open", "deferred", "closedByDoc", "closedByLive", "closedByNegativeFinding", "closedOutOfScope", "derivedOpen", "derivedClosed", "guardrails"]
        let s = try object(root["summary"], summaryKeys, "summary")
        let summary = Summary(
            open: try int(s["open"], "open"), deferred: try int(s["deferred"], "deferred"), closedByDoc: try int(s["closedByDoc"], "closedByDoc"),
            closedByLive: try int(s["closedByLive"], "closedByLive"), closedByNegativeFinding: try int(s["closedByNegativeFinding"], "closedByNegativeFinding"),
            closedOutOfScope: try int(s["closedOutOfScope"], "closedOutOfScope"), derivedOpen: try int(s["derivedOpen"], "derivedOpen"),
            derivedClosed: try int(s["derivedClosed"], "derivedClosed"), guardrails: try int(s["guardrails"], "guardrails")
        )
        guard case .array(let rawItems)? = root["items"] else { throw DecodeError(message: "items is not an array") }
        var items: [Item] = []
        for raw in rawItems {
            let o = try object(raw, ["id", "cite", "kind", "phase", "state", "classification", "seed", "refs", "evidence", "next", "derived", "action", "production", "family", "nextCreate"], "an item")
            guard let action = Action(rawValue: try string(o["action"], "action")) else { throw DecodeError(message: "unknown action") }
            var create: NextCreate?
            if o["nextCreate"] != .null {
                let c = try object(o["nextCreate"], ["endpoint", "model", "mode", "duration", "fields", "worstCaseUnits"], "nextCreate")
                var units: Double?
                if c["worstCaseUnits"] != .null {
                    guard case .number(let number)? = c["worstCaseUnits"], let value = number.doubleValue else { throw DecodeError(message: "worstCaseUnits is not a number") }
                    units = value
                }
                create = NextCreate(endpoint: try string(c["endpoint"], "endpoint"), model: try string(c["model"], "model"), mode: try string(c["mode"], "mode"), duration: try string(c["duration"], "duration"), fields: try strings(c["fields"], "fields"), worstCaseUnits: units)
            }
            items.append(Item(
                id: try string(o["id"], "id"), cite: try string(o["cite"], "cite"), kind: try string(o["kind"], "kind"), phase: try string(o["phase"], "phase"),
                state: try string(o["state"], "state"), classification: try optionalString(o["classification"], "classification"), seed: try string(o["seed"], "seed"),
                refs: try strings(o["refs"], "refs"), evidence: try optionalString(o["evidence"], "evidence"), next: try optionalString(o["next"], "next"),
                derived: try bool(o["derived"], "derived"), action: action, production: try bool(o["production"], "production"),
                family: try optionalString(o["family"], "family"), nextCreate: create
            ))
        }
        self.init(summary: summary, items: items)
    }
}
