import Foundation
import KlingRuntime

/// Reads the literals of Values, Default and references, typed by the field.
enum LiteralReader {
    /// `text` as a literal of `type`. String fields take bare words or a JSON
    /// string (`"5"`); other types take exactly one JSON literal.
    static func literal(_ text: String, as type: FieldType) -> JSONValue? {
        let trimmed = text.trimmedSpaces
        guard !trimmed.isEmpty else { return nil }
        if type == .string {
            if trimmed.hasPrefix("\"") {
                guard case .string(let value)? = json(trimmed) else { return nil }
                return .string(value)
            }
            return .string(trimmed)
        }
        guard let value = json(trimmed) else { return nil }
        return matches(value, type) ? value : nil
    }

    /// A literal typed by how it is written: JSON when it parses as JSON, a bare string otherwise.
    static func untyped(_ text: String) -> JSONValue? {
        let trimmed = text.trimmedSpaces
        guard !trimmed.isEmpty else { return nil }
        return json(trimmed) ?? .string(trimmed)
    }

    /// One JSON literal, or nil.
    static func json(_ text: String) -> JSONValue? {
        try? JSONReader(maxDepth: 8).parse(text)
    }

    /// Whether a JSON value has the field's type (integers have integer lexemes).
    static func matches(_ value: JSONValue, _ type: FieldType) -> Bool {
        switch (value, type) {
        case (.string, .string), (.bool, .boolean), (.object, .object), (.array, .array): return true
        case (.number(let number), .integer), (.number(let number), .int64): return number.isInteger
        case (.number, .number): return true
        default: return false
        }
    }
}
