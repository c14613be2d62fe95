import KlingRuntime

/// Where an item was read from, for `file:line` in every finding and report.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public init(file: String, _ position: SourcePosition) {
        self.init(file: file, line: position.line, column: position.column)
    }

    public var description: String { "\(file):\(line)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// The request and response parts a field table can describe.
public enum Part: String, Sendable, Hashable, CaseIterable, Comparable {
    case header
    case path
    case query
    case body
    case response

    /// The level-2 heading of the part in an evidence file.
    public var heading: String {
        switch self {
        case .header: return "Request Header"
        case .path: return "Path Parameters"
        case .query: return "Query Parameters"
        case .body: return "Request Body"
        case .response: return "Response Body"
        }
    }

    public init?(heading: String) {
        guard let part = Part.allCases.first(where: { $0.heading.lowercased() == heading.lowercased() }) else { return nil }
        self = part
    }

    /// Parts a payload or request sends (rules read these).
    public var isRequest: Bool { self != .response && self != .header }

    public static func < (lhs: Part, rhs: Part) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public enum EndpointScope: String, Sendable, Hashable {
    case current
    case legacy
}

/// One API section: one evidence file.
public struct Endpoint: Sendable {
    /// The path of a body the server sends to the caller (the callback).
    public static let callbackPath = "{callback_url}"
    /// A body the server posts to the caller rather than one the caller sends.
    public var isCallback: Bool { path == Self.callbackPath }

    public var id: String
    public var title: String
    public var method: String
    public var path: String
    public var family: String
    public var scope: EndpointScope
    public var source: String
    public var captured: String
    public var fields: [Field]
    public var rules: [Rule]
    public var contradictions: [Contradiction]
    public var claims: [Claim]
    public var location: SourceLocation

    public func fields(in part: Part) -> [Field] { fields.filter { $0.part == part } }

    public func field(_ path: String, in part: Part) -> Field? {
        fields.first { $0.part == part && $0.path == path }
    }

    /// The prefix of this endpoint's rule, contradiction and claim ids (`OV`, `T2V`, …).
    public var idPrefix: String? { EndpointCatalog.idPrefix(forEndpoint: id) }
}
