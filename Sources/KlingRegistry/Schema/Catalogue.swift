/// One operation an official text documents (`evidence/catalogue.md`): each is
/// transcribed (an endpoint file with its id) or placed by a `## Scope` row of
/// register/policy.md, so that "not used" and "not known" are told apart.
public struct CatalogueEntry: Sendable {
    public var id: String
    public var method: String
    public var path: String
    /// Official source keys of the texts that document it.
    public var texts: [String]
    public var section: String
    public var location: SourceLocation
}

/// Where a catalogue entry stands.
public enum CatalogueState: Sendable, Equatable {
    case transcribed
    /// The register places it outside current production, with the reason.
    case outOfScope(reason: String)
    /// No official text gives its request and response tables.
    case notEvidenced(reason: String)
    /// In scope and not transcribed yet: an open derived residual until it is.
    case toTranscribe(reason: String)
    /// Neither transcribed nor placed: a `check` error.
    case unplaced

    public var word: String {
        switch self {
        case .transcribed: return "transcribed"
        case .outOfScope: return "out-of-scope"
        case .notEvidenced: return "not-evidenced"
        case .toTranscribe: return "to-transcribe"
        case .unplaced: return "unplaced"
        }
    }
}

/// A `## Scope` row of register/policy.md.
public struct ScopeRow: Sendable {
    public var entry: String
    public var state: String
    public var reason: String
    public var location: SourceLocation
}

extension CatalogueState {
    /// Why the register placed it, when it did.
    public var reason: String? {
        switch self {
        case .outOfScope(let why), .notEvidenced(let why), .toTranscribe(let why): return why
        case .transcribed, .unplaced: return nil
        }
    }
}

extension Registry {
    public func catalogueState(_ entry: CatalogueEntry) -> CatalogueState {
        if endpoint(entry.id) != nil { return .transcribed }
        guard let row = register.scope.first(where: { $0.entry == entry.id }) else { return .unplaced }
        switch row.state {
        case "out-of-scope": return .outOfScope(reason: row.reason)
        case "to-transcribe": return .toTranscribe(reason: row.reason)
        default: return .notEvidenced(reason: row.reason)
        }
    }
}
