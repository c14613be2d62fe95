import KlingRuntime

/// Everything klingreg knows, loaded from `evidence/` and `register/`.
package struct Registry: Sendable {
    package var sources: [String: SourceEntry] = [:]
    /// Sorted by id.
    package var endpoints: [Endpoint] = []
    package var capabilityCells: [CapabilityCell] = [] {
        didSet { capabilityIndex = Dictionary(capabilityCells.map { ("\($0.model)/\($0.feature)", $0) }, uniquingKeysWith: { first, _ in first }) }
    }
    /// Cells by `model/feature`: rules read them for every payload.
    private(set) var capabilityIndex: [String: CapabilityCell] = [:]
    package var billing: [BillingRow] = []
    /// The operations the official texts document; nil when the evidence has no catalogue.
    package var catalogue: [CatalogueEntry]?
    package var errorCodes: [ErrorCode] = []
    /// The envelope's base addresses of the API.
    package var apiDomains: [APIDomain] = []
    /// Rules, contradictions and claims of the shared files (ENV-, CAP-).
    package var sharedRules: [Rule] = []
    package var sharedContradictions: [Contradiction] = []
    package var sharedClaims: [Claim] = []
    /// Live records, sorted by observed date then id.
    package var records: [LiveRecord] = []
    package var register = Register()
    /// Golden payload cases, in file order.
    package var goldens: [GoldenCase] = []
    /// The open lines of the user's TODO, as read from register/sources/.
    package var todoOpenLines: [String] = []
    /// Where register/residuals.md and the TODO disagree: consistency findings, not load errors.
    package var seedFindings: [Diagnostic] = []

    package var recordCount: Int { records.count }
    package var registerRowCount: Int { register.rowCount }

    package init() {}

    package func endpoint(_ id: String) -> Endpoint? {
        endpoints.first { $0.id == id }
    }

    package var allRules: [Rule] { endpoints.flatMap(\.rules) + sharedRules }
    package var allContradictions: [Contradiction] { endpoints.flatMap(\.contradictions) + sharedContradictions }
    package var allClaims: [Claim] { endpoints.flatMap(\.claims) + sharedClaims }

    package func rule(_ id: String) -> Rule? { allRules.first { $0.id == id } }

    package func record(_ id: String) -> LiveRecord? { records.first { $0.id == id } }

    package func capabilityCell(model: String, feature: String) -> CapabilityCell? {
        capabilityIndex["\(model)/\(feature)"]
    }

    package var capabilityModels: [String] { Array(Set(capabilityCells.map(\.model))).sorted() }

    /// How a feature's cells read across models, for the rule type checker.
    package func capabilityShape(_ feature: String) -> CapabilityShape? {
        let cells = capabilityCells.filter { $0.feature == feature }
        guard !cells.isEmpty else { return nil }
        var shapes = Set<CapabilityShape>()
        for cell in cells {
            switch cell.value {
            case .supported, .unsupported, .comingSoon, .notListed:
                shapes.insert(.boolean)
            case .constraint(let constraint):
                switch constraint {
                case .intString: shapes.insert(.integerValued)
                case .range: shapes.insert(.numbers)
                case .oneOf(let values):
                    let strings = values.compactMap(\.stringValue)
                    if strings.count == values.count {
                        shapes.insert(strings.allSatisfy { Int($0) != nil } ? .integerValued : .strings)
                    } else if values.allSatisfy({ $0.numberValue != nil }) {
                        shapes.insert(.numbers)
                    } else {
                        shapes.insert(.mixed)
                    }
                default: shapes.insert(.mixed)
                }
            }
        }
        // A model without the cell (`—`) next to real values still reads as the values.
        if shapes.count == 2, shapes.contains(.boolean), let other = shapes.first(where: { $0 != .boolean }) { return other }
        return shapes.count == 1 ? shapes.first : .mixed
    }
}
