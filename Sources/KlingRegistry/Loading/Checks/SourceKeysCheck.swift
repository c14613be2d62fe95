import KlingRuntime

/// Every Source key names a row of evidence/SOURCES.md, and what is doc evidence
/// (a field row, a rule, a capability cell, a billing line) names an official one.
enum SourceKeysCheck {
    /// `unloadedKeys`: SOURCES.md rows that did not load; naming one is a knock-on of that error.
    static func problems(_ registry: Registry, unloadedKeys: Set<String>) -> [CheckProblem] {
        var problems: [CheckProblem] = []
        func check(_ keys: [String], at location: SourceLocation, needOfficial: String?) {
            if keys.isEmpty, let needOfficial {
                problems.append(CheckProblem(location: location, message: "no Source: \(needOfficial)"))
                return
            }
            for key in keys where registry.sources[key] == nil && !unloadedKeys.contains(key) {
                var message = "unknown source key '\(key)'"
                if let near = Suggestion.closest(to: key, among: registry.sources.keys) { message += "; did you mean '\(near)'?" }
                problems.append(CheckProblem(location: location, message: message + " (keys live in evidence/SOURCES.md)"))
            }
            if let needOfficial, !keys.isEmpty, !keys.contains(where: { $0.hasPrefix("OFF-") }) {
                problems.append(CheckProblem(location: location, message: "no OFF- source: \(needOfficial)"))
            }
        }
        // An included row is one row of the envelope, checked once however often it is included.
        var checkedIncludes = Set<SourceLocation>()
        for endpoint in registry.endpoints {
            for field in endpoint.fields where !field.pasted && checkedIncludes.insert(field.location).inserted {
                check(field.sources, at: field.location, needOfficial: "a field row is doc evidence; a third-party-only fact goes in Claims")
            }
        }
        for rule in registry.allRules {
            check(rule.sources, at: rule.location, needOfficial: "a rule is doc evidence; a third-party-only rule goes in Claims")
        }
        for contradiction in registry.allContradictions {
            check(contradiction.sourcesA + contradiction.sourcesB, at: contradiction.location, needOfficial: nil)
        }
        for claim in registry.allClaims {
            check(claim.sources, at: claim.location, needOfficial: nil)
        }
        for cell in registry.capabilityCells {
            check(cell.sources, at: cell.location, needOfficial: "a capability cell is doc evidence")
        }
        for row in registry.billing {
            check(row.sources, at: row.location, needOfficial: "a billing row is doc evidence")
        }
        for code in registry.errorCodes {
            check(code.sources, at: code.location, needOfficial: nil)
        }
        for domain in registry.apiDomains {
            check(domain.sources, at: domain.location, needOfficial: "an API domain is doc evidence")
        }
        return problems
    }
}
