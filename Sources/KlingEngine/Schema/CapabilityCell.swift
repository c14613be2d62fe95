import KlingRuntime

/// One model × feature cell of the capability map.
public struct CapabilityCell: Sendable, Codable {
    public enum Value: Sendable, Hashable, Codable, CustomStringConvertible {
        case supported
        case unsupported
        case comingSoon
        case notListed
        case constraint(Constraint)

        public var description: String {
            switch self {
            case .supported: return "✅"
            case .unsupported: return "❌"
            case .comingSoon: return "coming soon"
            case .notListed: return "—"
            case .constraint(let constraint): return constraint.canonicalText
            }
        }

        /// The boolean a rule reads; everything but ✅ is false (the stricter reading).
        public var isSupported: Bool { self == .supported }
    }

    public var model: String
    public var feature: String
    public var value: Value
    public var sources: [String]
    public var note: String
    public var location: SourceLocation


    package init(model: String, feature: String, value: Value, sources: [String], note: String, location: SourceLocation) {
        self.model = model
        self.feature = feature
        self.value = value
        self.sources = sources
        self.note = note
        self.location = location
    }
}
