import KlingRegistry
import KlingRuntime

/// What `klingreg residuals` reports, as a type: the JSON output decodes back
/// into it, with unknown keys rejected, so a consumer can rely on its shape.
struct ResidualsReport: Equatable {
    struct Summary: Equatable {
        var open = 0
        var deferred = 0
        var closedByDoc = 0
        var closedByLive = 0
        var closedByNegativeFinding = 0
        var closedOutOfScope = 0
        var derivedOpen = 0
        var derivedClosed = 0
    }

    struct Item: Equatable {
        var id: String
        var kind: String
        var phase: String
        var state: String
        var classification: String
        var seed: String
        var refs: [String]
        var evidence: String
        var next: String
        var derived: Bool
    }

    var summary: Summary
    var items: [Item]

    init(summary: Summary, items: [Item]) {
        self.summary = summary
        self.items = items
    }

    init(registry: Registry, closeout: Closeout) {
        var summary = Summary()
        var items: [Item] = []
        for residual in registry.register.residuals {
            switch residual.state {
            case .open: summary.open += 1
            case .classifiedDeferred: summary.deferred += 1
            case .closedByDoc: summary.closedByDoc += 1
            case .closedByLive: summary.closedByLive += 1
            case .closedByNegativeFinding: summary.closedByNegativeFinding += 1
            case .closedOutOfScope: summary.closedOutOfScope += 1
            }
            items.append(Item(id: residual.id, kind: residual.kind.rawValue, phase: residual.phase, state: residual.state.rawValue, classification: residual.classification.rawValue, seed: residual.seed, refs: residual.refs.map(\.description) + residual.closes.map { "residual:\($0)" }, evidence: residual.evidence, next: residual.next, derived: false))
        }
        let closers = Dictionary(registry.register.residuals.flatMap { row in row.closes.map { ($0, row.id) } }, uniquingKeysWith: { first, _ in first })
        for derived in closeout.derived {
            let closer = closers[derived.id]
            if closer == nil { summary.derivedOpen += 1 } else { summary.derivedClosed += 1 }
            items.append(Item(id: derived.id, kind: "evidence", phase: "1", state: closer == nil ? "open" : "closed by \(closer!)", classification: "—", seed: derived.what, refs: derived.refs, evidence: derived.evidence, next: closer == nil ? derived.next : "—", derived: true))
        }
        self.init(summary: summary, items: items)
    }

    /// Items a strict scope fails on: `phase1` open evidence items; `phase3` also deferred verification.
    func failing(strict: String) -> [Item] {
        items.filter { item in
            if item.kind == "evidence" && item.state == "open" { return true }
            return strict == "phase3" && item.kind == "verification" && item.state == "classified-deferred"
        }
    }

    // MARK: - JSON

    func json() -> JSONValue {
        func number(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }
        let summary: [(key: String, value: JSONValue)] = [
            (key: "open", value: number(self.summary.open)), (key: "deferred", value: number(self.summary.deferred)),
            (key: "closedByDoc", value: number(self.summary.closedByDoc)), (key: "closedByLive", value: number(self.summary.closedByLive)),
            (key: "closedByNegativeFinding", value: number(self.summary.closedByNegativeFinding)), (key: "closedOutOfScope", value: number(self.summary.closedOutOfScope)),
            (key: "derivedOpen", value: number(self.summary.derivedOpen)), (key: "derivedClosed", value: number(self.summary.derivedClosed)),
        ]
        let items: [JSONValue] = self.items.map { item in
            .object(JSONObject([
                (key: "id", value: .string(item.id)), (key: "kind", value: .string(item.kind)), (key: "phase", value: .string(item.phase)),
                (key: "state", value: .string(item.state)), (key: "classification", value: .string(item.classification)), (key: "seed", value: .string(item.seed)),
                (key: "refs", value: .array(item.refs.map(JSONValue.string))), (key: "evidence", value: .string(item.evidence)),
                (key: "next", value: .string(item.next)), (key: "derived", value: .bool(item.derived)),
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
        let root = try object(json, ["summary", "items", "version"], "the report")
        guard try int(root["version"], "version") == ReportJSON.formatVersion else { throw DecodeError(message: "unknown report version") }
        let summaryKeys = ["open", "deferred", "closedByDoc", "closedByLive", "closedByNegativeFinding", "closedOutOfScope", "derivedOpen", "derivedClosed"]
        let s = try object(root["summary"], summaryKeys, "summary")
        let summary = Summary(open: try int(s["open"], "open"), deferred: try int(s["deferred"], "deferred"), closedByDoc: try int(s["closedByDoc"], "closedByDoc"), closedByLive: try int(s["closedByLive"], "closedByLive"), closedByNegativeFinding: try int(s["closedByNegativeFinding"], "closedByNegativeFinding"), closedOutOfScope: try int(s["closedOutOfScope"], "closedOutOfScope"), derivedOpen: try int(s["derivedOpen"], "derivedOpen"), derivedClosed: try int(s["derivedClosed"], "derivedClosed"))
        guard case .array(let rawItems)? = root["items"] else { throw DecodeError(message: "items is not an array") }
        var items: [Item] = []
        for raw in rawItems {
            let o = try object(raw, ["id", "kind", "phase", "state", "classification", "seed", "refs", "evidence", "next", "derived"], "an item")
            guard case .array(let refs)? = o["refs"], case .bool(let derived)? = o["derived"] else { throw DecodeError(message: "an item's refs or derived has the wrong type") }
            var refTexts: [String] = []
            for ref in refs { refTexts.append(try string(ref, "a ref")) }
            items.append(Item(id: try string(o["id"], "id"), kind: try string(o["kind"], "kind"), phase: try string(o["phase"], "phase"), state: try string(o["state"], "state"), classification: try string(o["classification"], "classification"), seed: try string(o["seed"], "seed"), refs: refTexts, evidence: try string(o["evidence"], "evidence"), next: try string(o["next"], "next"), derived: derived))
        }
        self.init(summary: summary, items: items)
    }
}
