/// A JSON value.
///
/// Equality is exact, not numeric or Unicode-canonical:
/// - numbers compare by lexeme, so `5 != 5.0` and `1e2 != 100`;
/// - strings and object keys compare by Unicode scalars, so precomposed `é` differs from
///   `e` followed by U+0301 (Swift's `String ==` would call them equal);
/// - objects compare as unordered key sets (RFC 8259 objects are unordered), so a document
///   still equals itself after ``JSONWriter`` sorts its keys;
/// - `true` never equals `1`.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.string(a), .string(b)): exactlyEqual(a, b)
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a == b
        default: false
        }
    }
}

extension JSONValue {
    /// The JSON type name, for messages such as "expected string, found number".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public var stringValue: String? {
        if case let .string(value) = self { value } else { nil }
    }

    public var boolValue: Bool? {
        if case let .bool(value) = self { value } else { nil }
    }

    public var numberValue: JSONNumber? {
        if case let .number(value) = self { value } else { nil }
    }

    public var arrayValue: [JSONValue]? {
        if case let .array(value) = self { value } else { nil }
    }

    public var objectValue: JSONObject? {
        if case let .object(value) = self { value } else { nil }
    }

    /// The member named `key`, or nil when this is not an object or has no such member.
    public subscript(key: String) -> JSONValue? {
        if case let .object(object) = self { object[key] } else { nil }
    }
}

/// A JSON number kept as its source lexeme, so large integers and the written form
/// (`5` vs `5.0`, `1e3` vs `1000`) survive a round trip. Conversions are exact or nil.
public struct JSONNumber: Sendable, Hashable {
    /// The number exactly as written in the source, e.g. `867283741759111202`, `5.0`, `-1e3`.
    public let lexeme: String

    /// - Precondition: `lexeme` matches the RFC 8259 `number` production.
    public init(lexeme: String) {
        precondition(JSONNumber.isValidLexeme(lexeme), "not a JSON number lexeme: \(lexeme)")
        self.lexeme = lexeme
    }

    public init(_ value: Int) {
        lexeme = String(value)
    }

    /// For lexemes the reader has already checked against the grammar.
    init(uncheckedLexeme: String) {
        lexeme = uncheckedLexeme
    }

    /// True when the lexeme has neither a fraction nor an exponent.
    public var isInteger: Bool {
        !lexeme.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// The exact value of an integer lexeme; nil for fractions, exponents and values outside Int64.
    public var int64Value: Int64? {
        isInteger ? Int64(lexeme) : nil
    }

    /// The nearest Double; nil when the magnitude overflows (e.g. `1e400`).
    public var doubleValue: Double? {
        guard let value = Double(lexeme), value.isFinite else { return nil }
        return value
    }

    static func isValidLexeme(_ lexeme: String) -> Bool {
        let bytes = Array(lexeme.utf8)
        var index = 0
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        func skipDigits() -> Int {
            let start = index
            while isDigit(index) { index += 1 }
            return index - start
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if skipDigits() == 0 {
            return false
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            if skipDigits() == 0 { return false }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            if skipDigits() == 0 { return false }
        }
        return index == bytes.count
    }
}

/// JSON object members in source order. Keys are unique, compared by Unicode scalars.
/// Equality ignores member order.
public struct JSONObject: Sendable, Equatable {
    /// Callers that mutate this directly must keep the keys unique.
    public var members: [(key: String, value: JSONValue)]

    /// - Precondition: no two members have the same key.
    public init(_ members: [(key: String, value: JSONValue)]) {
        var seen = Set<ExactKey>(minimumCapacity: members.count)
        for member in members {
            precondition(seen.insert(ExactKey(member.key)).inserted, "duplicate JSON object key: \(member.key)")
        }
        self.members = members
    }

    /// For members the reader has already checked for duplicates.
    init(uncheckedMembers members: [(key: String, value: JSONValue)]) {
        self.members = members
    }

    public subscript(key: String) -> JSONValue? {
        members.first { exactlyEqual($0.key, key) }?.value
    }

    public var keys: [String] {
        members.map(\.key)
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        let sameOrder = zip(lhs.members, rhs.members).allSatisfy { exactlyEqual($0.key, $1.key) }
        if sameOrder {
            return zip(lhs.members, rhs.members).allSatisfy { $0.value == $1.value }
        }
        var rhsValues = [ExactKey: JSONValue](minimumCapacity: rhs.members.count)
        for member in rhs.members {
            rhsValues[ExactKey(member.key)] = member.value
        }
        return lhs.members.allSatisfy { rhsValues[ExactKey($0.key)] == $0.value }
    }
}

/// Scalar-exact string comparison; `String ==` uses canonical equivalence instead.
func exactlyEqual(_ a: String, _ b: String) -> Bool {
    a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
}

/// A dictionary key that hashes and compares strings by their UTF-8 bytes.
struct ExactKey: Hashable {
    let string: String

    init(_ string: String) {
        self.string = string
    }

    static func == (lhs: ExactKey, rhs: ExactKey) -> Bool {
        exactlyEqual(lhs.string, rhs.string)
    }

    func hash(into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
