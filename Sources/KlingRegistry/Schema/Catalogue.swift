/// One operation an official text documents (`evidence/catalogue.md`): each is
/// transcribed (an endpoint file with its id) or placed by a `## Scope` row of
/// register/policy.md, so that "not used" and "not known" are told apart.
package struct CatalogueEntry: Sendable {
    /// Method and path of a page an official text names without giving its route.
    package static let unknown = "—"

    package var id: String
    package var method: String
    package var path: String
    /// Official source keys of the texts that document it.
    package var texts: [String]
    package var section: String
    package var location: SourceLocation

    /// No official text gives its route, so it cannot be transcribed.
    package var routeUnknown: Bool { method == Self.unknown }
}

/// Where a catalogue entry stands.
package enum CatalogueState: Sendable, Equatable {
    case transcribed
    /// Transcribed, validated and reported, but the register keeps it out of current production.
    case transcribedOutOfScope(reason: String)
    /// The register places it outside current production, with the reason.
    case outOfScope(reason: String)
    /// No official text gives its request and response tables.
    case notEvidenced(reason: String)
    /// In scope and not transcribed yet: an open derived residual until it is.
    case toTranscribe(reason: String)
    /// Neither transcribed nor placed: a `check` error.
    case unplaced

    package var word: String {
        switch self {
        case .transcribed: return "transcribed"
        case .transcribedOutOfScope: return "transcribed, out-of-scope"
        case .outOfScope: return "out-of-scope"
        case .notEvidenced: return "not-evidenced"
        case .toTranscribe: return "to-transcribe"
        case .unplaced: return "unplaced"
        }
    }
}

/// A `## Scope` row of register/policy.md.
package struct ScopeRow: Sendable {
    package var entry: String
    package var state: String
    package var reason: String
    package var location: SourceLocation
}

extension CatalogueState {
    /// Why the register placed it, when it did.
    package var reason: String? {
        switch self {
        case .outOfScope(let why), .notEvidenced(let why), .toTranscribe(let why), .transcribedOutOfScope(let why): return why
        case .transcribed, .unplaced: return nil
        }
    }
}

extension Registry {
    /// Why the register keeps a transcribed endpoint out of current production: its
    /// `## Scope` row. Such an endpoint is validated and reported, but what it
    /// leaves open is closed out of scope, and `scope(@)` in a guardrail reads `out-of-scope`.
    package func outOfScopeReason(_ endpointID: String) -> String? {
        guard endpoint(endpointID) != nil, let row = register.scope.first(where: { $0.entry == endpointID && $0.state == "out-of-scope" }) else { return nil }
        return row.reason
    }

    /// An endpoint's scope as a guardrail sees it: the register's place wins over the file's label.
    package func scopeWord(_ endpoint: Endpoint) -> String {
        outOfScopeReason(endpoint.id) == nil ? endpoint.scope.rawValue : "out-of-scope"
    }

    package func catalogueState(_ entry: CatalogueEntry) -> CatalogueState {
        if endpoint(entry.id) != nil { return outOfScopeReason(entry.id).map { .transcribedOutOfScope(reason: $0) } ?? .transcribed }
        guard let row = register.scope.first(where: { $0.entry == entry.id }) else { return .unplaced }
        switch row.state {
        case "out-of-scope": return .outOfScope(reason: row.reason)
        case "to-transcribe": return .toTranscribe(reason: row.reason)
        default: return .notEvidenced(reason: row.reason)
        }
    }
}
