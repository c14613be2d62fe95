import Foundation
import KlingRuntime

/// A plan of billable creates checked against every guardrail (DESIGN §10).
public struct Preflight: Sendable {
    public struct PlanError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public init(message: String) { self.message = message }
        public var description: String { message }
    }

    /// What preflight learned about one create before any guardrail ran.
    public struct CreateFacts: Sendable {
        public var endpoint: String
        public var model: String?
        public var payloadClass: PayloadClass
        /// Units of exposure, or why there are none.
        public var units: Double?
        public var unitsDetail: String
        public var priorSuccess: LiveRecord?
        public var scope: EndpointScope
    }

    public struct Failure: Sendable {
        public var guardrail: Guardrail
        public var detail: String
    }

    public struct Result: Sendable {
        public var failures: [Failure]
        /// Creates with no billing line: the plan's exposure is unknown.
        public var missingExposure: [String]
        public var creates: [CreateFacts]
        public var totalUnits: Double?
        /// Guardrails a plan cannot show, for the person to confirm.
        public var notCheckable: [Guardrail]
        public var passed: [Guardrail]

        public var go: Bool { failures.isEmpty && missingExposure.isEmpty }
    }

    let registry: Registry
    let index: StatusIndex
    let classifier: PayloadClassifier

    public init(registry: Registry, index: StatusIndex) {
        self.registry = registry
        self.index = index
        self.classifier = PayloadClassifier(registry: registry, index: index)
    }

    static let planKeys = ["round", "creates", "expected_count", "max_units", "approval", "reviewed"]
    static let createKeys = ["endpoint", "model", "payload", "purpose", "kind"]
    static let kinds = ["verification", "production", "quality-comparison"]

    /// Checks the plan's shape and loads each payload through `loadPayload` (paths are relative to the plan).
    public func run(_ plan: JSONValue, loadPayload: (String) throws(PlanError) -> JSONValue) throws(PlanError) -> Result {
        guard case .object(let object) = plan else { throw PlanError(message: "a plan is a JSON object") }
        for key in object.keys where !Self.planKeys.contains(key) {
            var message = "unknown plan key \"\(key)\""
            if let near = Suggestion.closest(to: key, among: Self.planKeys) { message += "; did you mean \"\(near)\"?" }
            throw PlanError(message: message)
        }
        guard case .array(let rawCreates)? = object["creates"], !rawCreates.isEmpty else { throw PlanError(message: "creates must be a non-empty array") }
        var creates: [JSONValue] = []
        var facts: [CreateFacts] = []
        for (index, raw) in rawCreates.enumerated() {
            guard case .object(let create) = raw else { throw PlanError(message: "creates[\(index)] is not an object") }
            for key in create.keys where !Self.createKeys.contains(key) { throw PlanError(message: "unknown key \"\(key)\" in creates[\(index)]") }
            for key in Self.createKeys where create[key]?.stringValue == nil { throw PlanError(message: "creates[\(index)].\(key) must be a string") }
            let endpointID = create["endpoint"]!.stringValue!
            guard let endpoint = registry.endpoint(endpointID) else { throw PlanError(message: "creates[\(index)].endpoint: no endpoint '\(endpointID)'") }
            guard Self.kinds.contains(create["kind"]!.stringValue!) else { throw PlanError(message: "creates[\(index)].kind must be one of \(Self.kinds.joined(separator: ", "))") }
            let payload = try loadPayload(create["payload"]!.stringValue!)
            facts.append(self.facts(create, endpoint: endpoint, payload: payload))
            // The plan guardrails read: the payload inline, and the create's index for the functions.
            var members = create.members.map { $0.key == "payload" ? (key: "payload", value: payload) : $0 }
            members.append((key: "$index", value: .number(JSONNumber(index))))
            creates.append(.object(JSONObject(members)))
        }
        let planObject = JSONObject(object.members.map { $0.key == "creates" ? (key: "creates", value: .array(creates)) : $0 })
        let total: Double? = facts.allSatisfy { $0.units != nil } ? facts.reduce(0) { $0 + $1.units! } : nil
        let extensions = Self.functions(facts: facts, total: total)
        let base = RuleEvaluator(payload: planObject, fields: [:], registry: registry, failed: [], absentPaths: [], extensions: extensions)
        var failures: [Failure] = []
        var notCheckable: [Guardrail] = []
        var passed: [Guardrail] = []
        for guardrail in registry.register.guardrails {
            switch guardrail.check {
            case .notExpressible:
                notCheckable.append(guardrail)
            case .sameAs:
                continue
            case .expression(let node, let source):
                var evaluator = base
                let holds = (try? evaluator.evaluate(node)) ?? true
                if holds {
                    passed.append(guardrail)
                } else {
                    failures.append(Failure(guardrail: guardrail, detail: detail(source, facts: facts, plan: object)))
                }
            }
        }
        let missing = facts.enumerated().compactMap { index, fact in fact.units == nil ? "creates[\(index)] \(fact.endpoint): \(fact.unitsDetail)" : nil }
        return Result(failures: failures, missingExposure: missing, creates: facts, totalUnits: total, notCheckable: notCheckable, passed: passed)
    }

    /// Facts behind a failing row, so NO-GO says why.
    private func detail(_ source: String, facts: [CreateFacts], plan: JSONObject) -> String {
        var parts: [String] = []
        for (index, fact) in facts.enumerated() {
            if source.contains("prior_success"), let record = fact.priorSuccess {
                parts.append("creates[\(index)] already succeeded in \(record.displayName)")
            }
            if source.contains("class("), fact.payloadClass == .invalid || fact.payloadClass == .hypothesisOnly {
                parts.append("creates[\(index)] is \(fact.payloadClass.rawValue)")
            }
            if source.contains("scope("), fact.scope == .legacy { parts.append("creates[\(index)] \(fact.endpoint) is a legacy route") }
        }
        if source.contains("units(") {
            let total = facts.compactMap(\.units).reduce(0, +)
            parts.append("exposure \(Self.format(total)) units against max_units \(plan["max_units"].map { JSONWriter(style: .compact).string($0) } ?? "absent")")
        }
        if source.contains("approval"), plan["approval"] == nil { parts.append("the plan has no approval") }
        return parts.joined(separator: "; ")
    }

    public static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String((value * 1000).rounded() / 1000)
    }

    private func facts(_ create: JSONObject, endpoint: Endpoint, payload: JSONValue) -> CreateFacts {
        let classification = classifier.classify(payload, endpoint: endpoint.id)
        let model = classification.model
        var units: Double?
        var detail = ""
        if case .object(let body) = payload {
            (units, detail) = exposure(body, endpoint: endpoint, model: model)
        } else {
            detail = "the payload is not an object"
        }
        var prior: LiveRecord?
        if case .object(let body) = payload {
            prior = priorSuccess(purpose: create["purpose"]?.stringValue ?? "", kind: create["kind"]?.stringValue ?? "", body: body, endpoint: endpoint, model: model)
        }
        return CreateFacts(endpoint: endpoint.id, model: model, payloadClass: classification.payloadClass, units: units, unitsDetail: detail, priorSuccess: prior, scope: endpoint.scope)
    }

    /// The billing rate whose condition the payload meets, times its duration.
    func exposure(_ body: JSONObject, endpoint: Endpoint, model: String?) -> (Double?, String) {
        func valueOrDefault(_ key: String) -> String? {
            body[key]?.stringValue ?? { if case .value(.string(let text))? = endpoint.field(key, in: .body)?.defaultValue { return text } else { return nil } }()
        }
        guard let model else { return (nil, "no model, so no billing line") }
        guard let mode = valueOrDefault("mode") else { return (nil, "no mode for \(model)") }
        let fields = FieldChecker.Layout.fieldsByPath(endpoint)
        let evaluator = RuleEvaluator(payload: body, fields: fields, registry: registry, failed: [], absentPaths: [])
        let matching = registry.billing.filter { row in
            guard row.model == model, row.mode == mode else { return false }
            guard let when = row.when else { return true }
            var copy = evaluator
            return (try? copy.evaluate(when)) == true
        }
        guard matching.count == 1, let row = matching.first else {
            return (nil, matching.isEmpty ? "no billing line for model \(model) mode \(mode)" : "\(matching.count) billing lines match model \(model) mode \(mode)")
        }
        guard let duration = valueOrDefault("duration"), let seconds = Double(duration) else { return (nil, "no duration to bill for \(model) \(mode)") }
        return (row.unitsPerSecond.value * seconds, "\(row.unitsPerSecond) units/s × \(duration) s (\(row.location))")
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
    static func functions(facts: [CreateFacts], total: Double?) -> @Sendable (String, [RuleEvaluator.Value]) throws(RuleEvaluator.Stop) -> RuleEvaluator.Value {
        return { name, arguments throws(RuleEvaluator.Stop) in
            func fact() throws(RuleEvaluator.Stop) -> CreateFacts {
                guard case .object(let create)? = arguments.first, case .number(let number)? = create["$index"], let index = number.int64Value, index < facts.count else { throw .notApplicable }
                return facts[Int(index)]
            }
            switch name {
            case "class": return .string(try fact().payloadClass.rawValue)
            case "scope": return .string(try fact().scope.rawValue)
            case "prior_success": return .bool(try fact().priorSuccess != nil)
            case "units":
                if arguments.isEmpty {
                    guard let total else { throw .notApplicable }
                    return .number(total)
                }
                guard let units = try fact().units else { throw .notApplicable }
                return .number(units)
            case "distinct":
                var columns: [[RuleEvaluator.Value]] = []
                for argument in arguments {
                    guard case .list(let items) = argument else { throw .notApplicable }
                    columns.append(items)
                }
                guard let first = columns.first, columns.allSatisfy({ $0.count == first.count }) else { throw .notApplicable }
                var seen = Set<String>()
                var values: [RuleEvaluator.Value] = []
                for row in 0..<first.count {
                    let key = columns.map { PayloadValidator.render($0[row]) }.joined(separator: "\u{1F}")
                    if seen.insert(key).inserted { values.append(.string(key)) }
                }
                return .list(values)
            default:
                throw .notApplicable
            }
        }
    }
}
