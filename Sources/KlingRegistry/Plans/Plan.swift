import KlingRuntime

/// A plan read and checked against `PlanFormat`: every value has its type.
package struct Plan: Sendable {
    package enum CreateKind: String, Sendable {
        case verification
        case production
        case qualityComparison = "quality-comparison"
    }

    package struct Create: Sendable {
        package var endpoint: String
        package var model: String
        package var payloadPath: String
        package var purpose: String
        package var kind: CreateKind
    }

    package struct Approval: Sendable {
        package var by: String
        package var at: String
        package var creates: [Int]
    }

    package var round: String
    package var creates: [Create]
    package var expectedCount: Int
    package var maxUnits: Double
    package var approval: Approval?
    package var reviewedGuardrails: Bool
    package var reviewedRegister: Bool
    /// The plan as read, which the guardrails' checks evaluate.
    package var json: JSONObject
    /// Where each value sits in the file, by JSON path.
    package var positions: [String: SourcePosition]

    package func position(_ path: String) -> SourcePosition {
        positions[path] ?? SourcePosition(line: 1, column: 1)
    }

    package func isApproved(_ index: Int) -> Bool {
        approval?.creates.contains(index) ?? false
    }
}

/// Reads a plan strictly: every problem at its `line:col`, all of them, and no plan unless there are none.
package struct PlanReader: Sendable {
    let file: String
    let endpoints: [String]
    let otherEndpoints: Set<String>
    let models: Set<String>
    /// A date after it is refused.
    let today: CalendarDay

    package init(file: String, registry: Registry, today: CalendarDay) {
        self.file = file
        self.endpoints = registry.endpoints.map(\.id).filter { $0.hasSuffix(".create") }
        self.otherEndpoints = Set(registry.endpoints.map(\.id).filter { !$0.hasSuffix(".create") })
        self.models = ReferenceResolver(registry: registry).knownModels
        self.today = today
    }

    package func read(_ bytes: [UInt8]) -> (plan: Plan?, diagnostics: [Diagnostic]) {
        var sink = DiagnosticSink(file: file)
        let parsed: (value: JSONValue, positions: [String: SourcePosition])
        do {
            parsed = try JSONReader().parseWithPositions(bytes)
        } catch {
            sink.error(error.message, at: error.position)
            return (nil, sink.diagnostics)
        }
        let positions = parsed.positions
        func at(_ path: String) -> SourcePosition { positions[path] ?? SourcePosition(line: 1, column: 1) }
        guard case .object(let root) = parsed.value else {
            sink.error("a plan is a JSON object", at: at(""))
            return (nil, sink.diagnostics)
        }
        let before = sink.diagnostics.count
        check(.object(root), kind: .object(PlanFormat.keys), path: "", at: at, sink: &sink, createCount: root["creates"]?.arrayValue?.count)
        guard sink.diagnostics.count == before else { return (nil, sink.diagnostics) }

        // Past the check every value has its declared kind, so the reads below cannot fail.
        let creates = (root["creates"]?.arrayValue ?? []).map { value -> Plan.Create in
            let create = value.objectValue ?? JSONObject([])
            return Plan.Create(
                endpoint: create["endpoint"]?.stringValue ?? "", model: create["model"]?.stringValue ?? "",
                payloadPath: create["payload"]?.stringValue ?? "", purpose: create["purpose"]?.stringValue ?? "",
                kind: Plan.CreateKind(rawValue: create["kind"]?.stringValue ?? "") ?? .production
            )
        }
        var approval: Plan.Approval?
        if case .object(let object)? = root["approval"] {
            approval = Plan.Approval(
                by: object["by"]?.stringValue ?? "", at: object["at"]?.stringValue ?? "",
                creates: (object["creates"]?.arrayValue ?? []).compactMap { $0.numberValue?.int64Value.map(Int.init) }
            )
        }
        let reviewed = root["reviewed"]?.objectValue
        let plan = Plan(
            round: root["round"]?.stringValue ?? "", creates: creates,
            expectedCount: root["expected_count"]?.numberValue?.int64Value.map(Int.init) ?? 0,
            maxUnits: root["max_units"]?.numberValue?.doubleValue ?? 0, approval: approval,
            reviewedGuardrails: reviewed?["guardrails"] == .bool(true), reviewedRegister: reviewed?["register"] == .bool(true),
            json: root, positions: positions
        )
        return (plan, sink.diagnostics)
    }

    private func check(_ value: JSONValue, kind: PlanFormat.Kind, path: String, at: (String) -> SourcePosition, sink: inout DiagnosticSink, createCount: Int?) {
        let name = path.isEmpty ? "the plan" : path
        func fail(_ message: String) { sink.error("\(name): \(message)", at: at(path)) }
        func shown(_ value: JSONValue) -> String { JSONWriter(style: .compact).string(value) }
        switch kind {
        case .text, .file:
            guard case .string(let text) = value else { return fail("must be a string, not \(shown(value))") }
            if text.allSatisfy(\.isWhitespace) { fail("must not be empty") }
        case .choice(let values):
            guard case .string(let text) = value, values.contains(text) else {
                var message = "must be one of \(values.map { "\"\($0)\"" }.joined(separator: ", ")), not \(shown(value))"
                if case .string(let text) = value, let near = Suggestion.closest(to: text, among: values) { message += "; did you mean \"\(near)\"?" }
                return fail(message)
            }
        case .date:
            guard case .string(let text) = value else { return fail("must be a date \"YYYY-MM-DD\", not \(shown(value))") }
            guard let day = CalendarDay(text) else { return fail("\"\(text)\" is not a calendar date YYYY-MM-DD") }
            if day > today { fail("\(text) is after today (\(today))") }
        case .integer(let minimum):
            guard case .number(let number) = value, let integer = number.int64Value else { return fail("must be an integer, not \(shown(value))") }
            if integer < minimum { fail("must be at least \(minimum), not \(integer)") }
        case .amount:
            guard case .number(let number) = value, let amount = number.doubleValue, amount.isFinite else { return fail("must be a number, not \(shown(value))") }
            if amount < 0 { fail("must not be negative") }
        case .flag:
            guard case .bool = value else { return fail("must be true or false, not \(shown(value))") }
        case .createEndpoint:
            guard case .string(let text) = value else { return fail("must be an endpoint id, not \(shown(value))") }
            if otherEndpoints.contains(text) { return fail("'\(text)' is not a create endpoint; a plan holds billable creates only") }
            guard endpoints.contains(text) else {
                var message = "no create endpoint '\(text)'"
                if let near = Suggestion.closest(to: text, among: endpoints) { message += "; did you mean '\(near)'?" }
                return fail(message)
            }
        case .model:
            guard case .string(let text) = value else { return fail("must be a model name, not \(shown(value))") }
            guard models.contains(text) else {
                var message = "no evidence names the model '\(text)'"
                if let near = Suggestion.closest(to: text, among: models.sorted()) { message += "; did you mean '\(near)'?" }
                return fail(message)
            }
        case .createIndex:
            guard case .number(let number) = value, let index = number.int64Value else { return fail("must be an index into creates, not \(shown(value))") }
            if index < 0 || index >= Int64(createCount ?? 0) { fail("creates[\(index)] does not exist (the plan has \(createCount ?? 0) creates)") }
        case .object(let keys):
            guard case .object(let object) = value else { return fail("must be an object, not \(shown(value))") }
            let names = keys.map(\.name)
            for key in object.keys where !names.contains(key) {
                var message = "unknown key \"\(key)\""
                if let near = Suggestion.closest(to: key, among: names) { message += "; did you mean \"\(near)\"?" }
                sink.error((path.isEmpty ? "" : "\(path): ") + message, at: at(JSONPath.appending(path, key: key)))
            }
            for key in keys {
                let keyPath = JSONPath.appending(path, key: key.name)
                guard let member = object[key.name] else {
                    if key.required { sink.error("\(name): missing required key \"\(key.name)\"", at: at(path)) }
                    continue
                }
                check(member, kind: key.kind, path: keyPath, at: at, sink: &sink, createCount: createCount)
            }
        case .list(let element, let minimum, let unique):
            guard case .array(let items) = value else { return fail("must be an array, not \(shown(value))") }
            if items.count < minimum { fail("must hold at least \(minimum) item\(minimum == 1 ? "" : "s")") }
            var seen = Set<String>()
            for (index, item) in items.enumerated() {
                let itemPath = JSONPath.appending(path, index: index)
                check(item, kind: element, path: itemPath, at: at, sink: &sink, createCount: createCount)
                if unique, !seen.insert(shown(item)).inserted { sink.error("\(itemPath): \(shown(item)) appears twice", at: at(itemPath)) }
            }
        }
    }
}
