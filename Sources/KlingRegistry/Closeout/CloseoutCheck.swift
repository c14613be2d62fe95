import Foundation

/// Whether each residual row's state fits its evidence (docs/register.md#the-register, §13):
/// consistency findings, reported by `check` (exit 1) and failed by the gate.
package enum CloseoutCheck {
    /// Problems, each at the row's location. `readEvidenceLine` returns a line of a repository file.
    package static func problems(_ registry: Registry, derived: [DerivedResidual], readEvidenceLine: (String, Int) -> String?) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let derivedIDs = Set(derived.flatMap { [$0.id, $0.shortID] })
        let semantic = Set(registry.register.claims.filter { $0.kind == .semantic }.map(\.id))
        func report(_ residual: Residual, _ message: String) {
            problems.append(Diagnostic(file: residual.location.file, line: residual.location.line, column: residual.location.column, message: "\(residual.id): \(message)"))
        }
        for residual in registry.register.residuals {
            for id in residual.closes where !derivedIDs.contains(id) {
                report(residual, "closes residual:\(id), which is not a derived residual (see `klingreg residuals --kind evidence`)")
            }
            let claims = residual.refs.compactMap { reference -> String? in
                if case .claim(let id) = reference { return id } else { return nil }
            }
            let records = residual.refs.compactMap { reference -> LiveRecord? in
                if case .live(let id) = reference { return registry.record(id) } else { return nil }
            }
            switch residual.state {
            case .closedByDoc:
                let parts = residual.evidence.split(separator: ":")
                guard parts.count == 2, let line = Int(parts[1]), parts[0].hasPrefix("evidence/"), let text = readEvidenceLine(String(parts[0]), line) else {
                    report(residual, "closed-by-doc needs Evidence `evidence/<file>:<line>`, found '\(residual.evidence)'")
                    continue
                }
                if !text.contains("OFF-") { report(residual, "closed-by-doc cites \(residual.evidence), a line with no OFF- source") }
            case .closedByLive:
                guard !records.isEmpty else {
                    report(residual, "closed-by-live needs a `live:` record in Refs")
                    continue
                }
                for problem in evidenceProblems(residual, cited: records.map(\.id), registry: registry) { report(residual, problem) }
                // Each ref the row closes on must be observed by a cited record (README, Register and closeout).
                let observed = residual.refs.filter { if case .live = $0 { return false } else { return true } }
                if observed.isEmpty {
                    report(residual, "closed-by-live names nothing its record observes: add the field, value, rule, capability cell, claim or route it closes on to Refs")
                }
                let observation = LiveObservation(registry: registry)
                for reference in observed {
                    let gaps = records.map { observation.gap(reference, in: $0) }
                    guard !gaps.contains(where: { $0 == nil }) else { continue }
                    let why = records.count == 1 ? gaps[0]! : "none of the \(records.count) cited records does"
                    report(residual, "closed-by-live on \(reference), which no cited record observes (\(why))")
                }
                if claims.filter({ semantic.contains($0) }).isEmpty, !records.contains(where: { $0.calls.contains { $0.create == .accepted || $0.create == .rejected } }) {
                    report(residual, "closed-by-live cites no record with a create outcome")
                }
            case .closedByNegativeFinding:
                let covered = residual.refs.contains { reference in
                    registry.register.status.contains { entry in
                        guard entry.notEvidenced, case .reference(let target) = entry.target else { return false }
                        return reference.description == target.description || reference.description.hasPrefix(target.description)
                    }
                }
                if !covered { report(residual, "closed-by-negative-finding needs a Ref with a not-evidenced finding in register/status.md") }
            case .closedOutOfScope:
                let grounded = residual.kind == .pipelineCode || residual.refs.contains { reference in
                    if case .policy = reference { return true }
                    return registry.register.status.contains { $0.outOfScope && $0.target == .reference(reference) }
                }
                if !grounded { report(residual, "closed-out-of-scope needs a policy: ref or an out-of-scope status entry") }
            case .classifiedDeferred:
                if claims.isEmpty { report(residual, "classified-deferred names the claim it defers (claim:RC-…)") }
                if residual.classification != .approvalGated { report(residual, "classified-deferred is classified `approval-gated future verification`") }
            case .open:
                break
            }
            if residual.kind == .perCreateCheck, !residual.refs.contains(where: { if case .guardrail = $0 { return true } else { return false } }) {
                report(residual, "a per-create-check row points at the guard: rows that check it")
            }
        }
        return problems
    }
}

extension CloseoutCheck {
    /// A closed-by-live row's Evidence names exactly the records its Refs cite
    /// (`ID` or `live:ID`, comma-separated), so the cell cannot point elsewhere.
    static func evidenceProblems(_ residual: Residual, cited: [String], registry: Registry) -> [String] {
        let named = residual.evidence.split(separator: ",").map { part -> String in
            var text = part.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("`"), text.hasSuffix("`"), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
            return text.hasPrefix("live:") ? String(text.dropFirst(5)) : text
        }
        if named == ["—"] || named == ["-"] || named.contains("") {
            return ["closed-by-live needs Evidence naming the cited record, found '\(residual.evidence)'"]
        }
        var problems: [String] = []
        for id in named where !cited.contains(id) {
            problems.append(registry.record(id) == nil
                ? "Evidence names '\(id)', which is not a record in evidence/live/"
                : "Evidence names record \(id), which Refs does not cite as live:\(id)")
        }
        for id in cited where !named.contains(id) {
            problems.append("Refs cite live:\(id), which Evidence does not name")
        }
        return problems
    }
}

/// Everything the closeout view needs, computed once from a loaded registry.
package struct Closeout: Sendable {
    package var index: StatusIndex
    package var derived: [DerivedResidual]
    /// Residual rows whose state does not fit their evidence or whose seed the TODO no longer has, and golden cases that misbehave.
    package var problems: [Diagnostic]
    /// Rules the golden corpus does not cover yet.
    package var coverageGaps: [String]

    package init(registry: Registry, repository: Repository) {
        index = StatusIndex(registry: registry)
        derived = DerivedResiduals.compute(registry, index: index)
        var cache: [String: [Substring]] = [:]
        problems = CloseoutCheck.problems(registry, derived: derived) { file, line in
            if cache[file] == nil {
                let url = repository.root.appendingPathComponent(file)
                cache[file] = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) } ?? []
            }
            let lines = cache[file]!
            return line >= 1 && line <= lines.count ? String(lines[line - 1]) : nil
        }
        problems += registry.seedFindings
        let goldens = GoldenChecker(registry: registry)
        problems += goldens.mismatches(registry.goldens)
        coverageGaps = goldens.coverageGaps(registry.goldens)
    }

    /// Derived residuals no register row closes.
    package func openDerived(_ registry: Registry) -> [DerivedResidual] {
        let closed = Set(registry.register.residuals.flatMap(\.closes))
        return derived.filter { $0.outOfScope == nil && !closed.contains($0.id) && !closed.contains($0.shortID) }
    }
}
