import KlingRuntime

/// The name of a constraint, as references and findings use it (`…#body:image/min-side`).
public enum ConstraintKind: String, Sendable, Hashable, CaseIterable, Comparable {
    case type
    case required
    case `enum`
    case range
    case intString = "int-string"
    case len
    case items
    case bytes
    case minSide = "min-side"
    case side
    case aspect
    case size
    case format
    case encoding
    case duration
    case fps
    case nonEmpty = "non-empty"
    /// `children: not evidenced`: not a check, a statement about the doc.
    case limit = "children"

    public static func < (lhs: ConstraintKind, rhs: ConstraintKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Checks that need the media itself: kept, and reported as unverifiable
    /// offline for URLs.
    public var needsMedia: Bool {
        switch self {
        case .bytes, .minSide, .side, .aspect, .size, .format, .duration, .fps: return true
        default: return false
        }
    }
}

/// A number as written in the evidence, kept exactly.
public struct NumberLiteral: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var lexeme: String
    public var value: Double

    public init?(_ lexeme: String) {
        guard let value = Double(lexeme), value.isFinite else { return nil }
        self.lexeme = lexeme
        self.value = value
    }

    public var description: String { lexeme }
    public static func < (lhs: NumberLiteral, rhs: NumberLiteral) -> Bool { lhs.value < rhs.value }
    public static func == (lhs: NumberLiteral, rhs: NumberLiteral) -> Bool { lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

/// Width:height.
public struct Ratio: Sendable, Hashable, Codable, CustomStringConvertible {
    public var width: NumberLiteral
    public var height: NumberLiteral
    public var value: Double { width.value / height.value }
    public var description: String { "\(width):\(height)" }

    package init(width: NumberLiteral, height: NumberLiteral) {
        self.width = width
        self.height = height
    }
}

public enum MediaEncoding: String, Sendable, Hashable, Codable {
    case urlOrBase64 = "url-or-base64"
    case url
    case base64
}

/// One machine-readable constraint from a Values cell (docs/evidence-format.md#an-endpoint-file).
public enum Constraint: Sendable, Hashable, Codable {
    case oneOf([JSONValue])
    case range(lower: NumberLiteral, lowerInclusive: Bool, upper: NumberLiteral, upperInclusive: Bool)
    case intString(min: Int, max: Int)
    case length(min: Int?, max: Int)
    case items(min: Int?, max: Int)
    case bytes(max: NumberLiteral, unit: String, decoded: Bool)
    case minSide(Int)
    case side(min: Int, max: Int)
    case aspectRange(Ratio, Ratio)
    case aspectSet([Ratio])
    case size([PixelSize])
    case format([String])
    case encoding(MediaEncoding)
    case mediaDuration(min: NumberLiteral, max: NumberLiteral)
    case fps(min: Int, max: Int)
    case childrenNotEvidenced
    case nonEmpty

    public struct PixelSize: Sendable, Hashable, Codable, CustomStringConvertible {
        public var width: Int
        public var height: Int
        public var description: String { "\(width)x\(height)" }

        package init(width: Int, height: Int) {
            self.width = width
            self.height = height
        }
    }

    public var kind: ConstraintKind {
        switch self {
        case .oneOf: return .enum
        case .range: return .range
        case .intString: return .intString
        case .length: return .len
        case .items: return .items
        case .bytes: return .bytes
        case .minSide: return .minSide
        case .side: return .side
        case .aspectRange, .aspectSet: return .aspect
        case .size: return .size
        case .format: return .format
        case .encoding: return .encoding
        case .mediaDuration: return .duration
        case .fps: return .fps
        case .childrenNotEvidenced: return .limit
        case .nonEmpty: return .nonEmpty
        }
    }

    /// Byte limit in bytes (MB = 1 000 000).
    public var byteLimit: Double? {
        guard case .bytes(let max, let unit, _) = self else { return nil }
        return max.value * (unit == "MB" ? 1_000_000 : 1_000)
    }

    /// The canonical Values text of this atom; parsing it gives the same constraint.
    public var canonicalText: String {
        switch self {
        case .oneOf(let values): return values.map { "`\(JSONWriter(style: .compact).string($0))`" }.joined(separator: ", ")
        case .range(let lower, let li, let upper, let ui): return "\(li ? "[" : "(")\(lower), \(upper)\(ui ? "]" : ")")"
        case .intString(let min, let max): return "int-string \(min)..\(max)"
        case .length(let min, let max): return min.map { "len \($0)..\(max) chars" } ?? "len <= \(max) chars"
        case .items(let min, let max): return min.map { "\($0)..\(max) items" } ?? "<= \(max) items"
        case .bytes(let max, let unit, let decoded): return "<= \(max) \(unit)" + (decoded ? " decoded" : "")
        case .minSide(let side): return "min-side >= \(side) px"
        case .side(let min, let max): return "side \(min)..\(max) px"
        case .aspectRange(let low, let high): return "aspect \(low)..\(high)"
        case .aspectSet(let ratios): return "aspect " + ratios.map(\.description).joined(separator: ", ")
        case .size(let sizes): return "size " + sizes.map(\.description).joined(separator: ", ") + " px"
        case .format(let formats): return "format " + formats.joined(separator: ", ")
        case .encoding(let encoding): return encoding.rawValue
        case .mediaDuration(let min, let max): return "duration \(min)..\(max) s"
        case .fps(let min, let max): return "fps \(min)..\(max)"
        case .childrenNotEvidenced: return "children: not evidenced"
        case .nonEmpty: return "non-empty"
        }
    }
}
