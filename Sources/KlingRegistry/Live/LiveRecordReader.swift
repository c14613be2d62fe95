import KlingRuntime

/// Reads `evidence/live/*.json` strictly: every key known, every value of its
/// kind, every reference resolvable; problems at `file:line:col`.
struct LiveRecordReader {
    let file: String
    let bytes: [UInt8]
    /// Dates after this day are refused: a record cannot come from the future.
    var today = CalendarDay.utcToday()

    static let recordKeys = ["id", "label", "purpose", "observed", "model", "request_known", "calls", "blame", "claims", "notes"]
    static let callKeys = ["endpoint", "request", "response", "create", "task"]
    static let claimKeys = ["claim", "observed", "note"]

    func read(sink: inout DiagnosticSink) -> LiveRecord? {
        let parsed: (value: JSONValue, positions: [String: SourcePosition])
        do {
            parsed = try JSONReader().parseWithPositions(bytes)
        } catch {
            sink.error(error.message, at: error.position)
            return nil
        }
        let positions = parsed.positions
        func at(_ path: String) -> SourcePosition { positions[path] ?? SourcePosition(line: 1, column: 1) }
        guard case .object(let object) = parsed.value else {
            sink.error("a live record is a JSON object", line: 1, column: 1)
            return nil
        }
        var ok = SecretScanner.report(parsed.value, positions: positions, sink: &sink)
        func fail(_ message: String, _ path: String) {
            sink.error(message, at: at(path))
            ok = false
        }
        for key in object.keys where !Self.recordKeys.contains(key) {
            var message = "unknown key \"\(key)\""
            if let near = Suggestion.closest(to: key, among: Self.recordKeys) { message += "; did you mean \"\(near)\"?" }
            fail(message, key)
        }
        func string(_ key: String, in object: JSONObject, path: String, optional: Bool = false) -> String? {
            switch object[key] {
            case .string(let text)?: return text
            case .null? where optional: return nil
            case nil where optional: return nil
            case nil: fail("missing \"\(key)\"", path); return nil
            default: fail("\"\(key)\" must be a string\(optional ? " or null" : "")", JSONPath.appending(path, key: key)); return nil
            }
        }
        let id = string("id", in: object, path: "") ?? ""
        let expectedName = id + ".json"
        if !id.isEmpty, !file.hasSuffix("/" + expectedName) {
            fail("the file of record \"\(id)\" must be named \(expectedName)", "id")
        }
        let label = string("label", in: object, path: "", optional: true)
        let purpose = string("purpose", in: object, path: "") ?? ""
        let observed = string("observed", in: object, path: "") ?? ""
        let date = observed.hasPrefix("<") ? String(observed.dropFirst()) : observed
        if !observed.isEmpty, !EndpointFileReader.isDate(date) {
            fail("observed must be a UTC date YYYY-MM-DD or a bound <YYYY-MM-DD", "observed")
        } else if !observed.isEmpty, let day = CalendarDay(date) {
            if day > today { fail("observed \(date) is after today (\(today)): a record cannot come from the future", "observed") }
        } else if !observed.isEmpty {
            fail("observed \(date) is not a calendar date", "observed")
        }
        let model = string("model", in: object, path: "", optional: true)
        let knownText = string("request_known", in: object, path: "") ?? ""
        let requestKnown = LiveRecord.RequestKnown(rawValue: knownText)
        if requestKnown == nil, !knownText.isEmpty { fail("request_known must be complete or partial", "request_known") }
        let notes = string("notes", in: object, path: "") ?? ""

        var calls: [LiveRecord.Call] = []
        if case .array(let items)? = object["calls"], !items.isEmpty {
            for (index, item) in items.enumerated() {
                let path = JSONPath.appending("calls", index: index)
                guard case .object(let call) = item else { fail("a call is an object", path); continue }
                for key in call.keys where !Self.callKeys.contains(key) { fail("unknown key \"\(key)\" in a call", JSONPath.appending(path, key: key)) }
                let endpoint = string("endpoint", in: call, path: path) ?? ""
                var request: JSONObject?
                if let value = call["request"] {
                    if case .object(let body) = value { request = body } else { fail("request must be an object", JSONPath.appending(path, key: "request")) }
                }
                var create: LiveRecord.CreateOutcome?
                var task: LiveRecord.TaskOutcome?
                if let text = string("create", in: call, path: path, optional: true) {
                    create = LiveRecord.CreateOutcome(rawValue: text)
                    if create == nil { fail("create must be one of \(LiveRecord.CreateOutcome.allCases.map(\.rawValue).joined(separator: ", "))", JSONPath.appending(path, key: "create")) }
                }
                if let text = string("task", in: call, path: path, optional: true) {
                    task = LiveRecord.TaskOutcome(rawValue: text)
                    if task == nil { fail("task must be one of \(LiveRecord.TaskOutcome.allCases.map(\.rawValue).joined(separator: ", "))", JSONPath.appending(path, key: "task")) }
                }
                if create == nil && task == nil { fail("a call states its create or task outcome", path) }
                calls.append(LiveRecord.Call(endpoint: endpoint, request: request, response: call["response"], create: create, task: task))
            }
        } else {
            fail("calls must be a non-empty array", object["calls"] == nil ? "" : "calls")
        }
        var blame: [Reference] = []
        if case .array(let items)? = object["blame"] {
            for (index, item) in items.enumerated() {
                let path = JSONPath.appending("blame", index: index)
                guard case .string(let text) = item else { fail("a blame is a reference string", path); continue }
                do {
                    blame.append(try Reference.parse(text))
                } catch {
                    fail(error.message, path)
                }
            }
        } else {
            fail("blame must be an array (empty when nothing was rejected)", object["blame"] == nil ? "" : "blame")
        }
        var claims: [LiveRecord.ClaimObservation] = []
        if case .array(let items)? = object["claims"] {
            for (index, item) in items.enumerated() {
                let path = JSONPath.appending("claims", index: index)
                guard case .object(let claim) = item else { fail("a claim observation is an object", path); continue }
                for key in claim.keys where !Self.claimKeys.contains(key) { fail("unknown key \"\(key)\" in a claim observation", JSONPath.appending(path, key: key)) }
                guard case .bool(let seen)? = claim["observed"] else { fail("observed must be true or false", path); continue }
                claims.append(LiveRecord.ClaimObservation(claim: string("claim", in: claim, path: path) ?? "", observed: seen, note: string("note", in: claim, path: path) ?? ""))
            }
        } else {
            fail("claims must be an array", object["claims"] == nil ? "" : "claims")
        }
        let rejected = calls.contains { $0.create == .rejected || $0.task == .failedParam }
        if rejected && blame.isEmpty { fail("a rejection needs a blame naming what was rejected", "blame") }
        guard ok, let requestKnown else { return nil }
        return LiveRecord(id: id, label: label, purpose: purpose, observed: observed, model: model, requestKnown: requestKnown, calls: calls, blame: blame, claims: claims, notes: notes, file: file, positions: positions)
    }
}
