import KlingRuntime

/// A parsed rule-language expression (docs/rule-language.md#the-rule-language). Every node keeps the
/// offset of its first byte in the cell, so type errors point at it.
public indirect enum RuleExpression: Sendable, Hashable, Codable {
    case literal(JSONValue)
    case path(RulePath)
    /// `@`: the item or member inside `any`, `all` and `count`.
    case item
    case list([RuleNode])
    case call(RuleFunction, [RuleNode])
    case not(RuleNode)
    case binary(BinaryOperator, RuleNode, RuleNode)
}

public enum BinaryOperator: String, Sendable, Hashable, Codable, CaseIterable {
    case implies = "=>"
    case or = "||"
    case and = "&&"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case `in` = "in"
    case plus = "+"
    case minus = "-"

    package var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in: return true
        default: return false
        }
    }
}

public struct RuleNode: Sendable, Hashable, Codable {
    public var expression: RuleExpression
    /// UTF-8 offset in the Check text.
    public var offset: Int
    /// Filled in by the type checker.
    public var type: RuleType?

    public init(_ expression: RuleExpression, offset: Int, type: RuleType? = nil) {
        self.expression = expression
        self.offset = offset
        self.type = type
    }
}

/// `a.b`, `a[].b`, `a.*`, `$.a`: read from the payload, relative to the item
/// inside `any`/`all`/`count` unless rooted.
public struct RulePath: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable, Codable {
        case name(String)
        /// `[]`: every item of an array.
        case each
        /// `.*`: every member of an object.
        case members
    }

    public let rooted: Bool
    public let segments: [Segment]
    /// The segments' names when every segment is a name (a path that reaches one
    /// value); nil otherwise. Derived once here so evaluation walks no enum per read.
    package let names: [String]?

    private enum CodingKeys: String, CodingKey { case rooted, segments }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(rooted: try container.decode(Bool.self, forKey: .rooted), segments: try container.decode([Segment].self, forKey: .segments))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rooted, forKey: .rooted)
        try container.encode(segments, forKey: .segments)
    }

    public var description: String {
        var text = rooted ? "$" : ""
        for segment in segments {
            switch segment {
            case .name(let name): text += (text.isEmpty ? "" : ".") + name
            case .each: text += "[]"
            case .members: text += ".*"
            }
        }
        return text
    }

    /// The field path this path names, without a trailing `[]` or `.*`
    /// (`camera_control.config.*` → `camera_control.config`).
    public var fieldPath: String {
        var kept = segments[...]
        while let last = kept.last, last == .each || last == .members { kept.removeLast() }
        return RulePath(rooted: false, segments: Array(kept)).description
    }

    package init(rooted: Bool, segments: [Segment]) {
        self.rooted = rooted
        self.segments = segments
        var names: [String] = []
        for segment in segments {
            guard case .name(let name) = segment else { self.names = nil; return }
            names.append(name)
        }
        self.names = names
    }
}

/// Types of the rule language, checked when evidence loads.
public indirect enum RuleType: Sendable, Hashable, Codable, CustomStringConvertible {
    case boolean
    case number
    case string
    case null
    case object
    /// Several values: a path through `[]` or `.*`, a list literal, or a mapped function.
    case list(RuleType)
    /// A set from `refs` or a capability cell.
    case set(RuleType)
    /// An integer range from a capability cell.
    case range
    /// A capability cell whose shape depends on the model: a set, a range or a boolean.
    case capability(element: RuleType?)

    public var description: String {
        switch self {
        case .boolean: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .null: return "null"
        case .object: return "object"
        case .list(let item): return "list of \(item)"
        case .set(let item): return "set of \(item)"
        case .range: return "range"
        case .capability: return "capability cell"
        }
    }
}

/// A Rules-table Check: an expression, or a kept gap with its reason.
public enum RuleCheck: Sendable, Hashable {
    case expression(RuleNode, source: String)
    /// A gap of klingreg: stays a residual.
    case notExpressible(String)
    /// Inherent: needs data the payload does not carry.
    case needsExternalData(String)
}

/// One row of a Rules table.
public struct Rule: Sendable {
    public var id: String
    public var check: RuleCheck
    public var effect: RuleEffect
    /// How the source text words it; bounds `effect`.
    public var wording: RuleWording
    public var sources: [String]
    public var digest: [String]
    public var description: String
    public var location: SourceLocation
    public var endpoint: String?

    package init(id: String, check: RuleCheck, effect: RuleEffect, wording: RuleWording, sources: [String], digest: [String], description: String, location: SourceLocation, endpoint: String? = nil) {
        self.id = id
        self.check = check
        self.effect = effect
        self.wording = wording
        self.sources = sources
        self.digest = digest
        self.description = description
        self.location = location
        self.endpoint = endpoint
    }
}

/// How the official text words a rule, which bounds the effect it may carry:
/// a rule is as strong as its wording, and a stricter reading says so (`inferred`).
public enum RuleWording: String, Sendable, Hashable, CaseIterable {
    /// The text says such a request fails or is refused.
    case refused
    /// "must", "must not", "cannot", "cannot exceed", "only", "at most", a stated limit.
    case must
    /// The text names the field as required in this case.
    case required
    /// "not supported", "does not support", without what the API then does.
    case notSupported = "not-supported"
    /// Only an empty capability-map cell, or a model the map's row leaves out.
    case mapEmpty = "map-empty"
    /// "invalid", "ignored", "has no effect" in this case.
    case invalid
    /// No text states it: our own reading, labelled as such.
    case inferred

    /// The effects this wording supports.
    public var allowedEffects: Set<RuleEffect> {
        switch self {
        case .refused, .must: return [.error, .required]
        case .required: return [.required]
        case .notSupported, .mapEmpty: return [.unsupported]
        case .invalid: return [.ignored]
        case .inferred: return Set(RuleEffect.allCases)
        }
    }
}
