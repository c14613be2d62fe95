import KlingRuntime

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
