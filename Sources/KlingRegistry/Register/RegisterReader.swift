import Foundation
import KlingRuntime

/// Reads the register files (docs/register.md#the-register). Checks are parsed here and
/// type-checked by the builder once the endpoints are known.
struct RegisterReader {
    let file: String

    /// A check waiting for its scope.
    struct CheckDraft {
        var node: RuleNode
        var source: String
        var cell: TableCell
        var offset: Int
    }

    struct Drafts {
        var register = Register()
        var policyChecks: [String: CheckDraft] = [:]
        var deprecatedChecks: [String: CheckDraft] = [:]
        var guardrailChecks: [String: CheckDraft] = [:]
        var references: [(file: String, reference: FindingTablesReader.PendingReference)] = []
        /// Residual rows whose Seed must match the TODO, with where they are.
        var residualCells: [String: TableCell] = [:]
    }

    func read(_ document: MarkdownDocument, into drafts: inout Drafts, sink: inout DiagnosticSink) {
        let name = String(file.split(separator: "/").last ?? "")
        let expected: [String: [String]] = [
            "claims.md": ["Claims"], "status.md": ["Status"], "residuals.md": ["Residuals"],
            "policy.md": ["Routes", "Scope", "Policy", "Deprecated patterns"], "guardrails.md": ["Guardrails"],
        ]
        guard let sections = expected[name] else {
            sink.error("unknown register file; the register holds \(expected.keys.sorted().joined(separator: ", "))", line: 1, column: 1)
            return
        }
        for table in document.tables {
            let section = table.headingPath.count >= 2 ? table.headingPath[1] : ""
            guard sections.contains(section) else {
                sink.error("a table under '\(section)'; \(name) has \(sections.map { "'## \($0)'" }.joined(separator: ", "))", at: table.position)
                continue
            }
            switch section {
            case "Claims": readClaims(table, &drafts, &sink)
            case "Status": readStatus(table, &drafts, &sink)
            case "Residuals": readResiduals(table, &drafts, &sink)
            case "Routes": readRoutes(table, &drafts, &sink)
            case "Scope": readScope(table, &drafts, &sink)
            case "Policy": readPolicy(table, &drafts, &sink)
            case "Deprecated patterns": readDeprecated(table, &drafts, &sink)
            default: readGuardrails(table, &drafts, &sink)
            }
        }
    }

    private func checkID(_ cell: TableCell, pattern prefix: String, _ sink: inout DiagnosticSink) -> Bool {
        let id = cell.text
        guard id.hasPrefix(prefix), let number = Int(id.dropFirst(prefix.count)), number > 0 else {
            sink.error("id '\(id)' must look like \(prefix)<n>", at: cell.position)
            return false
        }
        return true
    }

    private func location(_ cell: TableCell) -> SourceLocation { SourceLocation(file: file, cell.position) }

    private func enumValue<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ cell: TableCell?, _ what: String, _ sink: inout DiagnosticSink) -> T? where T.RawValue == String {
        guard let cell else { return nil }
        if let value = T(rawValue: cell.text) { return value }
        if !cell.isEmpty {
            var message = "\(what) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), not '\(cell.text)'"
            if let near = Suggestion.closest(to: cell.text, among: T.allCases.map(\.rawValue)) { message += "; did you mean '\(near)'?" }
            sink.error(message, at: cell.position)
        }
        return nil
    }

    private func references(_ cell: TableCell?, _ drafts: inout Drafts, _ sink: inout DiagnosticSink) -> [Reference] {
        guard let cell, !cell.isEmpty, cell.text != "—" else { return [] }
        let refs = CellText.references(cell, sink: &sink)
        drafts.references += refs.map { (file, FindingTablesReader.PendingReference(reference: $0.0, position: $0.1, allowUndocumented: false)) }
        return refs.map(\.0)
    }

    /// A code span parsed as a check, or nil after a diagnostic.
    private func check(_ cell: TableCell, _ sink: inout DiagnosticSink) -> CheckDraft? {
        guard let span = CellText.singleCodeSpan(cell) else {
            sink.error("Check must be one code span holding a rule-language expression", at: cell.position)
            return nil
        }
        do {
            return CheckDraft(node: try RuleParser.parse(span.text), source: span.text, cell: cell, offset: span.offset)
        } catch {
            sink.error(error.message, at: cell.position(atUTF8Offset: span.offset + error.offset))
            return nil
        }
    }

    private func endpoints(_ cell: TableCell) -> [String] {
        CellText.commaList(cell.text).map { $0.text.trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
    }

    static let claimColumns = TableColumns([.init("Id", nonEmpty: true), .init("Claim", nonEmpty: true), .init("Refs"), .init("Kind", nonEmpty: true), .init("Note")])

    private func readClaims(_ table: MarkdownTable, _ drafts: inout Drafts, _ sink: inout DiagnosticSink) {
        guard let bound = Self.claimColumns.bind(table, sink: &sink) else { return }
        for row in bound.rows {
            guard let id = row["Id"], !id.isEmpty, checkID(id, pattern: "RC-", &sink) else { continue }
            guard let kind = enumValue(RegisterClaim.Kind.self, row["Kind"], "Kind", &sink) else { continue }
            drafts.register.claims.append(RegisterClaim(id: id.text, claim: row.text("Claim"), refs: references(row["Refs"], &drafts, &sink), kind: kind, note: row.text("Note"), location: location(id)))
        }
    }

    static let statusColumns = TableColumns([.init("Ref", nonEmpty: true), .init("Posture", nonEmpty: true), .init("Finding"), .init("Reason", nonEmpty: true)])

    private func readStatus(_ table: MarkdownTable, _ drafts: inout Drafts, _ sink: inout DiagnosticSink) {
        guard let bound = Self.statusColumns.bind(table, sink: &sink) else { return }
        for row in bound.rows {
            guard let refCell = row["Ref"], let span = CellText.singleCodeSpan(refCell) else {
                if let cell = row["Ref"], !cell.isEmpty { sink.error("Ref is one code span: an endpoint id or a reference", at: cell.position) }
                continue
            }
            let target: StatusEntry.Target
            if EndpointCatalog.isWellFormedID(span.text) {
                target = .endpoint(span.text)
            } else {
                do {
                    let reference = try Reference.parse(span.text)
                    target = .reference(reference)
                    drafts.references.append((file, FindingTablesReader.PendingReference(reference: reference, position: refCell.position(atUTF8Offset: span.offset), allowUndocumented: false)))
                } catch {
                    sink.error(error.message, at: refCell.position(atUTF8Offset: span.offset + error.offset))
                    continue
                }
            }
            let posture = row.text("Posture")
            guard posture == "in-scope" || posture == "out-of-scope" else {
                sink.error("Posture must be in-scope or out-of-scope, not '\(posture)'", at: row["Posture"]!.position)
                continue
            }
            let finding = row.text("Finding")
            guard finding.isEmpty || finding == "not-evidenced" else {
                sink.error("Finding is empty or not-evidenced, not '\(finding)'", at: row["Finding"]!.position)
                continue
            }
            if posture == "in-scope" && finding.isEmpty {
                sink.error("an in-scope row without a finding says nothing; remove it or add not-evidenced", at: refCell.position)
            }
            drafts.register.status.append(StatusEntry(target: target, outOfScope: posture == "out-of-scope", notEvidenced: finding == "not-evidenced", reason: row.text("Reason"), location: location(refCell)))
        }
    }

    static let residualColumns = TableColumns([
        .init("Id", nonEmpty: true), .init("Seed", nonEmpty: true), .init("Kind", nonEmpty: true), .init("Phase", nonEmpty: true),
        .init("State", nonEmpty: true), .init("Classification", nonEmpty: true), .init("Refs"), .init("Evidence", nonEmpty: true), .init("Next", nonEmpty: true),
    ])

    private func readResiduals(_ table: MarkdownTable, _ drafts: inout Drafts, _ sink: inout DiagnosticSink) {
        guard let bound = Self.residualColumns.bind(table, sink: &sink) else { return }
        for row in bound.rows {
            guard let id = row["Id"], !id.isEmpty, checkID(id, pattern: "R-", &sink) else { continue }
            guard let kind = enumValue(Residual.Kind.self, row["Kind"], "Kind", &sink),
                  let state = enumValue(Residual.State.self, row["State"], "State", &sink),
                  let classification = enumValue(Residual.Classification.self, row["Classification"], "Classification", &sink)
            else { continue }
            let phase = row.text("Phase")
            guard ["1", "2", "3", "post-3"].contains(phase) else {
                sink.error("Phase must be 1, 2, 3 or post-3, not '\(phase)'", at: row["Phase"]!.position)
                continue
            }
            var refs: [Reference] = []
            var closes: [String] = []
            for reference in references(row["Refs"], &drafts, &sink) {
                if case .residual(let derived) = reference, derived.hasPrefix("D-") { closes.append(derived) } else { refs.append(reference) }
            }
            drafts.residualCells[id.text] = row["Seed"]
            drafts.register.residuals.append(Residual(id: id.text, seed: row.text("Seed"), kind: kind, phase: phase, state: state, classification: classification, refs: refs, closes: closes, evidence: row.text("Evidence"), next: row.text("Next"), location: location(id)))
        }
    }

    static let routeColumns = TableColumns([.init("Id", nonEmpty: true), .init("Endpoint", nonEmpty: true), .init("Model", nonEmpty: true), .init("Input shape", nonEmpty: true), .init("Posture", nonEmpty: true)])

    private func readRoutes(_ table: MarkdownTable, _ drafts: inout Drafts, _ sink: inout DiagnosticSink) {
        guard let bound = Self.routeColumns.bind(table, sink: &sink) else { return }
        for row in bound.rows {
            guard let id = row["Id"], !id.isEmpty, checkID(id, pattern: "ROUTE-", &sink) else { continue }
            let posture = row.text("Posture")
            guard ["production", "provisional", "legacy"].contains(posture) else {
                sink.error("Posture must be production, provisional or legacy, not '\(posture)'", at: row["Posture"]!.position)
                continue
            }
            let model = row.text("Model")
            drafts.register.routes.append(Route(id: id.text, endpoint: row.text("Endpoint"), model: model == "—" ? nil : model, inputShape: row.text("Input shape"), posture: posture, location: location(id)))
        }
    }

    static let scopeColumns = TableColumns([.init("Entry", nonEmpty: true), .init("State", nonEmpty: true), .init("Reason", nonEmpty: true)])

    /// Catalogue entries left untranscribed: `out-of-scope`, `not-evidenced` or `to-transcribe` (in scope, open), each with its reason.
    private func readScope(_ table: MarkdownTable, _ drafts: inout Drafts, _ sink: inout DiagnosticSink) {
        guard let bound = Self.scopeColumns.bind(table, sink: &sink) else { return }
        for row in bound.rows {
            guard let entry = row["Entry"], !entry.isEmpty else { continue }
            let state = row.text("State")
            let states = ["out-of-scope", "not-evidenced", "to-transcribe"]
            guard states.contains(state) else {
                var message = "State must be out-of-scope, not-evidenced or to-transcribe, not '\(state)'"
                if let near = Suggestion.closest(to: state, among: states) { message += "; did you mean '\(near)'?" }
                sink.error(message, at: row["State"]!.position)
                continue
            }
            let id = entry.text.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            drafts.register.scope.append(ScopeRow(entry: id, state: state, reason: row.text("Reason"), location: location(entry)))
        }
    }

    static let policyColumns = TableColumns([.init("Id", nonEmpty: true), .init("Applies to", nonEmpty: true), .init("Check", nonEmpty: true), .init("Description", nonEmpty: true)])

    private func readPolicy(_ table: MarkdownTable, _ drafts: inout Drafts, _ sink: inout DiagnosticSink) {
        guard let bound = Self.policyColumns.bind(table, sink: &sink) else { return }
        for row in bound.rows {
            guard let id = row["Id"], !id.isEmpty, checkID(id, pattern: "P-", &sink), let draft = check(row["Check"]!, &sink) else { continue }
            drafts.policyChecks[id.text] = draft
            drafts.register.policies.append(PolicyCheck(id: id.text, appliesTo: endpoints(row["Applies to"]!), checks: [:], source: draft.source, description: row.text("Description"), location: location(id)))
        }
    }

    static let deprecatedColumns = TableColumns([.init("Id", nonEmpty: true), .init("Pattern", nonEmpty: true), .init("Check", nonEmpty: true), .init("Applies to", nonEmpty: true), .init("Description", nonEmpty: true)])

    private func readDeprecated(_ table: MarkdownTable, _ drafts: inout Drafts, _ sink: inout DiagnosticSink) {
        guard let bound = Self.deprecatedColumns.bind(table, sink: &sink) else { return }
        for row in bound.rows {
            guard let id = row["Id"], !id.isEmpty, checkID(id, pattern: "DEP-", &sink), let draft = check(row["Check"]!, &sink) else { continue }
            drafts.deprecatedChecks[id.text] = draft
            drafts.register.deprecated.append(DeprecatedPattern(id: id.text, pattern: row.text("Pattern"), appliesTo: endpoints(row["Applies to"]!), checks: [:], source: draft.source, description: row.text("Description"), location: location(id)))
        }
    }

    static let guardrailColumns = TableColumns([.init("Id", nonEmpty: true), .init("Seed", nonEmpty: true), .init("Check", nonEmpty: true), .init("Description", nonEmpty: true)])

    private func readGuardrails(_ table: MarkdownTable, _ drafts: inout Drafts, _ sink: inout DiagnosticSink) {
        guard let bound = Self.guardrailColumns.bind(table, sink: &sink) else { return }
        for row in bound.rows {
            guard let id = row["Id"], !id.isEmpty, checkID(id, pattern: "G-", &sink), let checkCell = row["Check"] else { continue }
            let text = checkCell.text
            var guardCheck: Guardrail.Check
            if text.hasPrefix("not-expressible:") {
                guardCheck = .notExpressible(text.dropFirst("not-expressible:".count).trimmedSpaces)
            } else if let span = CellText.singleCodeSpan(checkCell), span.text.hasPrefix("guard:") {
                let other = String(span.text.dropFirst(6))
                guardCheck = .sameAs(other)
                drafts.references.append((file, FindingTablesReader.PendingReference(reference: .guardrail(other), position: checkCell.position(atUTF8Offset: span.offset), allowUndocumented: false)))
            } else {
                guard let draft = check(checkCell, &sink) else { continue }
                drafts.guardrailChecks[id.text] = draft
                guardCheck = .expression(draft.node, source: draft.source)
            }
            drafts.register.guardrails.append(Guardrail(id: id.text, seed: row.text("Seed"), check: guardCheck, description: row.text("Description"), location: location(id)))
        }
    }
}
