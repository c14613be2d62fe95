import KlingRuntime

/// Whether a live record observes what a reference names: the reading of
/// "observes" a closed-by-live residual row is held to (README, Register and
/// closeout). What a record cannot show (a key a partial request may have
/// sent, a value kept only as `$unknown`) is not observed.
struct LiveObservation {
    let registry: Registry

    /// Why `record` does not observe `reference`, or nil when it does.
    func gap(_ reference: Reference, in record: LiveRecord) -> String? {
        if record.blame.contains(reference) { return nil }
        switch reference {
        case .item(let item):
            return observes(item, record) ? nil : "no call of the record \(itemWording(item))"
        case .rule(let id):
            guard let rule = registry.rule(id) else { return "rule:\(id) does not exist" }
            guard case .expression(let node, _) = rule.check else { return "rule:\(id) has no executable check; only a blame can observe it" }
            let applies = record.calls.contains { call in
                guard rule.endpoint == nil || rule.endpoint == call.endpoint else { return false }
                return applicable(node, call, record)
            }
            return applies ? nil : "no call's request makes the rule apply and the record does not blame it"
        case .capability(let model, let feature):
            let exercised = record.calls.contains { call in
                guard self.model(of: call, record) == model, let endpoint = registry.endpoint(call.endpoint) else { return false }
                let byRule = endpoint.rules.contains { rule in
                    guard case .expression(let node, _) = rule.check, Self.readsCapability(node, feature) else { return false }
                    return applicable(node, call, record)
                }
                return byRule || asksFor(feature, call, endpoint)
            }
            return exercised ? nil : "no call on \(model) makes a rule reading cap(model_name, \"\(feature)\") apply or sends `\(feature.replacingOccurrences(of: "-", with: "_"))` other than its default"
        case .claim(let id):
            return record.claims.contains { $0.claim == id && $0.observed } ? nil : "the record has no observation of claim \(id)"
        case .contradiction(let id):
            guard let contradiction = registry.allContradictions.first(where: { $0.id == id }), !contradiction.refs.isEmpty else {
                return "contra:\(id) names no contested item a record could observe"
            }
            return contradiction.refs.contains { gap($0, in: record) != nil } ? "the record does not observe every item contra:\(id) contests" : nil
        case .policy(let id):
            let register = registry.register
            if let route = register.routes.first(where: { $0.id == id }) {
                let taken = record.calls.contains { $0.endpoint == route.endpoint && (route.model == nil || model(of: $0, record) == route.model) && $0.create != nil }
                return taken ? nil : "no create call of the record is on \(route.endpoint)\(route.model.map { " with \($0)" } ?? "")"
            }
            let checks = register.policies.first { $0.id == id }?.checks ?? register.deprecated.first { $0.id == id }?.checks ?? [:]
            let read = record.calls.contains { call in checks[call.endpoint].map { applicable($0, call, record) } ?? false }
            return read ? nil : "no call's request is one the check of policy:\(id) can read"
        case .guardrail, .residual, .live:
            return "a live record cannot observe \(reference)"
        }
    }

    /// The call sends the top-level field the feature is named after (`multi-shot` → `multi_shot`)
    /// with a known value other than its default: it asks for the feature.
    private func asksFor(_ feature: String, _ call: LiveRecord.Call, _ endpoint: Endpoint) -> Bool {
        let key = feature.replacingOccurrences(of: "-", with: "_")
        guard let field = endpoint.field(key, in: .body), let value = call.request?[key], value != .null, !Self.isStandIn(value, partly: false) else { return false }
        if case .value(let fallback) = field.defaultValue, fallback == value { return false }
        return value != .bool(false)
    }

    private func itemWording(_ item: ItemReference) -> String {
        let endpoint = "at \(item.endpoint)" + (item.model.map { " on \($0)" } ?? "")
        let sent = item.part == .response ? "received" : "sent"
        switch (item.value, item.constraint) {
        case (.literal(let value)?, _): return "\(sent) \(item.path) = \(JSONWriter(style: .compact).string(value)) \(endpoint)"
        case (.absent?, _): return "has a complete request \(endpoint) without \(item.path)"
        case (nil, let constraint?): return "sent a known value of \(item.path) \(endpoint) and the record does not blame \(item.path)/\(constraint.rawValue)"
        case (nil, nil): return "\(sent) \(item.path) \(endpoint)"
        }
    }

    /// The model a call ran on: its `model_name`, else the record's.
    func model(of call: LiveRecord.Call, _ record: LiveRecord) -> String? {
        call.request?["model_name"]?.stringValue ?? record.model
    }

    private func observes(_ item: ItemReference, _ record: LiveRecord) -> Bool {
        record.calls.contains { call in
            guard call.endpoint == item.endpoint, item.model == nil || model(of: call, record) == item.model else { return false }
            if item.part == .response {
                guard item.constraint == nil, case .object(let response)? = call.response else { return false }
                let received = Self.values(at: item.path, in: response)
                switch item.value {
                case .literal(let value)?: return received.contains(value)
                case .absent?: return false  // a kept response may be shortened
                case nil: return !received.isEmpty
                }
            }
            guard let request = call.request else { return false }
            let reached = Self.values(at: item.path, in: request)
            switch item.value {
            case .literal(let value)?:
                return reached.contains(value)
            case .absent?:
                return record.requestKnown == .complete && reached.isEmpty
            case nil:
                if item.constraint != nil { return reached.contains { !Self.isStandIn($0, partly: true) } }
                return !reached.isEmpty
            }
        }
    }

    /// Every value `path` (`a.b`, `a[].b`, `a.*`) reaches in `object`; a
    /// `$unknown` or `$digest` stand-in is a value but hides what is inside it.
    static func values(at path: String, in object: JSONObject) -> [JSONValue] {
        var current: [JSONValue] = [.object(object)]
        for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(segment)
            var each = false
            if name.hasSuffix("[]") {
                name = name.dropLast(2)
                each = true
            }
            var next: [JSONValue] = []
            for value in current {
                guard case .object(let container) = value, !isStandIn(value, partly: false) else { continue }
                if name == "*" {
                    next += container.members.map(\.value)
                } else if let member = container[String(name)], member != .null {
                    next.append(member)
                }
            }
            if each {
                next = next.flatMap { $0.arrayValue ?? [] }
            }
            current = next
        }
        return current
    }

    static func parent(_ path: String) -> String {
        guard let dot = path.lastIndex(of: ".") else { return "" }
        return String(path[..<dot])
    }

    /// `{"$unknown": …}` or `{"$digest": …}`; `partly` also counts a digest with an unknown member.
    static func isStandIn(_ value: JSONValue, partly: Bool) -> Bool {
        guard case .object(let object) = value, object.members.count == 1, let key = object.members.first?.key else { return false }
        if key == "$unknown" { return true }
        guard key == "$digest" else { return false }
        if !partly { return true }
        return object["$digest"]?.objectValue?.members.contains { $0.value == .null } ?? true
    }

    /// The rule applies to the call's request: the left side of `=>` is true,
    /// or, without `=>`, every path it reads is present. A value the record
    /// did not keep, or a key a partial request may have sent, is unknown.
    func applicable(_ node: RuleNode, _ call: LiveRecord.Call, _ record: LiveRecord) -> Bool {
        guard let request = call.request, let endpoint = registry.endpoint(call.endpoint) else { return false }
        let fields = PayloadLayout.fieldsByPath(endpoint)
        var unknown = Set<String>()
        Self.collectUnknown(request, fieldPrefix: "", concrete: "", fields: fields, partial: record.requestKnown == .partial, into: &unknown)
        var evaluator = RuleEvaluator(payload: request, fields: fields, registry: registry, failed: unknown, absentPaths: [])
        if case .binary(.implies, let left, _) = node.expression {
            do { return try evaluator.evaluate(left) } catch { return false }
        }
        return GoldenChecker.paths(node).allSatisfy { path in
            guard let values = try? evaluator.locate(path, RuleEvaluator.Context(), useDefaults: false).values else { return false }
            return !values.isEmpty && values.allSatisfy { $0.value != nil && $0.value != .null }
        }
    }

    /// Concrete paths whose value the record does not know: stand-ins, and in
    /// a partial request every documented key it does not show.
    static func collectUnknown(_ object: JSONObject, fieldPrefix: String, concrete: String, fields: [String: Field], partial: Bool, into unknown: inout Set<String>) {
        if partial {
            for path in fields.keys where parent(path) == fieldPrefix {
                let key = fieldPrefix.isEmpty ? path : String(path.dropFirst(fieldPrefix.count + 1))
                guard !key.contains("."), object[key] == nil else { continue }
                unknown.insert(concrete.isEmpty ? key : JSONPath.appending(concrete, key: key))
            }
        }
        for member in object.members {
            let fieldPath = fieldPrefix.isEmpty ? member.key : fieldPrefix + "." + member.key
            let path = concrete.isEmpty ? member.key : JSONPath.appending(concrete, key: member.key)
            if isStandIn(member.value, partly: false) {
                unknown.insert(path)
                continue
            }
            switch member.value {
            case .object(let inner):
                collectUnknown(inner, fieldPrefix: fieldPath, concrete: path, fields: fields, partial: partial, into: &unknown)
            case .array(let items):
                for (index, item) in items.enumerated() {
                    let itemPath = JSONPath.appending(path, index: index)
                    if isStandIn(item, partly: false) {
                        unknown.insert(itemPath)
                    } else if case .object(let inner) = item {
                        collectUnknown(inner, fieldPrefix: fieldPath + "[]", concrete: itemPath, fields: fields, partial: partial, into: &unknown)
                    }
                }
            default:
                break
            }
        }
    }

    static func readsCapability(_ node: RuleNode, _ feature: String) -> Bool {
        switch node.expression {
        case .call(.cap, let arguments):
            if arguments.count == 2, case .literal(.string(let name)) = arguments[1].expression, name == feature { return true }
            return arguments.contains { readsCapability($0, feature) }
        case .call(_, let arguments), .list(let arguments): return arguments.contains { readsCapability($0, feature) }
        case .not(let operand): return readsCapability(operand, feature)
        case .binary(_, let left, let right): return readsCapability(left, feature) || readsCapability(right, feature)
        case .literal, .path, .item: return false
        }
    }
}
