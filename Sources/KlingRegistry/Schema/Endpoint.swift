import KlingRuntime

package enum EndpointScope: String, Sendable, Hashable {
    case current
    case legacy
}

/// One API section: one evidence file.
package struct Endpoint: Sendable {
    /// The path of a body the server sends to the caller (the callback).
    package static let callbackPath = "{callback_url}"
    /// A body the server posts to the caller rather than one the caller sends.
    package var isCallback: Bool { path == Self.callbackPath }

    package var id: String
    package var title: String
    package var method: String
    package var path: String
    package var family: String
    package var scope: EndpointScope
    package var source: String
    package var captured: String
    package var fields: [Field]
    package var rules: [Rule]
    package var contradictions: [Contradiction]
    package var claims: [Claim]
    package var location: SourceLocation

    package func fields(in part: Part) -> [Field] { fields.filter { $0.part == part } }

    package func field(_ path: String, in part: Part) -> Field? {
        fields.first { $0.part == part && $0.path == path }
    }

    /// The prefix of this endpoint's rule, contradiction and claim ids (`OV`, `T2V`, …).
    package var idPrefix: String? { EndpointCatalog.idPrefix(forEndpoint: id) }
}
