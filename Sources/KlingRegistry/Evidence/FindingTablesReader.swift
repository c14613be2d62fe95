import Foundation
import KlingRuntime

/// Reads the Rules, Contradictions and Claims tables that endpoint files,
/// the envelope and the capability map share. Checks are parsed here; they
/// are type-checked once every endpoint is known.
struct FindingTablesReader {
    let file: String
    /// `OV`, `T2V`, `CAP`, … : ids must carry it.
    let prefix: String?

    /// A rule whose check still needs the type checker.
    struct RuleDraft {
        var rule: Rule
        /// Maps an offset in the check text to a file position.
        var cell: TableCell
        var checkOffset: Int
    }

    /// A reference with where it was written, resolved after loading.
    struct PendingReference {
        var reference: Reference
        var position: SourcePosition
        /// Claims may name values and fields the doc does not have.
        var allowUndocumented: Bool
    }

    static let ruleColumns = TableColumns([
        .init("Rule", nonEmpty: true), .init("Check", nonEmpty: true), .init("Effect", nonEmpty: true),
        .init("Wording", nonEmpty: true), .init("Source", nonEmpty: true), .init("Digest"), .init("Description", nonEmpty: true),
    ])
    static let contradictionColumns = TableColumns([
        .init("Id", nonEmpty: true), .init("Topic", nonEmpty: true), .init("Refs"),
        .init("Reading A", nonEmpty: true), .init("Source A", nonEmpty: true),
        .init("Reading B", nonEmpty: true), .init("Source B", nonEmpty: true),
        .init("Enforced", nonEmpty: true), .init("Digest"), .init("Why", nonEmpty: true),
    ])
    static let claimColumns = TableColumns([
        .init("Id", nonEmpty: true), .init("Claim", nonEmpty: true), .init("Refs"),
        .init("Source", nonEmpty: true), .init("Note"),
    ])

    func checkID(_ cell: TableCell, kind: String, sink: inout DiagnosticSink) -> Bool {
        let id = cell.text
        if let problem = Vocabulary.problem(in: id, what: "id", allowed: Vocabulary.keyScalar, rule: "ids use ASCII letters, digits, '-', '.' and '_'") {
            sink.error(problem.message, at: cell.position)
            return false
        }
        let parts = id.split(separator: "-")
        guard parts.count == 2, let last = parts.last, last.first == Character(kind), Int(last.dropFirst()) != nil, (Int(last.dropFirst()) ?? 0) > 0 else {
            sink.error("id '\(id)' must look like \(prefix ?? "<PREFIX>")-\(kind)<n>", at: cell.position)
            return false
        }
        if let prefix, String(parts[0]) != prefix {
            sink.error("id '\(id)' must start with '\(prefix)-' in this file", at: cell.position)
            return false
        }
        return true
    }

    func readRules(_ table: MarkdownTable, endpoint: String?, sink: inout DiagnosticSink) -> [RuleDraft] {
        var failed = Set<String>()
        return readRules(table, endpoint: endpoint, sink: &sink, failed: &failed)
    }

    /// `failed` gets the ids of rows that name a well-formed rule but do not load.
    func readRules(_ table: MarkdownTable, endpoint: String?, sink: inout DiagnosticSink, failed: inout Set<String>) -> [RuleDraft] {
        guard let bound = Self.ruleColumns.bind(table, sink: &sink) else { return [] }
        var drafts: [RuleDraft] = []
        for row in bound.rows {
            guard let idCell = row["Rule"], !idCell.isEmpty else { continue }
            guard checkID(idCell, kind: "R", sink: &sink) else {
                // An id with foreign characters still says which rule was meant.
                let meant = Vocabulary.skeleton(idCell.text)
                if meant != idCell.text { failed.insert(meant) }
                continue
            }
            let before = sink.diagnostics.count
            failed.insert(idCell.text)
            guard let checkCell = row["Check"], !checkCell.isEmpty else { continue }
            guard let effect = Self.word(RuleEffect.self, column: "Effect", in: row, sink: &sink),
                  let wording = Self.word(RuleWording.self, column: "Wording", in: row, sink: &sink) else { continue }
            // A rule is as strong as the text's words: "not supported" is not a refusal.
            if !wording.allowedEffects.contains(effect) {
                let allowed = RuleEffect.allCases.filter(wording.allowedEffects.contains).map(\.rawValue).joined(separator: " or ")
                sink.error("Effect '\(effect.rawValue)' is not what the wording '\(wording.rawValue)' says; that wording supports \(allowed) (a stricter reading is Wording 'inferred', and a live run settles what the API does)", at: row["Effect"]!.position)
                continue
            }
            var check: RuleCheck
            var offset = 0
            let text = checkCell.text
            if text.hasPrefix("not-expressible:") {
                check = .notExpressible(reason(text, "not-expressible:", checkCell, sink: &sink))
            } else if text.hasPrefix("needs-external-data:") {
                check = .needsExternalData(reason(text, "needs-external-data:", checkCell, sink: &sink))
            } else if let span = CellText.singleCodeSpan(checkCell) {
                offset = span.offset
                do {
                    check = .expression(try RuleParser.parse(span.text), source: span.text)
                } catch {
                    sink.error(error.message, at: checkCell.position(atUTF8Offset: offset + error.offset))
                    continue
                }
            } else {
                sink.error("Check must be one code span with an expression, 'not-expressible: <reason>' or 'needs-external-data: <what>'", at: checkCell.position)
                continue
            }
            let rule = Rule(
                id: idCell.text,
                check: check,
                effect: effect,
                wording: wording,
                sources: CellText.sourceKeys(row["Source"], sink: &sink),
                digest: readDigest(row["Digest"], sink: &sink),
                description: row.text("Description"),
                location: SourceLocation(file: file, idCell.position),
                endpoint: endpoint
            )
            guard sink.diagnostics.count == before else { continue }
            failed.remove(idCell.text)
            drafts.append(RuleDraft(rule: rule, cell: checkCell, checkOffset: offset))
        }
        return drafts
    }

    /// A cell that holds one word of a closed vocabulary; an empty cell was already reported by the columns.
    static func word<Word: RawRepresentable & CaseIterable>(_: Word.Type, column: String, in row: BoundRow, sink: inout DiagnosticSink) -> Word? where Word.RawValue == String {
        let text = row.text(column)
        if let word = Word(rawValue: text) { return word }
        if !text.isEmpty {
            let words = Word.allCases.map(\.rawValue)
            var message = "\(column) must be one of \(words.joined(separator: ", ")), not '\(text)'"
            if let near = Suggestion.closest(to: text, among: words) { message += "; did you mean '\(near)'?" }
            sink.error(message, at: row[column]!.position)
        }
        return nil
    }

    private func reason(_ text: String, _ prefix: String, _ cell: TableCell, sink: inout DiagnosticSink) -> String {
        let reason = text.dropFirst(prefix.count).trimmedSpaces
        if reason.isEmpty { sink.error("'\(prefix)' needs a reason after it", at: cell.position) }
        return reason
    }

    /// `file.md#rule-3`, `file.md#scope-2`, `file.md#top-1`, `file.md#field_name`.
    func readDigest(_ cell: TableCell?, sink: inout DiagnosticSink) -> [String] {
        guard let cell else { return [] }
        var citations: [String] = []
        for item in CellText.commaList(cell.text) {
            let parts = item.text.split(separator: "#", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].hasSuffix(".md"), !parts[1].isEmpty else {
                sink.error("digest citation '\(item.text)' must be <file>.md#rule-<n>, #scope-<n>, #top-<n> or #<field>", at: cell.position(atUTF8Offset: item.offset))
                continue
            }
            citations.append(item.text)
        }
        return citations
    }

    func readContradictions(_ table: MarkdownTable, sink: inout DiagnosticSink, pending: inout [PendingReference]) -> [Contradiction] {
        guard let bound = Self.contradictionColumns.bind(table, sink: &sink) else { return [] }
        var result: [Contradiction] = []
        for row in bound.rows {
            guard let idCell = row["Id"], !idCell.isEmpty, checkID(idCell, kind: "C", sink: &sink) else { continue }
            let refs = CellText.references(row["Refs"]!, sink: &sink)
            pending += refs.map { PendingReference(reference: $0.0, position: $0.1, allowUndocumented: false) }
            let enforcedCell = row["Enforced"]!
            let enforced: Contradiction.Enforced
            var enforcedCheck: RuleNode?
            var enforcedOffset = 0
            switch enforcedCell.text {
            case "A": enforced = .readingA
            case "B": enforced = .readingB
            case "none": enforced = .none
            default:
                if let span = CellText.singleCodeSpan(enforcedCell) {
                    if span.text.hasPrefix("rule:") {
                        enforced = .rule(String(span.text.dropFirst(5)))
                        pending.append(PendingReference(reference: .rule(String(span.text.dropFirst(5))), position: enforcedCell.position, allowUndocumented: false))
                    } else {
                        do {
                            enforcedCheck = try RuleParser.parse(span.text)
                            enforcedOffset = span.offset
                        } catch {
                            sink.error(error.message, at: enforcedCell.position(atUTF8Offset: span.offset + error.offset))
                        }
                        enforced = .expression(span.text)
                    }
                } else {
                    if !enforcedCell.isEmpty {
                        sink.error("Enforced must be A, B, none, or a code span with the enforced expression or rule:<id>", at: enforcedCell.position)
                    }
                    continue
                }
            }
            result.append(Contradiction(
                id: idCell.text,
                topic: row.text("Topic"),
                refs: refs.map(\.0),
                readingA: row.text("Reading A"),
                sourcesA: CellText.sourceKeys(row["Source A"], sink: &sink),
                readingB: row.text("Reading B"),
                sourcesB: CellText.sourceKeys(row["Source B"], sink: &sink),
                enforced: enforced,
                digest: readDigest(row["Digest"], sink: &sink),
                why: row.text("Why"),
                location: SourceLocation(file: file, idCell.position),
                enforcedCheck: enforcedCheck,
                enforcedCell: enforcedCheck == nil ? nil : enforcedCell,
                enforcedOffset: enforcedOffset
            ))
            for name in ["Source A", "Source B"] where !CellText.commaList(row.text(name)).contains(where: { $0.text.hasPrefix("OFF-") }) {
                sink.error("a contradiction is between official sources: '\(name)' has no OFF- key (a third-party reading is a Claims row)", at: row[name]!.position)
            }
        }
        return result
    }

    func readClaims(_ table: MarkdownTable, sink: inout DiagnosticSink, pending: inout [PendingReference]) -> [Claim] {
        guard let bound = Self.claimColumns.bind(table, sink: &sink) else { return [] }
        var result: [Claim] = []
        for row in bound.rows {
            guard let idCell = row["Id"], !idCell.isEmpty, checkID(idCell, kind: "K", sink: &sink) else { continue }
            let refs = CellText.references(row["Refs"]!, sink: &sink)
            pending += refs.map { PendingReference(reference: $0.0, position: $0.1, allowUndocumented: true) }
            result.append(Claim(
                id: idCell.text,
                claim: row.text("Claim"),
                refs: refs.map(\.0),
                sources: CellText.sourceKeys(row["Source"], sink: &sink),
                note: row.text("Note"),
                location: SourceLocation(file: file, idCell.position)
            ))
        }
        return result
    }
}
