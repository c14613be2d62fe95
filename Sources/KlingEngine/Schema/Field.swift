import Foundation
import KlingRuntime

/// The closed Type vocabulary of docs/evidence-format.md#an-endpoint-file.
public indirect enum FieldType: Sendable, Hashable, Codable, CustomStringConvertible {
    case string
    case integer
    case int64
    case number
    case boolean
    case object
    /// `array[T]`; `array` alone (items described by child rows) has nil.
    case array(FieldType?)

    public var description: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .int64: return "int64"
        case .number: return "number"
        case .boolean: return "boolean"
        case .object: return "object"
        case .array(let item): return item.map { "array[\($0)]" } ?? "array"
        }
    }

    public var isArray: Bool { if case .array = self { return true } else { return false } }
    public var isNumeric: Bool { self == .integer || self == .int64 || self == .number }

    /// Parses a Type cell, accepting the doc's own words.
    public static func parse(_ text: String) -> FieldType? {
        let word = text.trimmedSpaces.lowercased()
        switch word {
        case "string", "str": return .string
        case "integer", "int": return .integer
        case "int64", "long": return .int64
        case "number", "float", "double": return .number
        case "boolean", "bool": return .boolean
        case "object": return .object
        case "array": return .array(nil)
        default: break
        }
        for (open, close) in [("array[", "]"), ("array<", ">")] where word.hasPrefix(open) && word.hasSuffix(close) {
            let inner = String(word.dropFirst(open.count).dropLast(close.count))
            guard let item = parse(inner) else { return nil }
            // array[object] is items described by child rows, the same as `array`.
            return item == .object ? .array(nil) : .array(item)
        }
        return nil
    }
}

public enum Requirement: Sendable, Hashable, Codable, CustomStringConvertible {
    case required
    case optional
    /// Required when the named rule (Effect `required`) says so.
    case conditional(rule: String)

    public var description: String {
        switch self {
        case .required: return "required"
        case .optional: return "optional"
        case .conditional(let rule): return "conditional(\(rule))"
        }
    }
}

public enum DefaultValue: Sendable, Hashable, Codable {
    case none
    /// The doc is silent: an open residual.
    case notStated
    case value(JSONValue)
}

/// One row of a field table.
public struct Field: Sendable, Codable {
    public var part: Part
    /// Full path: `name`, `a.b`, `a[].b`.
    public var path: String
    public var type: FieldType
    public var requirement: Requirement
    public var defaultValue: DefaultValue
    public var constraints: [Constraint]
    public var sources: [String]
    public var description: String
    public var location: SourceLocation
    /// `common/envelope#<section>` when the row came from an include.
    public var includedFrom: String?
    /// Read from a table pasted without Values or Source: constraints are prose only.
    public var pasted: Bool = false

    /// The path of the parent row, nil at the top level.
    public var parentPath: String? { FieldPath.parent(of: path) }

    public func constraint(_ kind: ConstraintKind) -> Constraint? {
        constraints.first { $0.kind == kind }
    }

    package init(part: Part, path: String, type: FieldType, requirement: Requirement, defaultValue: DefaultValue, constraints: [Constraint], sources: [String], description: String, location: SourceLocation, includedFrom: String? = nil, pasted: Bool = false) {
        self.part = part
        self.path = path
        self.type = type
        self.requirement = requirement
        self.defaultValue = defaultValue
        self.constraints = constraints
        self.sources = sources
        self.description = description
        self.location = location
        self.includedFrom = includedFrom
        self.pasted = pasted
    }
}

/// Path arithmetic shared by the table reader, references and rules.
public enum FieldPath {
    /// `a[].b` → `a`; `a.b.c` → `a.b`; `a` → nil.
    public static func parent(of path: String) -> String? {
        guard let dot = path.lastIndex(of: ".") else { return nil }
        var parent = String(path[..<dot])
        if parent.hasSuffix("[]") { parent.removeLast(2) }
        return parent
    }

    /// The last segment: `a[].b` → `b`.
    public static func leaf(of path: String) -> String {
        guard let dot = path.lastIndex(of: ".") else { return path }
        return String(path[path.index(after: dot)...])
    }

    /// The first segment: `a[].b` → `a`.
    public static func top(of path: String) -> String {
        let end = path.firstIndex { $0 == "." || $0 == "[" } ?? path.endIndex
        return String(path[..<end])
    }

    /// `parent` + `leaf`, with `[]` when the parent is an array.
    public static func child(of parent: String, parentIsArray: Bool, leaf: String) -> String {
        parent + (parentIsArray ? "[]." : ".") + leaf
    }

    /// A valid path: identifier segments joined by `.` or `[].`.
    public static func isWellFormed(_ path: String) -> Bool {
        let segments = path.replacingOccurrences(of: "[].", with: ".").split(separator: ".", omittingEmptySubsequences: false)
        return !segments.isEmpty && segments.allSatisfy { segment in
            guard let first = segment.first, first.isLetter || first == "_" else { return false }
            return segment.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        }
    }
}
