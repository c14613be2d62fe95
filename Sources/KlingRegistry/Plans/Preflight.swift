import Foundation
import KlingRuntime

/// A plan of billable creates checked against every guardrail (docs/plans.md#plans-and-preflight).
package struct Preflight: Sendable {
    /// What one guardrail row says of a plan. Nothing defaults to `pass`:
    /// a check that cannot be evaluated is `cannotTell`, which is NO-GO.
    package enum Verdict: String, Sendable {
        case pass
        case fail
        case cannotTell = "cannot-tell"
    }

    package struct Row: Sendable {
        package var guardrail: Guardrail
        package var verdict: Verdict
        /// Why it failed or could not be told: the create, the value, what was missing.
        package var reasons: [String]
    }

    /// Where a create's units come from.
    package struct Exposure: Sendable {
        package var units: Double?
        /// The billing line used, or why there is none.
        package var detail: String
    }

    /// What preflight learned about one create before any guardrail ran.
    package struct CreateFacts: Sendable {
        package var endpoint: String
        package var model: String
        package var payloadClass: PayloadClass
        package var exposure: Exposure
        package var priorSuccess: LiveRecord?
        /// `current`, `legacy`, or `out-of-scope` where the register places the endpoint out.
        package var scope: String
        package var approved: Bool
        /// The validator's errors, when the class is invalid.
        package var errors: [String]
        package var units: Double? { exposure.units }
    }

    package struct Result: Sendable {
        package var rows: [Row]
        package var creates: [CreateFacts]
        package var totalUnits: Double?
        /// Guardrails a plan cannot show, for the person to confirm.
        package var notCheckable: [Guardrail]

        package var failures: [Row] { rows.filter { $0.verdict != .pass } }
        package var passed: [Guardrail] { rows.filter { $0.verdict == .pass }.map(\.guardrail) }
        /// Creates with no billing line: the plan's exposure is unknown.
        package var missingExposure: [String] {
            creates.enumerated().compactMap { index, fact in fact.units == nil ? "creates[\(index)] \(fact.endpoint): \(fact.exposure.detail)" : nil }
        }
        package var go: Bool { failures.isEmpty && missingExposure.isEmpty }
    }

    /// A payload file as the caller found it.
    package enum PayloadFile: Sendable {
        case bytes([UInt8])
        case missing
        case folder
    }

    let registry: Registry
    let index: StatusIndex
    let classifier: PayloadClassifier

    package init(registry: Registry, index: StatusIndex) {
        self.registry = registry
        self.index = index
        self.classifier = PayloadClassifier(registry: registry, index: index)
    }

    /// Loads each create's payload (paths relative to the plan, through `loadPayload`),
    /// refuses payloads that do not fit their create, and judges every guardrail.
    /// Problems of the plan are diagnostics at the plan's `line:col`.
    package func run(_ plan: Plan, file: String, loadPayload: (String) -> PayloadFile) -> (result: Result?, diagnostics: [Diagnostic]) {
        var sink = DiagnosticSink(file: file)
        var payloads: [JSONValue] = []
        for (index, create) in plan.creates.enumerated() {
            let path = "creates[\(index)].payload"
            if let body = payload(create, path: path, plan: plan, sink: &sink, load: loadPayload) { payloads.append(body) }
        }
        guard sink.diagnostics.isEmpty else { return (nil, sink.diagnostics) }

        var facts: [CreateFacts] = []
        var creates: [JSONValue] = []
        for (index, create) in plan.creates.enumerated() {
            guard let endpoint = registry.endpoint(create.endpoint) else { continue }
            let body = payloads[index]
            facts.append(self.facts(create, index: index, endpoint: endpoint, payload: body, plan: plan))
            // The guardrails read the payload as the API will take it (documented defaults
            // filled in) and the create's index, which the plan functions use.
            var members = (plan.json["creates"]?.arrayValue?[index].objectValue?.members ?? []).map { member in
                member.key == "payload" ? (key: "payload", value: Self.withDefaults(body, endpoint: endpoint)) : member
            }
            members.append((key: "$index", value: .number(JSONNumber(index))))
            creates.append(.object(JSONObject(members)))
        }
        let planObject = JSONObject(plan.json.members.map { $0.key == "creates" ? (key: "creates", value: .array(creates)) : $0 })
        let total: Double? = facts.allSatisfy { $0.units != nil } ? facts.reduce(0) { $0 + $1.units! } : nil
        var base = RuleEvaluator(payload: planObject, fields: [:], registry: registry, failed: [], absentPaths: [], extensions: Self.functions(facts: facts, total: total))
        base.strict = true
        var rows: [Row] = []
        var notCheckable: [Guardrail] = []
        for guardrail in registry.register.guardrails {
            switch guardrail.check {
            case .notExpressible:
                notCheckable.append(guardrail)
            case .sameAs:
                continue
            case .expression(let node, let source):
                var evaluator = base
                do throws(RuleEvaluator.Stop) {
                    if try evaluator.evaluate(node) {
                        rows.append(Row(guardrail: guardrail, verdict: .pass, reasons: []))
                    } else {
                        var explainer = GuardrailExplainer(evaluator: base)
                        var reasons = explainer.reasons(node)
                        reasons += exposureReasons(source, facts: facts, total: total, plan: plan)
                        rows.append(Row(guardrail: guardrail, verdict: .fail, reasons: reasons))
                    }
                } catch {
                    var reasons = Array(Set(evaluator.absentReads)).sorted().map { "\($0) is absent and has no documented default" }
                    if source.contains("units("), total == nil {
                        reasons += facts.enumerated().compactMap { index, fact in fact.units == nil ? "units(): creates[\(index)] has no exposure (\(fact.exposure.detail))" : nil }
                    }
                    if reasons.isEmpty { reasons = ["the check could not be evaluated on this plan"] }
                    rows.append(Row(guardrail: guardrail, verdict: .cannotTell, reasons: reasons))
                }
            }
        }
        return (Result(rows: rows, creates: facts, totalUnits: total, notCheckable: notCheckable), [])
    }

    /// The exposure behind a failing row that reads units, with the billing lines it came from.
    private func exposureReasons(_ source: String, facts: [CreateFacts], total: Double?, plan: Plan) -> [String] {
        guard source.contains("units(") else { return [] }
        var reasons = ["exposure \(total.map(Self.format) ?? "unknown") units against max_units \(Self.format(plan.maxUnits))"]
        for (index, fact) in facts.enumerated() {
            reasons.append("creates[\(index)] \(fact.endpoint) \(fact.model): \(fact.units.map { Self.format($0) + " units" } ?? "no exposure") (\(fact.exposure.detail))")
        }
        return reasons
    }

    /// The create's body: read, taken out of a request log, and checked against the create's endpoint and model.
    private func payload(_ create: Plan.Create, path: String, plan: Plan, sink: inout DiagnosticSink, load: (String) -> PayloadFile) -> JSONValue? {
        let at = plan.position(path)
        let bytes: [UInt8]
        switch load(create.payloadPath) {
        case .missing:
            sink.error("\(path): no file '\(create.payloadPath)' (paths are relative to the plan)", at: at)
            return nil
        case .folder:
            sink.error("\(path): '\(create.payloadPath)' is a folder, not a payload file", at: at)
            return nil
        case .bytes(let data):
            bytes = data
        }
        var body: JSONValue
        do {
            body = try JSONReader().parse(bytes)
        } catch {
            sink.error("\(path): \(create.payloadPath):\(error.position.line):\(error.position.column): \(error.message)", at: at)
            return nil
        }
        guard case .object(var object) = body else {
            sink.error("\(path): \(create.payloadPath) is not a JSON object", at: at)
            return nil
        }
        // A request log names its endpoint; it must be the create's.
        if case .string(let type)? = object["endpoint_type"], let inner = object["payload"] {
            let logged = RequestLogRecorder.endpointTypes[type]
            guard logged == create.endpoint else {
                sink.error("\(path): \(create.payloadPath) is a request log for \(logged ?? "the unknown endpoint type '\(type)'"), but the create is for \(create.endpoint)", at: at)
                return nil
            }
            guard case .object(let innerObject) = inner else {
                sink.error("\(path): the payload of the request log \(create.payloadPath) is not a JSON object", at: at)
                return nil
            }
            object = innerObject
            body = inner
        }
        guard let endpoint = registry.endpoint(create.endpoint) else { return nil }
        switch object["model_name"] {
        case .string(let model)?:
            if model != create.model {
                sink.error("\(path): the payload's model_name is '\(model)', but the create names the model '\(create.model)'", at: at)
                return nil
            }
        case nil, .null?:
            guard endpoint.field("model_name", in: .body) != nil else { break }
            guard case .value(.string(let fallback))? = endpoint.field("model_name", in: .body)?.defaultValue else {
                sink.error("\(path): the payload has no model_name and \(create.endpoint) documents no default, so the create's model '\(create.model)' is not what is sent", at: at)
                return nil
            }
            if fallback != create.model {
                sink.error("\(path): the payload has no model_name, so the documented default '\(fallback)' applies, not the create's model '\(create.model)'", at: at)
                return nil
            }
        case let other?:
            sink.error("\(path): the payload's model_name is \(JSONWriter(style: .compact).string(other)), not a model name", at: at)
            return nil
        }
        return body
    }

    /// Top-level body fields the payload leaves out, filled with their documented defaults.
    static func withDefaults(_ payload: JSONValue, endpoint: Endpoint) -> JSONValue {
        guard case .object(let object) = payload else { return payload }
        var members = object.members
        for field in endpoint.fields(in: .body) where !field.path.contains(".") && !field.path.contains("[") {
            guard object[field.path] == nil || object[field.path] == .null, case .value(let fallback) = field.defaultValue else { continue }
            members.removeAll { $0.key == field.path }
            members.append((key: field.path, value: fallback))
        }
        return .object(JSONObject(members))
    }

    package static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String((value * 1000).rounded() / 1000)
    }

    private func facts(_ create: Plan.Create, index: Int, endpoint: Endpoint, payload: JSONValue, plan: Plan) -> CreateFacts {
        let classification = classifier.classify(payload, endpoint: endpoint.id)
        var exposure = Exposure(units: nil, detail: "the payload is not an object")
        var prior: LiveRecord?
        if case .object(let body) = payload {
            let (units, detail) = self.exposure(body, endpoint: endpoint, validator: classifier.validator)
            exposure = Exposure(units: units, detail: detail)
            prior = priorSuccess(purpose: create.purpose, kind: create.kind.rawValue, body: body, endpoint: endpoint, model: create.model)
        }
        return CreateFacts(endpoint: endpoint.id, model: create.model, payloadClass: classification.payloadClass, exposure: exposure, priorSuccess: prior, scope: registry.scopeWord(endpoint), approved: plan.isApproved(index),
                           errors: classification.validation.errors.map { "\($0.path.isEmpty ? "(body)" : $0.path): \($0.message)" })
    }

    /// The model and mode a body (with its defaults filled in) bills under; the mode is
    /// empty where the endpoint takes none.
    static func billingKey(_ body: JSONObject, endpoint: Endpoint) -> Swift.Result<(model: String, mode: String), BillingGap> {
        guard let model = body["model_name"]?.stringValue else { return .failure(BillingGap("no model_name, so no billing line")) }
        guard endpoint.field("mode", in: .body) != nil else { return .success((model, "")) }
        guard let mode = body["mode"]?.stringValue else { return .failure(BillingGap("no mode for \(model)")) }
        return .success((model, mode))
    }

    /// Why a create's units cannot be told.
    struct BillingGap: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// The billing lines of the endpoint, `model` and `mode` whose condition `body` meets.
    static func billingLines(_ body: JSONObject, endpoint: Endpoint, model: String, mode: String, registry: Registry) -> [BillingRow] {
        let fields = PayloadLayout.fieldsByPath(endpoint)
        let evaluator = RuleEvaluator(payload: body, fields: fields, registry: registry, failed: [], absentPaths: [])
        return registry.billing.filter { row in
            guard row.endpoint == endpoint.id, row.model == model, row.mode == mode else { return false }
            guard let when = row.when else { return true }
            var copy = evaluator
            return (try? copy.evaluate(when)) == true
        }
    }

    /// The one billing line the payload meets, times the value of its `per` field.
    /// A `per` field the API ignores here (an edited video's `duration`, also when it
    /// is left to its default) does not say what is billed, so the units cannot be told:
    /// the notes are read off the body with its defaults filled in.
    func exposure(_ body: JSONObject, endpoint: Endpoint, validator: PayloadValidator) -> (Double?, String) {
        guard case .object(let filled) = Self.withDefaults(.object(body), endpoint: endpoint) else { return (nil, "not an object") }
        let notes = validator.validate(.object(filled), endpoint: endpoint.id, options: ValidationOptions(policy: false)).findings.filter { $0.severity == .note }
        let key: (model: String, mode: String)
        switch Self.billingKey(filled, endpoint: endpoint) {
        case .success(let found): key = found
        case .failure(let gap): return (nil, gap.reason)
        }
        let name = [endpoint.id, key.model, key.mode].filter { !$0.isEmpty }.joined(separator: " ")
        let matching = Self.billingLines(filled, endpoint: endpoint, model: key.model, mode: key.mode, registry: registry)
        guard matching.count == 1, let row = matching.first else {
            return (nil, matching.isEmpty ? "no billing line for \(name)" : "\(matching.count) billing lines match \(name)")
        }
        if let ignored = notes.first(where: { $0.path == row.per }) {
            return (nil, "\(row.per) is not what is billed here (\(ignored.rule ?? "a note"): \(ignored.message)), so \(row.rate) cannot be counted")
        }
        // A media address bills its own length, which the payload does not carry: its
        // documented upper limit is the worst case, said as such.
        if case .mediaDuration(_, let longest)? = endpoint.field(row.per, in: .body)?.constraint(.duration) {
            guard filled[row.per] != nil else { return (nil, "no \(row.per) to bill \(row.rate) for \(name)") }
            return (row.units.value * longest.value, "at most \(row.rate) × \(longest) s, the longest \(row.per) the text allows; the media's own length is billed (\(row.location))")
        }
        let count: Double?
        switch filled[row.per] {
        case .number(let number)?: count = number.doubleValue
        case .string(let text)?: count = Double(text)
        default: count = nil
        }
        guard let count, count >= 0 else { return (nil, "no \(row.per) to bill \(row.rate) for \(name)") }
        return (row.units.value * count, "\(row.rate) × \(Self.format(count)) (\(row.location))")
    }

    /// An accepted record of the same endpoint and model with the same
    /// purpose, or for verification the same shape.
    func priorSuccess(purpose: String, kind: String, body: JSONObject, endpoint: Endpoint, model: String?) -> LiveRecord? {
        let wanted = purpose.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let signature = ShapeSignature(body, endpoint: endpoint)
        for record in registry.records.reversed() where record.contributes && record.model == model {
            guard !record.calls.contains(where: { $0.create == .rejected || $0.task == .failedParam }) else { continue }
            let accepted = record.calls.filter { $0.endpoint == endpoint.id && $0.create == .accepted }
            guard !accepted.isEmpty else { continue }
            if !wanted.isEmpty, record.purpose.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == wanted { return record }
            if kind == "verification" {
                for call in accepted {
                    guard let request = call.request else { continue }
                    let recorded = ShapeSignature(request, endpoint: endpoint)
                    if record.requestKnown == .complete ? signature.matches(recorded) : signature.isCovered(by: recorded) { return record }
                }
            }
        }
        return nil
    }

    /// `class`, `units`, `prior_success`, `scope` and `distinct` over the precomputed facts.
    static func functions(facts: [CreateFacts], total: Double?) -> @Sendable (RuleFunction, [RuleEvaluator.Value]) throws(RuleEvaluator.Stop) -> RuleEvaluator.Value {
        return { name, arguments throws(RuleEvaluator.Stop) in
            func fact() throws(RuleEvaluator.Stop) -> CreateFacts {
                guard case .object(let create)? = arguments.first, case .number(let number)? = create["$index"], let index = number.int64Value, index < facts.count else { throw .notApplicable }
                return facts[Int(index)]
            }
            switch name {
            case .class: return .string(try fact().payloadClass.rawValue)
            case .scope: return .string(try fact().scope)
            case .priorSuccess: return .bool(try fact().priorSuccess != nil)
            case .approved: return .bool(try fact().approved)
            case .units:
                if arguments.isEmpty {
                    guard let total else { throw .notApplicable }
                    return .number(total)
                }
                guard let units = try fact().units else { throw .notApplicable }
                return .number(units)
            case .distinct:
                var columns: [[RuleEvaluator.Value]] = []
                for argument in arguments {
                    guard case .list(let items) = argument else { throw .notApplicable }
                    columns.append(items)
                }
                guard let first = columns.first, columns.allSatisfy({ $0.count == first.count }) else { throw .notApplicable }
                var seen = Set<String>()
                var values: [RuleEvaluator.Value] = []
                for row in 0..<first.count {
                    let key = columns.map { Engine.render($0[row]) }.joined(separator: "\u{1F}")
                    if seen.insert(key).inserted { values.append(.string(key)) }
                }
                return .list(values)
            case .present, .nonempty, .count, .sum, .num, .any, .all, .refs, .max, .len, .startsWith, .cap, .hasKey, .hasValue:
                throw .notApplicable  // the evaluator's own; never handed to a scope
            }
        }
    }
}
