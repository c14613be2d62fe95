import KlingRuntime

/// Where an item was read from, for `file:line` in every finding and report.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
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
public enum Part: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
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
