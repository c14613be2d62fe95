import KlingRuntime

/// What live records say of each `unsupported` rule: the text leaves open
/// whether the API refuses such a payload or ignores the part it does not
/// support. A rejection blamed on the rule settles it as refused; an accepted
/// run whose complete request broke it settles it as ignored. Both at once
/// is a conflict, and the rule stays unsupported.
package struct LiveSettlements: Sendable {
    package enum Outcome: Sendable, Equatable {
        case refused(records: [String])
        case ignored(records: [String])
        case conflict(refused: [String], ignored: [String])
    }

    package private(set) var outcomes: [String: Outcome] = [:]

    /// No settlement at all: what the validator that finds them starts from.
    package static let unsettled = LiveSettlements()

    private init() {}

    /// `recorded`: what the documented checks say of the recorded requests (the validation stage gives it).
    package init(registry: Registry, recorded: RecordedFindings) {
        let unsupported = Set(registry.endpoints.flatMap(\.rules).filter { $0.effect == .unsupported }.map(\.id))
        guard !unsupported.isEmpty else { return }
        var refused: [String: [String]] = [:]
        var ignored: [String: [String]] = [:]
        for record in registry.records where record.contributes {
            let rejecting = record.calls.contains { $0.create == .rejected || $0.task == .failedParam }
            if rejecting {
                for case .rule(let id) in record.blame where unsupported.contains(id) {
                    refused[id, default: []].append(record.label ?? record.id)
                }
                continue
            }
            guard record.requestKnown == .complete else { continue }
            for (index, call) in record.calls.enumerated() where call.create == .accepted {
                guard let findings = recorded.findings(record, call: index) else { continue }
                for rule in Set(findings.compactMap(\.rule)) where unsupported.contains(rule) {
                    ignored[rule, default: []].append(record.label ?? record.id)
                }
            }
        }
        for id in unsupported {
            let no = refused[id] ?? [], yes = ignored[id] ?? []
            switch (no.isEmpty, yes.isEmpty) {
            case (false, false): outcomes[id] = .conflict(refused: no, ignored: yes)
            case (false, true): outcomes[id] = .refused(records: no)
            case (true, false): outcomes[id] = .ignored(records: yes)
            case (true, true): break
            }
        }
    }

    /// The effect a validator applies: the rule's own, unless live records settled it.
    package func effect(of rule: Rule) -> RuleEffect {
        guard rule.effect == .unsupported, let outcome = outcomes[rule.id] else { return rule.effect }
        switch outcome {
        case .refused: return .error
        case .ignored: return .ignored
        case .conflict: return .unsupported
        }
    }
}
