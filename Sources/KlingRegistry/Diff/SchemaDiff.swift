import KlingRuntime

/// The semantic difference between two transcriptions: what a vendor doc
/// revision changed in what the API accepts, not which lines moved. Source
/// keys, descriptions and locations are not items; facts are.
package struct SchemaDiff: Sendable {
    /// Which way a change moves acceptance.
    package enum Direction: String, Sendable {
        /// Some payload accepted before is refused now.
        case narrows
        /// Some payload refused before is accepted now.
        case widens
        /// Both, or a change whose direction depends on the payload.
        case changes
        /// Acceptance is unchanged (billing, a default, an endpoint's catalogue entry).
        case none
    }

    package struct Item: Sendable {
        /// `endpoint`, `field`, `type`, `required`, `default`, `constraint`, `rule`, `capability`, `billing`.
        package var kind: String
        package var subject: String
        /// `added`, `removed` or `changed`.
        package var change: String
        package var before: String?
        package var after: String?
        package var direction: Direction
        package var breaking: Bool { direction != .none }
        package var location: String?
    }

    package struct Flip: Sendable {
        package var golden: String
        package var endpoint: String
        package var before: Bool
        package var after: Bool
    }

    package struct LabelChange: Sendable {
        package var item: String
        package var before: String?
        package var after: String?
    }

    package var items: [Item]
    package var goldenFlips: [Flip]
    package var labelChanges: [LabelChange]
    package var residualsAdded: [String]
    package var residualsRemoved: [String]

    package var isEmpty: Bool { items.isEmpty && goldenFlips.isEmpty && labelChanges.isEmpty && residualsAdded.isEmpty && residualsRemoved.isEmpty }

    package static func compare(_ old: Registry, _ new: Registry) -> SchemaDiff {
        var items: [Item] = []
        let oldEndpoints = Dictionary(old.endpoints.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let newEndpoints = Dictionary(new.endpoints.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for id in Set(oldEndpoints.keys).union(newEndpoints.keys).sorted() {
            switch (oldEndpoints[id], newEndpoints[id]) {
            case (nil, let added?):
                items.append(Item(kind: "endpoint", subject: id, change: "added", before: nil, after: "\(added.method) \(added.path)", direction: .none, location: added.location.description))
            case (let removed?, nil):
                items.append(Item(kind: "endpoint", subject: id, change: "removed", before: "\(removed.method) \(removed.path)", after: nil, direction: .narrows, location: nil))
            case (let before?, let after?):
                items += endpointItems(before, after)
            default:
                break
            }
        }
        items += capabilityItems(old, new)
        items += billingItems(old, new)
        return SchemaDiff(
            items: items, goldenFlips: flips(old, new), labelChanges: labelChanges(old, new),
            residualsAdded: residualIDs(new).subtracting(residualIDs(old)).sorted(),
            residualsRemoved: residualIDs(old).subtracting(residualIDs(new)).sorted()
        )
    }

    // MARK: - Endpoints, fields, rules

    static func endpointItems(_ old: Endpoint, _ new: Endpoint) -> [Item] {
        var items: [Item] = []
        if old.method != new.method || old.path != new.path {
            items.append(Item(kind: "endpoint", subject: new.id, change: "changed", before: "\(old.method) \(old.path)", after: "\(new.method) \(new.path)", direction: .changes, location: new.location.description))
        }
        func key(_ field: Field) -> String { FieldReference(endpoint: new.id, field).description }
        let oldFields = Dictionary(old.fields.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let newFields = Dictionary(new.fields.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        for fieldKey in Set(oldFields.keys).union(newFields.keys).sorted() {
            let subject = fieldKey
            switch (oldFields[fieldKey], newFields[fieldKey]) {
            case (nil, let added?):
                // A new optional field accepts payloads that carried the key (refused as unknown before);
                // a new required one refuses payloads without it.
                items.append(Item(kind: "field", subject: subject, change: "added", before: nil, after: summary(added), direction: added.requirement == .required ? .narrows : .widens, location: added.location.description))
            case (let removed?, nil):
                items.append(Item(kind: "field", subject: subject, change: "removed", before: summary(removed), after: nil, direction: removed.requirement == .required ? .changes : .narrows, location: nil))
            case (let before?, let after?):
                items += fieldItems(before, after, subject: subject)
            default:
                break
            }
        }
        let oldRules = Dictionary(old.rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let newRules = Dictionary(new.rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for id in Set(oldRules.keys).union(newRules.keys).sorted() {
            switch (oldRules[id], newRules[id]) {
            case (nil, let added?):
                items.append(Item(kind: "rule", subject: id, change: "added", before: nil, after: ruleText(added), direction: refuses(added) ? .narrows : .none, location: added.location.description))
            case (let removed?, nil):
                items.append(Item(kind: "rule", subject: id, change: "removed", before: ruleText(removed), after: nil, direction: refuses(removed) ? .widens : .none, location: nil))
            case (let before?, let after?) where ruleText(before) != ruleText(after):
                let direction: Direction = refuses(before) || refuses(after) ? .changes : .none
                items.append(Item(kind: "rule", subject: id, change: "changed", before: ruleText(before), after: ruleText(after), direction: direction, location: after.location.description))
            default:
                break
            }
        }
        return items
    }

    static func refuses(_ rule: Rule) -> Bool { rule.effect != .ignored }

    static func ruleText(_ rule: Rule) -> String {
        let check: String
        switch rule.check {
        case .expression(let node, _): check = RulePrinter.text(node)
        case .notExpressible(let why): check = "not-expressible: \(why)"
        case .needsExternalData(let why): check = "needs-external-data: \(why)"
        }
        return "\(rule.effect.rawValue): \(check)"
    }

    static func summary(_ field: Field) -> String {
        ([field.type.description, field.requirement.description] + field.constraints.map(constraintText)).joined(separator: "; ")
    }

    static func constraintText(_ constraint: Constraint) -> String {
        JSONWriter(style: .compact, sortKeys: true).string(SchemaJSON.constraint(constraint))
    }

    static func defaultText(_ value: DefaultValue) -> String? {
        switch value {
        case .none: return nil
        case .notStated: return "not stated"
        case .value(let json): return JSONWriter(style: .compact).string(json)
        }
    }

    static func fieldItems(_ old: Field, _ new: Field, subject: String) -> [Item] {
        var items: [Item] = []
        let location = new.location.description
        if old.type != new.type {
            items.append(Item(kind: "type", subject: subject, change: "changed", before: old.type.description, after: new.type.description, direction: .changes, location: location))
        }
        if old.requirement != new.requirement {
            let direction: Direction
            switch (old.requirement, new.requirement) {
            case (.optional, .required): direction = .narrows
            case (.required, .optional): direction = .widens
            default: direction = .changes
            }
            items.append(Item(kind: "required", subject: subject, change: "changed", before: old.requirement.description, after: new.requirement.description, direction: direction, location: location))
        }
        let oldDefault = defaultText(old.defaultValue), newDefault = defaultText(new.defaultValue)
        if oldDefault != newDefault {
            items.append(Item(kind: "default", subject: subject, change: oldDefault == nil ? "added" : newDefault == nil ? "removed" : "changed", before: oldDefault, after: newDefault, direction: .none, location: location))
        }
        let oldConstraints = Dictionary(old.constraints.map { ($0.kind.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
        let newConstraints = Dictionary(new.constraints.map { ($0.kind.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
        for kind in Set(oldConstraints.keys).union(newConstraints.keys).sorted() {
            let before = oldConstraints[kind], after = newConstraints[kind]
            let beforeText = before.map(constraintText), afterText = after.map(constraintText)
            guard beforeText != afterText else { continue }
            let direction: Direction
            switch (before, after) {
            case (nil, _?): direction = .narrows
            case (_?, nil): direction = .widens
            case (let b?, let a?): direction = constraintDirection(b, a)
            default: direction = .changes
            }
            items.append(Item(kind: "constraint", subject: "\(subject) \(kind)", change: before == nil ? "added" : after == nil ? "removed" : "changed", before: beforeText, after: afterText, direction: direction, location: location))
        }
        return items
    }

    /// Whether `new` admits a subset (narrows), a superset (widens) or neither of what `old` admits.
    static func constraintDirection(_ old: Constraint, _ new: Constraint) -> Direction {
        func bounds(_ lowOld: Double?, _ highOld: Double?, _ lowNew: Double?, _ highNew: Double?) -> Direction {
            let lowTighter = (lowNew ?? -.infinity) > (lowOld ?? -.infinity), lowLooser = (lowNew ?? -.infinity) < (lowOld ?? -.infinity)
            let highTighter = (highNew ?? .infinity) < (highOld ?? .infinity), highLooser = (highNew ?? .infinity) > (highOld ?? .infinity)
            if (lowTighter || highTighter) && !(lowLooser || highLooser) { return .narrows }
            if (lowLooser || highLooser) && !(lowTighter || highTighter) { return .widens }
            return .changes
        }
        switch (old, new) {
        case (.oneOf(let a), .oneOf(let b)):
            let before = Set(a.map { JSONWriter(style: .compact).string($0) }), after = Set(b.map { JSONWriter(style: .compact).string($0) })
            if after.isSubset(of: before) { return .narrows }
            if before.isSubset(of: after) { return .widens }
            return .changes
        case (.range(let lo, _, let hi, _), .range(let ln, _, let hn, _)):
            return bounds(lo.value, hi.value, ln.value, hn.value)
        case (.intString(let lo, let hi), .intString(let ln, let hn)):
            return bounds(Double(lo), Double(hi), Double(ln), Double(hn))
        case (.length(let lo, let hi), .length(let ln, let hn)), (.items(let lo, let hi), .items(let ln, let hn)):
            let low: Double? = lo.map { Double($0) }, lowNew: Double? = ln.map { Double($0) }
            return bounds(low, Double(hi), lowNew, Double(hn))
        case (.side(let lo, let hi), .side(let ln, let hn)), (.fps(let lo, let hi), .fps(let ln, let hn)):
            return bounds(Double(lo), Double(hi), Double(ln), Double(hn))
        case (.minSide(let side), .minSide(let sideNew)):
            return bounds(Double(side), nil, Double(sideNew), nil)
        case (.bytes, .bytes):
            return bounds(nil, old.byteLimit, nil, new.byteLimit)
        default:
            return .changes
        }
    }

    // MARK: - Shared files

    static func capabilityItems(_ old: Registry, _ new: Registry) -> [Item] {
        let before = Dictionary(old.capabilityCells.map { ("\($0.model)/\($0.feature)", $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.capabilityCells.map { ("\($0.model)/\($0.feature)", $0) }, uniquingKeysWith: { a, _ in a })
        var items: [Item] = []
        for key in Set(before.keys).union(after.keys).sorted() {
            let b = before[key]?.value.description, a = after[key]?.value.description
            guard b != a else { continue }
            items.append(Item(kind: "capability", subject: "cap:\(key)", change: b == nil ? "added" : a == nil ? "removed" : "changed", before: b, after: a, direction: .changes, location: after[key]?.location.description))
        }
        return items
    }

    static func billingItems(_ old: Registry, _ new: Registry) -> [Item] {
        func key(_ row: BillingRow) -> String { row.key + (row.whenText.isEmpty ? "" : " when \(row.whenText)") }
        let before = Dictionary(old.billing.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.billing.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        var items: [Item] = []
        for subject in Set(before.keys).union(after.keys).sorted() {
            let b = before[subject].map(\.rate), a = after[subject].map(\.rate)
            guard b != a else { continue }
            items.append(Item(kind: "billing", subject: subject, change: b == nil ? "added" : a == nil ? "removed" : "changed", before: b, after: a, direction: .none, location: after[subject]?.location.description))
        }
        return items
    }

    // MARK: - What follows from the items

    /// Golden cases (of either side) whose verdict differs between the two transcriptions.
    static func flips(_ old: Registry, _ new: Registry) -> [Flip] {
        var cases: [String: GoldenCase] = [:]
        for golden in old.goldens + new.goldens where cases[golden.id] == nil { cases[golden.id] = golden }
        let before = PayloadValidator(registry: old), after = PayloadValidator(registry: new)
        var flips: [Flip] = []
        for id in cases.keys.sorted(by: naturalOrder) {
            let golden = cases[id]!
            guard old.endpoint(golden.endpoint) != nil, new.endpoint(golden.endpoint) != nil else { continue }
            let options = ValidationOptions(policy: false)
            let was = before.validate(golden.payload, endpoint: golden.endpoint, options: options).isValid
            let now = after.validate(golden.payload, endpoint: golden.endpoint, options: options).isValid
            if was != now { flips.append(Flip(golden: id, endpoint: golden.endpoint, before: was, after: now)) }
        }
        return flips
    }

    /// `OV-G-2` before `OV-G-13`: digit runs compare as numbers.
    package static func naturalOrder(_ a: String, _ b: String) -> Bool {
        func parts(_ text: String) -> [(String, Int?)] {
            var parts: [(String, Int?)] = []
            var current = "", digits = false
            for character in text {
                let isDigit = character.isASCII && character.isNumber
                if !current.isEmpty, isDigit != digits { parts.append((current, digits ? Int(current) : nil)); current = "" }
                current.append(character)
                digits = isDigit
            }
            if !current.isEmpty { parts.append((current, digits ? Int(current) : nil)) }
            return parts
        }
        for (x, y) in zip(parts(a), parts(b)) where x.0 != y.0 {
            if let m = x.1, let n = y.1, m != n { return m < n }
            return x.0 < y.0
        }
        return a.count < b.count
    }

    static func labels(_ registry: Registry) -> [String: String] {
        var labels: [String: String] = [:]
        for line in StatusIndex(registry: registry).snapshotLines() {
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let label = parts.first(where: { $0.hasPrefix("label=") }) else { continue }
            labels["\(parts[0]) \(parts[1])"] = String(label.dropFirst("label=".count))
        }
        return labels
    }

    static func labelChanges(_ old: Registry, _ new: Registry) -> [LabelChange] {
        let before = labels(old), after = labels(new)
        return Set(before.keys).union(after.keys).sorted().compactMap { key in
            before[key] == after[key] ? nil : LabelChange(item: key, before: before[key], after: after[key])
        }
    }

    static func residualIDs(_ registry: Registry) -> Set<String> {
        Set(DerivedResiduals.compute(registry, index: StatusIndex(registry: registry)).map(\.id))
    }
}
