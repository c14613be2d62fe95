import Foundation
import KlingRuntime

/// Readers of the evidence files that are not endpoints: SOURCES.md, the
/// envelope, the capability map and billing.
struct SharedFilesReader {
    let file: String

    static let sourceColumns = TableColumns([
        .init("Key", nonEmpty: true), .init("Class", nonEmpty: true), .init("Title", nonEmpty: true), .init("Address", nonEmpty: true),
    ])

    /// `failed` gets the keys of rows that did not load (as the key was meant), so rows citing them are not reported again.
    func readSources(_ document: MarkdownDocument, sink: inout DiagnosticSink, failed: inout Set<String>) -> [SourceEntry] {
        var entries: [SourceEntry] = []
        var seen = Set<String>()
        for table in document.tables {
            guard let bound = Self.sourceColumns.bind(table, sink: &sink) else { continue }
            for row in bound.rows {
                guard let keyCell = row["Key"], !keyCell.isEmpty else { continue }
                let key = keyCell.text
                if let problem = Vocabulary.problem(in: key, what: "source key", allowed: Vocabulary.keyScalar, rule: "keys use ASCII letters, digits, '-', '.' and '_'") {
                    sink.error(problem.message, at: keyCell.position)
                    failed.insert(Vocabulary.skeleton(key))
                    continue
                }
                guard seen.insert(key).inserted else {
                    sink.error("source key '\(key)' appears twice", at: keyCell.position)
                    continue
                }
                let classText = row.text("Class")
                guard let sourceClass = SourceEntry.Class(rawValue: classText) else {
                    failed.insert(key)
                    if !classText.isEmpty {
                        sink.error("Class must be \(SourceEntry.Class.allCases.map(\.rawValue).joined(separator: ", ")), not '\(classText)'", at: row["Class"]!.position)
                    }
                    continue
                }
                if key.hasPrefix("OFF-") != (sourceClass == .official) {
                    sink.error("keys starting OFF- and only those are official ('\(key)' is \(sourceClass.rawValue))", at: row["Class"]!.position)
                }
                entries.append(SourceEntry(key: key, sourceClass: sourceClass, title: row.text("Title"), address: row.text("Address"), location: SourceLocation(file: file, keyCell.position)))
            }
        }
        return entries
    }

    /// The envelope: named field-table sections, error codes, and ENV findings.
    struct Envelope {
        var sections: [String: [FieldTableReader.Entry]] = [:]
        var errorCodes: [ErrorCode] = []
        var domains: [APIDomain] = []
        var rules: [FindingTablesReader.RuleDraft] = []
        var contradictions: [Contradiction] = []
        var claims: [Claim] = []
        var references: [FindingTablesReader.PendingReference] = []
        var failedRules = Set<String>()
        /// Sections whose table is written but did not load.
        var failedSections = Set<String>()
    }

    static let sectionNames = ["headers", "pagination", "task", "task-list"]
    static let errorColumns = TableColumns([
        .init("HTTP", nonEmpty: true), .init("Code", nonEmpty: true), .init("Meaning", nonEmpty: true),
        .init("Outcome", nonEmpty: true), .init("Source", nonEmpty: true),
    ])

    func readEnvelope(_ document: MarkdownDocument, sink: inout DiagnosticSink) -> Envelope {
        var envelope = Envelope()
        let findings = FindingTablesReader(file: file, prefix: "ENV")
        for table in document.tables {
            let section = table.headingPath.count >= 2 ? table.headingPath[1] : ""
            if Self.sectionNames.contains(section) {
                // Which part the rows belong to is decided where they are included.
                // Included rows are the doc's own: every column present, so none is read as pasted.
                guard envelope.sections[section] == nil else {
                    sink.error("a second field table for '\(section)'", at: table.position)
                    continue
                }
                let before = sink.diagnostics.count
                let entries = FieldTableReader(file: file, part: .body, allColumns: true).read(table, sink: &sink)
                // A table whose header did not bind yields no rows: including it must not pass as "no headers".
                if entries.isEmpty && sink.diagnostics.count > before {
                    envelope.failedSections.insert(section)
                } else {
                    envelope.sections[section] = entries
                }
            } else if section == "Error Codes" {
                envelope.errorCodes += readErrorCodes(table, sink: &sink)
            } else if section == "API Domains" {
                envelope.domains += readDomains(table, sink: &sink)
            } else if section == "Rules" {
                envelope.rules += findings.readRules(table, endpoint: nil, sink: &sink, failed: &envelope.failedRules)
            } else if section == "Contradictions" {
                envelope.contradictions += findings.readContradictions(table, sink: &sink, pending: &envelope.references)
            } else if section == "Claims" {
                envelope.claims += findings.readClaims(table, sink: &sink, pending: &envelope.references)
            } else {
                sink.error("a table under '\(section)'; the envelope has sections \(Self.sectionNames.joined(separator: ", ")), Error Codes, API Domains, Rules, Contradictions, Claims", at: table.position)
            }
        }
        for row in document.unreadRows where row.headingPath.count >= 2 {
            let section = row.headingPath[1]
            let name = EndpointFileReader.rowName(row.firstCell)
            if Self.sectionNames.contains(section) {
                if envelope.sections[section] != nil { envelope.sections[section]!.append(.failed(name)) } else { envelope.failedSections.insert(section) }
            } else if ["Rules", "Contradictions", "Claims"].contains(section) {
                envelope.failedRules.insert(name)
            }
        }
        return envelope
    }

    private func readErrorCodes(_ table: MarkdownTable, sink: inout DiagnosticSink) -> [ErrorCode] {
        guard let bound = Self.errorColumns.bind(table, sink: &sink) else { return [] }
        var codes: [ErrorCode] = []
        for row in bound.rows {
            guard let codeCell = row["Code"], let code = Int(codeCell.text) else {
                if let cell = row["Code"], !cell.isEmpty { sink.error("code '\(cell.text)' is not a number", at: cell.position) }
                continue
            }
            guard let outcome = ErrorCode.Outcome(rawValue: row.text("Outcome")) else {
                sink.error("Outcome must be \(ErrorCode.Outcome.allCases.map(\.rawValue).joined(separator: ", "))", at: row["Outcome"]!.position)
                continue
            }
            codes.append(ErrorCode(http: row.text("HTTP"), code: code, meaning: row.text("Meaning"), outcome: outcome, sources: CellText.sourceKeys(row["Source"], sink: &sink), location: SourceLocation(file: file, codeCell.position)))
        }
        return codes
    }

    static let domainColumns = TableColumns([
        .init("Domain", nonEmpty: true), .init("Use", nonEmpty: true), .init("Source", nonEmpty: true), .init("Note"),
    ])

    /// Base addresses: an https URL with no path, and whether the texts call it current or replaced.
    private func readDomains(_ table: MarkdownTable, sink: inout DiagnosticSink) -> [APIDomain] {
        guard let bound = Self.domainColumns.bind(table, sink: &sink) else { return [] }
        var domains: [APIDomain] = []
        for row in bound.rows {
            guard let cell = row["Domain"], !cell.isEmpty else { continue }
            let url = cell.text.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            if let problem = URLSyntax.problem(url) {
                sink.error("Domain '\(url)' is not a well-formed URL: \(problem)", at: cell.position)
                continue
            }
            guard url.hasPrefix("https://"), !url.dropFirst("https://".count).contains("/") else {
                sink.error("Domain is an https address with no path, such as `https://api-singapore.klingai.com`, not '\(url)'", at: cell.position)
                continue
            }
            guard let use = APIDomain.Use(rawValue: row.text("Use")) else {
                var message = "Use must be \(APIDomain.Use.allCases.map(\.rawValue).joined(separator: " or ")), not '\(row.text("Use"))'"
                if let near = Suggestion.closest(to: row.text("Use"), among: APIDomain.Use.allCases.map(\.rawValue)) { message += "; did you mean '\(near)'?" }
                sink.error(message, at: row["Use"]!.position)
                continue
            }
            domains.append(APIDomain(url: url, use: use, sources: CellText.sourceKeys(row["Source"], sink: &sink), note: row.text("Note"), location: SourceLocation(file: file, cell.position)))
        }
        return domains
    }

    static let capabilityColumns = TableColumns([
        .init("Feature", nonEmpty: true), .init("Value", nonEmpty: true), .init("Source", nonEmpty: true), .init("Note"),
    ])

    struct CapabilityMap {
        var cells: [CapabilityCell] = []
        var rules: [FindingTablesReader.RuleDraft] = []
        var contradictions: [Contradiction] = []
        var claims: [Claim] = []
        var references: [FindingTablesReader.PendingReference] = []
        var failedRules = Set<String>()
        /// `model/feature` of cells written but not loaded.
        var failedCells = Set<String>()
    }

    func readCapabilityMap(_ document: MarkdownDocument, sink: inout DiagnosticSink) -> CapabilityMap {
        var map = CapabilityMap()
        let findings = FindingTablesReader(file: file, prefix: "CAP")
        var seen = Set<String>()
        for table in document.tables {
            let section = table.headingPath.count >= 2 ? table.headingPath[1] : ""
            switch section {
            case "Rules": map.rules += findings.readRules(table, endpoint: nil, sink: &sink, failed: &map.failedRules)
            case "Contradictions": map.contradictions += findings.readContradictions(table, sink: &sink, pending: &map.references)
            case "Claims": map.claims += findings.readClaims(table, sink: &sink, pending: &map.references)
            case "":
                sink.error("a capability table sits under a '## <model>' heading", at: table.position)
            default:
                let model = section.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                // A model heading is a model_name value: the same characters as an enum atom.
                if let problem = Vocabulary.problem(in: model, what: "model", allowed: Vocabulary.enumAtomScalar, rule: "model names use ASCII letters, digits and _ - . :") {
                    sink.error(problem.message, at: table.position)
                    continue
                }
                guard let bound = Self.capabilityColumns.bind(table, sink: &sink) else { continue }
                for row in bound.rows {
                    guard let featureCell = row["Feature"], !featureCell.isEmpty, let valueCell = row["Value"], !valueCell.isEmpty else { continue }
                    let feature = featureCell.text
                    guard feature.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }), feature.first?.isLetter == true else {
                        sink.error("feature '\(feature)' must be lower-case words joined by hyphens", at: featureCell.position)
                        continue
                    }
                    guard seen.insert("\(model)/\(feature)").inserted else {
                        sink.error("cap:\(model)/\(feature) appears twice", at: featureCell.position)
                        continue
                    }
                    guard let value = readCellValue(valueCell, sink: &sink) else {
                        map.failedCells.insert("\(model)/\(feature)")
                        continue
                    }
                    map.cells.append(CapabilityCell(model: model, feature: feature, value: value, sources: CellText.sourceKeys(row["Source"], sink: &sink), note: row.text("Note"), location: SourceLocation(file: file, featureCell.position)))
                }
            }
        }
        return map
    }

    private func readCellValue(_ cell: TableCell, sink: inout DiagnosticSink) -> CapabilityCell.Value? {
        switch cell.text {
        case "✅": return .supported
        case "❌": return .unsupported
        case "coming soon": return .comingSoon
        case "—": return .notListed
        default:
            guard !cell.text.contains(";") else {
                sink.error("a capability cell holds one Values atom; split the condition into separate cells", at: cell.position)
                return nil
            }
            var local = DiagnosticSink(file: file)
            let constraints = ValuesParser(cell: cell, type: .string, capabilityCell: true).parse(sink: &local)
            sink.append(contentsOf: local.diagnostics)
            guard local.diagnostics.isEmpty, let constraint = constraints.first else { return nil }
            return .constraint(constraint)
        }
    }

    static let billingColumns = TableColumns([
        .init("Endpoint", nonEmpty: true), .init("Model", nonEmpty: true), .init("Mode"), .init("When"), .init("Units", nonEmpty: true),
        .init("Per", nonEmpty: true), .init("Source", nonEmpty: true),
    ])

    struct BillingDraft {
        /// Where the cells a later check may point at are.
        struct Cells {
            var endpoint: SourcePosition
            var model: SourcePosition
            var mode: SourcePosition
            var per: SourcePosition
        }
        var row: BillingRow
        var cell: TableCell?
        var offset: Int
        var cells: Cells
    }

    func readBilling(_ document: MarkdownDocument, sink: inout DiagnosticSink) -> [BillingDraft] {
        var rows: [BillingDraft] = []
        for table in document.tables {
            guard let bound = Self.billingColumns.bind(table, sink: &sink) else { continue }
            for row in bound.rows {
                guard let modelCell = row["Model"], !modelCell.isEmpty, let unitsCell = row["Units"], let perCell = row["Per"] else { continue }
                guard let units = NumberLiteral(unitsCell.text), units.value >= 0 else {
                    if !unitsCell.isEmpty { sink.error("Units must be a non-negative number, not '\(unitsCell.text)'", at: unitsCell.position) }
                    continue
                }
                guard let per = CellText.singleCodeSpan(perCell)?.text, !per.isEmpty else {
                    if !perCell.isEmpty { sink.error("Per is one code span naming the body field that counts what is billed, such as `duration` or `n`", at: perCell.position) }
                    continue
                }
                var when: RuleNode?
                var whenText = ""
                var offset = 0
                let whenCell = row["When"]
                if let whenCell, !whenCell.isEmpty {
                    guard let span = CellText.singleCodeSpan(whenCell) else {
                        sink.error("When is one code span holding a condition", at: whenCell.position)
                        continue
                    }
                    do {
                        when = try RuleParser.parse(span.text)
                        whenText = span.text
                        offset = span.offset
                    } catch {
                        sink.error(error.message, at: whenCell.position(atUTF8Offset: span.offset + error.offset))
                        continue
                    }
                }
                var foreign = false
                for name in ["Endpoint", "Model", "Mode"] {
                    guard let cell = row[name] else { continue }
                    let value = cell.text.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                    if let problem = Vocabulary.problem(in: value, what: name.lowercased(), allowed: Vocabulary.enumAtomScalar, rule: "billing names use ASCII letters, digits and _ - . :") {
                        sink.error(problem.message, at: cell.position)
                        foreign = true
                    }
                }
                if foreign { continue }
                rows.append(BillingDraft(
                    row: BillingRow(
                        endpoint: row.text("Endpoint").trimmingCharacters(in: CharacterSet(charactersIn: "`")),
                        model: modelCell.text.trimmingCharacters(in: CharacterSet(charactersIn: "`")), mode: row.text("Mode").trimmingCharacters(in: CharacterSet(charactersIn: "`")),
                        when: when, whenText: whenText, units: units, per: per, sources: CellText.sourceKeys(row["Source"], sink: &sink),
                        location: SourceLocation(file: file, modelCell.position)),
                    cell: whenCell, offset: offset, cells: BillingDraft.Cells(endpoint: row["Endpoint"]!.position, model: modelCell.position, mode: row["Mode"]?.position ?? modelCell.position, per: perCell.position)))
            }
        }
        return rows
    }

    static let catalogueColumns = TableColumns([
        .init("Id", nonEmpty: true), .init("Method", nonEmpty: true), .init("Path", nonEmpty: true),
        .init("Texts", nonEmpty: true), .init("Section", nonEmpty: true),
    ])

    /// `evidence/catalogue.md`: every operation the official texts document.
    func readCatalogue(_ document: MarkdownDocument, sink: inout DiagnosticSink) -> [CatalogueEntry] {
        var entries: [CatalogueEntry] = []
        for table in document.tables {
            guard let bound = Self.catalogueColumns.bind(table, sink: &sink) else { continue }
            for row in bound.rows {
                guard let idCell = row["Id"], !idCell.isEmpty else { continue }
                let id = idCell.text.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                let parts = id.split(separator: ".", omittingEmptySubsequences: false)
                guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" } }) else {
                    sink.error("catalogue id '\(id)' is <resource>.<operation> in lower-case letters, digits and '-'", at: idCell.position)
                    continue
                }
                let method = row.text("Method")
                let path = row.text("Path").trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                // A page an official text names without its route: both cells say so, or neither.
                if (method == CatalogueEntry.unknown) != (path == CatalogueEntry.unknown) {
                    sink.error("Method and Path are both '\(CatalogueEntry.unknown)' (a page an official text names without its route) or both given", at: row["Method"]!.position)
                    continue
                }
                guard ["GET", "POST", "DELETE", "PUT", CatalogueEntry.unknown].contains(method) else {
                    sink.error("Method must be GET, POST, DELETE or PUT (or '\(CatalogueEntry.unknown)' with Path '\(CatalogueEntry.unknown)'), not '\(method)'", at: row["Method"]!.position)
                    continue
                }
                let texts = CellText.sourceKeys(row["Texts"], sink: &sink)
                if let foreign = texts.first(where: { !$0.hasPrefix("OFF-") }) {
                    sink.error("Texts names official texts only, not '\(foreign)': the catalogue lists what they document", at: row["Texts"]!.position)
                    continue
                }
                entries.append(CatalogueEntry(id: id, method: method, path: path, texts: texts, section: row.text("Section"), location: SourceLocation(file: file, idCell.position)))
            }
        }
        return entries
    }
}
