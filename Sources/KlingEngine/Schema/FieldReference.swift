/// The one way a field's reference is written (docs/evidence-format.md#references):
/// `endpoint#part:path`, or `endpoint#part` for the part itself. References with a
/// constraint, value or model (`ItemReference`) start from it.
public struct FieldReference: Sendable, Hashable, CustomStringConvertible {
    public var endpoint: String
    public var part: Part
    /// Empty for the part as a whole.
    public var path: String

    public init(endpoint: String, part: Part, path: String) {
        self.endpoint = endpoint
        self.part = part
        self.path = path
    }

    public init(endpoint: String, _ field: Field) {
        self.init(endpoint: endpoint, part: field.part, path: field.path)
    }

    public var description: String {
        let base = "\(endpoint)#\(part.rawValue)"
        return path.isEmpty ? base : base + ":" + path
    }

    /// `…#part:path/constraint` when a constraint is named.
    public func with(constraint: String?) -> String { description + (constraint.map { "/\($0)" } ?? "") }

    /// `endpoint#part:`, what every reference to a field of that part starts with.
    public static func prefix(endpoint: String, part: Part) -> String { "\(endpoint)#\(part.rawValue):" }

    /// `endpoint#`, what every reference to an item of the endpoint starts with.
    public static func prefix(endpoint: String) -> String { endpoint + "#" }
}
