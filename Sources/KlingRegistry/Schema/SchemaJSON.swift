import KlingRuntime

/// The typed schema as JSON: structured constraints, rules as trees, every
/// item with its `file:line`. Used by `klingreg schema --format json`.
package enum SchemaJSON {
    static func string(_ text: String) -> JSONValue { .string(text) }
    static func strings(_ texts: [String]) -> JSONValue { .array(texts.map(JSONValue.string)) }
    static func number(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }
    static func number(_ literal: NumberLiteral) -> JSONValue { .number(JSONNumber(lexeme: literal.lexeme.hasPrefix("+") ? String(literal.lexeme.dropFirst()) : literal.lexeme)) }
    static func object(_ members: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(members.map { (key: $0.0, value: $0.1) })) }

    package static func registry(_ registry: Registry) -> JSONValue {
        object([
            ("endpoints", .array(registry.endpoints.map(endpoint))),
            ("capabilityMap", .array(registry.capabilityCells.map(cell))),
            ("billing", .array(registry.billing.map(billing))),
            ("sharedRules", .array(registry.sharedRules.map(rule))),
            ("sharedContradictions", .array(registry.sharedContradictions.map(contradiction))),
            ("sharedClaims", .array(registry.sharedClaims.map(claim))),
            ("errorCodes", .array(registry.errorCodes.map(errorCode))),
            ("apiDomains", .array(registry.apiDomains.map { domain in object([("url", string(domain.url)), ("use", string(domain.use.rawValue)), ("sources", strings(domain.sources)), ("location", string(domain.location.description))]) })),
        ])
    }

    package static func endpoint(_ endpoint: Endpoint) -> JSONValue {
        object([
            ("id", string(endpoint.id)),
            ("title", string(endpoint.title)),
            ("method", string(endpoint.method)),
            ("path", string(endpoint.path)),
            ("family", string(endpoint.family)),
            ("scope", string(endpoint.scope.rawValue)),
            ("source", string(endpoint.source)),
            ("captured", string(endpoint.captured)),
            ("fields", .array(endpoint.fields.map(field))),
            ("rules", .array(endpoint.rules.map(rule))),
            ("contradictions", .array(endpoint.contradictions.map(contradiction))),
            ("claims", .array(endpoint.claims.map(claim))),
            ("location", string(endpoint.location.description)),
        ])
    }

    package static func field(_ field: Field) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("part", string(field.part.rawValue)),
            ("path", string(field.path)),
            ("type", string(field.type.description)),
            ("required", string(field.requirement.description)),
            ("constraints", .array(field.constraints.map(constraint))),
            ("sources", strings(field.sources)),
            ("description", string(field.description)),
            ("location", string(field.location.description)),
        ]
        switch field.defaultValue {
        case .none: break
        case .notStated: members.append(("default", string("not stated")))
        case .value(let value): members.append(("default", value))
        }
        if let included = field.includedFrom { members.append(("includedFrom", string(included))) }
        if field.pasted { members.append(("pasted", .bool(true))) }
        return object(members)
    }

    package static func constraint(_ constraint: Constraint) -> JSONValue {
        var members: [(String, JSONValue)] = [("kind", string(constraint.kind.rawValue))]
        switch constraint {
        case .oneOf(let values): members.append(("values", .array(values)))
        case .range(let lower, let li, let upper, let ui):
            members += [("min", number(lower)), ("minInclusive", .bool(li)), ("max", number(upper)), ("maxInclusive", .bool(ui))]
        case .intString(let min, let max): members += [("min", number(min)), ("max", number(max))]
        case .length(let min, let max), .items(let min, let max):
            if let min { members.append(("min", number(min))) }
            members.append(("max", number(max)))
            if case .length = constraint { members.append(("unit", string("utf16"))) }
        case .bytes(let max, let unit, let decoded):
            members += [("max", number(max)), ("unit", string(unit)), ("decoded", .bool(decoded)), ("maxBytes", .number(JSONNumber(Int(constraint.byteLimit!))))]
        case .minSide(let side): members.append(("min", number(side)))
        case .side(let min, let max), .fps(let min, let max): members += [("min", number(min)), ("max", number(max))]
        case .aspectRange(let low, let high): members += [("min", string(low.description)), ("max", string(high.description))]
        case .aspectSet(let ratios): members.append(("ratios", strings(ratios.map(\.description))))
        case .size(let sizes): members.append(("sizes", strings(sizes.map(\.description))))
        case .format(let formats): members.append(("formats", strings(formats)))
        case .encoding(let encoding): members.append(("encoding", string(encoding.rawValue)))
        case .mediaDuration(let min, let max): members += [("min", number(min)), ("max", number(max)), ("unit", string("s"))]
        case .childrenNotEvidenced, .nonEmpty: break
        }
        if constraint.kind.needsMedia { members.append(("needsMedia", .bool(true))) }
        return object(members)
    }

    package static func rule(_ rule: Rule) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", string(rule.id)),
            ("effect", string(rule.effect.rawValue)),
            ("sources", strings(rule.sources)),
            ("digest", strings(rule.digest)),
            ("description", string(rule.description)),
            ("location", string(rule.location.description)),
        ]
        switch rule.check {
        case .expression(let node, let source):
            members += [("check", RulePrinter.json(node)), ("text", string(source)), ("canonical", string(RulePrinter.text(node)))]
        case .notExpressible(let reason): members.append(("notExpressible", string(reason)))
        case .needsExternalData(let what): members.append(("needsExternalData", string(what)))
        }
        return object(members)
    }

    package static func contradiction(_ item: Contradiction) -> JSONValue {
        object([
            ("id", string(item.id)), ("topic", string(item.topic)),
            ("refs", strings(item.refs.map(\.description))),
            ("readingA", string(item.readingA)), ("sourcesA", strings(item.sourcesA)),
            ("readingB", string(item.readingB)), ("sourcesB", strings(item.sourcesB)),
            ("enforced", string(item.enforced.description)), ("digest", strings(item.digest)),
            ("why", string(item.why)), ("location", string(item.location.description)),
        ])
    }

    package static func claim(_ item: Claim) -> JSONValue {
        object([
            ("id", string(item.id)), ("claim", string(item.claim)),
            ("refs", strings(item.refs.map(\.description))), ("sources", strings(item.sources)),
            ("note", string(item.note)), ("location", string(item.location.description)),
        ])
    }

    package static func cell(_ cell: CapabilityCell) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", string(cell.reference.description)),
            ("model", string(cell.model)), ("feature", string(cell.feature)),
            ("sources", strings(cell.sources)), ("note", string(cell.note)),
            ("location", string(cell.location.description)),
        ]
        switch cell.value {
        case .constraint(let constraint): members.append(("value", self.constraint(constraint)))
        case .supported: members.append(("value", .bool(true)))
        // The cell's mark by name: JSON consumers get words, not the map's symbols.
        case .unsupported: members += [("value", .bool(false)), ("mark", string("unsupported"))]
        case .comingSoon: members += [("value", .bool(false)), ("mark", string("coming-soon"))]
        case .notListed: members += [("value", .bool(false)), ("mark", string("not-listed"))]
        }
        return object(members)
    }

    package static func billing(_ row: BillingRow) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("endpoint", string(row.endpoint)), ("model", string(row.model)), ("mode", string(row.mode)),
            ("units", number(row.units)), ("per", string(row.per)), ("sources", strings(row.sources)),
            ("location", string(row.location.description)),
        ]
        if let when = row.when { members += [("when", RulePrinter.json(when)), ("whenText", string(row.whenText))] }
        return object(members)
    }

    package static func errorCode(_ code: ErrorCode) -> JSONValue {
        object([
            ("http", string(code.http)), ("code", number(code.code)), ("meaning", string(code.meaning)),
            ("outcome", string(code.outcome.rawValue)), ("sources", strings(code.sources)),
            ("location", string(code.location.description)),
        ])
    }
}
