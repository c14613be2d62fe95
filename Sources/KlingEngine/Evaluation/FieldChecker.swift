import KlingRuntime

/// Field-level checks (docs/validation.md#validation-and-classification): the allowlist of documented fields, exact
/// JSON types, required fields, and every Values constraint, media included.
/// Records which payload locations failed, so rules reading them are skipped.
package struct FieldChecker {
    /// What the payload is checked against: the endpoint's fields by parent and by leaf.
    let layout: PayloadLayout
    package let contested: ContestedItems
    package var endpointID: String { layout.endpointID }
    /// Where the endpoint's file is, for findings about the payload as a whole.
    package var evidence: String { layout.evidence }
    /// The part named by references to the payload itself (body for creates, query for queries).
    package var part: Part { layout.part }
    /// Children by parent path (`""` for the top level; `a[]` for array items).
    package var children: [String: [Field]] { layout.children }
    /// The same children by their last path segment, and the required ones with theirs.
    package var childrenByLeaf: [String: [String: Field]] { layout.childrenByLeaf }
    package var requiredLeaves: [String: [(leaf: String, field: Field)]] { layout.requiredLeaves }

    package var findings: [Finding] = []
    /// Concrete payload paths whose value failed a check.
    package var failed: Set<String> = []
    /// Concrete paths of empty optional strings, read as absent by rules.
    package var treatedAsAbsent: Set<String> = []

    package init(layout: PayloadLayout, contested: ContestedItems) {
        self.layout = layout
        self.contested = contested
    }

    /// `a[].b` → `a[]`, `a.b` → `a`, `b` → `""`.
    package static func parentKey(of path: String) -> String {
        guard let dot = path.lastIndex(of: ".") else { return "" }
        return String(path[..<dot])
    }

    package func reference(_ field: Field, _ constraint: String? = nil) -> String {
        FieldReference(endpoint: endpointID, field).with(constraint: constraint)
    }

    package mutating func report(_ field: Field, at path: String, constraint: ConstraintKind?, _ message: String, severity: Finding.Severity = .error, value: JSONValue? = nil) {
        let name = constraint?.rawValue
        let ref = reference(field, name)
        var contradiction = contested.id(for: ref) ?? contested.id(for: reference(field))
        if contradiction == nil, let value {
            contradiction = contested.id(for: reference(field) + "=" + JSONWriter(style: .compact).string(value))
        }
        findings.append(Finding(severity: severity, path: path, message: message, reference: ref, constraint: name, contradiction: contradiction, evidence: field.location.description))
        if severity == .error { failed.insert(path) }
    }

    /// Checks the members of an object against the fields documented under `parent`.
    package mutating func checkObject(_ object: JSONObject, parent: String, at path: String) {
        let byLeaf = childrenByLeaf[parent] ?? [:]
        for member in object.members {
            let memberPath = path.isEmpty ? member.key : JSONPath.appending(path, key: member.key)
            guard let field = byLeaf[member.key] else {
                var message = "unknown field `\(member.key)`"
                if let near = Suggestion.closest(to: member.key, among: byLeaf.keys) { message += "; did you mean `\(near)`?" }
                let parentRef = FieldReference(endpoint: endpointID, part: part, path: parent.replacingOccurrences(of: "[]", with: "")).description
                findings.append(Finding(severity: .error, path: memberPath, message: message, reference: parentRef, constraint: "unknown", evidence: evidence))
                failed.insert(memberPath)
                continue
            }
            checkValue(member.value, field: field, at: memberPath)
        }
        for (leaf, field) in requiredLeaves[parent] ?? [] where object[leaf] == nil {
            let fieldPath = path.isEmpty ? leaf : JSONPath.appending(path, key: leaf)
            report(field, at: fieldPath, constraint: .required, "`\(leaf)` is required")
        }
    }

    package mutating func checkValue(_ value: JSONValue, field: Field, at path: String) {
        if value == .null {
            if field.requirement == .required {
                report(field, at: path, constraint: .required, "`\(FieldPath.leaf(of: field.path))` is required and may not be null")
            } else {
                findings.append(Finding(severity: .note, path: path, message: "null is read as absent", reference: reference(field), evidence: field.location.description))
                treatedAsAbsent.insert(path)
            }
            return
        }
        let isMedia = field.constraints.contains { $0.kind == .encoding || $0.kind.needsMedia }
        if isMedia, case .object(let object) = value, MediaString.inspect(.object(object), readImageHeader: false) != .notString {
            checkMedia(value, field: field, at: path)
            return
        }
        guard Self.hasType(value, field.type) else {
            report(field, at: path, constraint: .type, "expected \(Self.describe(field.type)), found \(Self.describe(value))")
            return
        }
        if case .string(let text) = value, text.isEmpty {
            if field.constraint(.nonEmpty) != nil {
                report(field, at: path, constraint: .nonEmpty, "must not be empty")
            } else if field.requirement != .required {
                findings.append(Finding(severity: .note, path: path, message: "empty string is read as absent", reference: reference(field), evidence: field.location.description))
                treatedAsAbsent.insert(path)
            }
            return
        }
        for constraint in field.constraints {
            checkConstraint(constraint, value: value, field: field, at: path)
        }
        if isMedia, case .string = value {
            checkMedia(value, field: field, at: path)
        }
        switch value {
        case .object(let object):
            if field.constraint(.limit) != nil || children[field.path] == nil {
                if !object.members.isEmpty {
                    findings.append(Finding(severity: .note, path: path, message: "contents not checked: the documentation shows no inner structure", reference: reference(field), evidence: field.location.description))
                }
            } else {
                checkObject(object, parent: field.path, at: path)
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                let itemPath = JSONPath.appending(path, index: index)
                if case .array(let itemType?) = field.type {
                    guard Self.hasType(item, itemType) else {
                        report(field, at: itemPath, constraint: .type, "expected \(Self.describe(itemType)), found \(Self.describe(item))")
                        continue
                    }
                    if case .oneOf(let values)? = field.constraint(.enum), !values.contains(item) {
                        report(field, at: itemPath, constraint: .enum, "\(JSONWriter(style: .compact).string(item)) is not one of \(Self.list(values))", value: item)
                    }
                } else if case .object(let object) = item {
                    checkObject(object, parent: field.path + "[]", at: itemPath)
                } else {
                    report(field, at: itemPath, constraint: .type, "expected an object, found \(Self.describe(item))")
                }
            }
        default:
            break
        }
    }

    package mutating func checkConstraint(_ constraint: Constraint, value: JSONValue, field: Field, at path: String) {
        switch (constraint, value) {
        case (.oneOf(let values), _):
            if case .array = field.type { return }  // checked per item
            if !values.contains(value) {
                var message = "\(JSONWriter(style: .compact).string(value)) is not one of \(Self.list(values))"
                if case .string(let text) = value, let near = Suggestion.closest(to: text, among: values.compactMap(\.stringValue)) {
                    message += "; did you mean \"\(near)\"?"
                }
                report(field, at: path, constraint: .enum, message, value: value)
            }
        case (.range(let lower, let li, let upper, let ui), .number(let number)):
            guard let double = number.doubleValue else {
                report(field, at: path, constraint: .range, "\(number.lexeme) is out of range")
                return
            }
            let aboveLower = li ? double >= lower.value : double > lower.value
            let belowUpper = ui ? double <= upper.value : double < upper.value
            if !(aboveLower && belowUpper) {
                report(field, at: path, constraint: .range, "\(number.lexeme) is outside \(constraint.canonicalText)")
            }
        case (.intString(let min, let max), .string(let text)):
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text) else {
                report(field, at: path, constraint: .intString, "\"\(text)\" is not a string of digits")
                return
            }
            if number < min || number > max {
                report(field, at: path, constraint: .intString, "\"\(text)\" is outside \(min)..\(max)")
            }
        case (.length(let min, let max), .string(let text)):
            let units = text.utf16.count
            if units > max || units < (min ?? 0) {
                report(field, at: path, constraint: .len, "length \(units) (UTF-16 units) is outside \(min.map { "\($0)..\(max)" } ?? "at most \(max)")")
            }
        case (.items(let min, let max), .array(let items)):
            if items.count > max || items.count < (min ?? 0) {
                report(field, at: path, constraint: .items, "\(items.count) item\(items.count == 1 ? "" : "s"); allowed \(min.map { "\($0)..\(max)" } ?? "at most \(max)")")
            }
        case (.nonEmpty, .array(let items)):
            if items.isEmpty { report(field, at: path, constraint: .nonEmpty, "must not be empty") }
        default:
            break  // media atoms are checked together in checkMedia; others do not apply to this JSON type
        }
    }

    package static func list(_ values: [JSONValue]) -> String {
        values.map { JSONWriter(style: .compact).string($0) }.joined(separator: ", ")
    }

    package static func hasType(_ value: JSONValue, _ type: FieldType) -> Bool {
        switch (value, type) {
        case (.string, .string), (.bool, .boolean), (.object, .object), (.array, .array): return true
        case (.number(let number), .integer): return number.isInteger
        case (.number(let number), .int64): return number.isInteger && number.int64Value != nil
        case (.number, .number): return true
        default: return false
        }
    }

    package static func describe(_ type: FieldType) -> String {
        switch type {
        case .integer: return "an integer"
        case .int64: return "a 64-bit integer"
        case .array, .object: return "an \(type)"
        default: return "a \(type)"
        }
    }

    package static func describe(_ value: JSONValue) -> String {
        switch value {
        case .number(let number): return number.isInteger ? "the number \(number.lexeme)" : "the non-integer number \(number.lexeme)"
        case .string(let text): return "the string \(JSONWriter(style: .compact).string(.string(String(text.prefix(40)))))"
        case .bool(let flag): return "\(flag)"
        default: return "\(value.typeName == "array" || value.typeName == "object" ? "an" : "a") \(value.typeName)"
        }
    }
}
