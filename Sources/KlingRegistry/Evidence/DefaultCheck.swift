import KlingRuntime

/// A row's Default must satisfy the row's own Values: a default outside the
/// enum or range would be sent by the API for an omitted field while every
/// check here says that value is refused.
enum DefaultCheck {
    /// One message per violated constraint; a constraint that cannot be
    /// checked against a literal (media atoms) is a problem too, never a pass.
    static func problems(_ value: JSONValue, type: FieldType, constraints: [Constraint]) -> [String] {
        var problems: [String] = []
        let shown = JSONWriter(style: .compact).string(value)
        for constraint in constraints {
            switch constraint {
            case .oneOf(let allowed):
                let items: [JSONValue] = if case .array = type, case .array(let list) = value { list } else { [value] }
                for item in items where !allowed.contains(where: { same($0, item) }) {
                    var message = "default \(JSONWriter(style: .compact).string(item)) is not one of this row's values \(allowed.map { "`\(display($0))`" }.joined(separator: ", "))"
                    if case .string(let text) = item, let near = Suggestion.closest(to: text, among: allowed.compactMap(\.stringValue)), near != text {
                        message += "; did you mean `\(near)`?"
                    }
                    problems.append(message)
                }
            case .range(let lower, let lowerInclusive, let upper, let upperInclusive):
                let items: [JSONValue] = if case .array(let list) = value { list } else { [value] }
                for item in items {
                    guard case .number(let number) = item, let double = number.doubleValue else {
                        problems.append("default \(shown) cannot be checked against the range \(constraint.canonicalText)")
                        continue
                    }
                    let above = lowerInclusive ? double >= lower.value : double > lower.value
                    let below = upperInclusive ? double <= upper.value : double < upper.value
                    if !(above && below) { problems.append("default \(number.lexeme) is outside this row's range \(constraint.canonicalText)") }
                }
            case .intString(let min, let max):
                guard case .string(let text) = value, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text) else {
                    problems.append("default \(shown) is not a string of digits (int-string \(min)..\(max))")
                    continue
                }
                if number < min || number > max { problems.append("default \(shown) is outside this row's int-string \(min)..\(max)") }
            case .length(let min, let max):
                guard case .string(let text) = value else { problems.append("default \(shown) cannot be checked against \(constraint.canonicalText)"); continue }
                let units = text.utf16.count
                if units > max || units < (min ?? 0) { problems.append("default \(shown) has length \(units), outside this row's \(constraint.canonicalText)") }
            case .items(let min, let max):
                guard case .array(let list) = value else { problems.append("default \(shown) cannot be checked against \(constraint.canonicalText)"); continue }
                if list.count > max || list.count < (min ?? 0) { problems.append("default \(shown) has \(list.count) items, outside this row's \(constraint.canonicalText)") }
            case .nonEmpty:
                if value == .string("") || value == .array([]) { problems.append("default \(shown) is empty, but the row says non-empty") }
            case .childrenNotEvidenced:
                break  // says nothing about values
            default:
                problems.append("a default cannot be checked against '\(constraint.canonicalText)'; leave Default empty for a media field")
            }
        }
        return problems
    }

    /// Equal as JSON values, numbers by value (`5` and `5.0`).
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if case .number(let x) = a, case .number(let y) = b, let dx = x.doubleValue, let dy = y.doubleValue { return dx == dy }
        return a == b
    }

    static func display(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return JSONWriter(style: .compact).string(value)
    }
}
