import Foundation
import KlingRuntime

/// An endpoint file as read, before includes, parents, sources, rules and
/// references are checked against the rest of the repository.
struct EndpointDraft {
    var endpoint: Endpoint
    var entries: [Part: [FieldTableReader.Entry]]
    var rules: [FindingTablesReader.RuleDraft]
    var references: [FindingTablesReader.PendingReference]
    /// Rules whose rows have an error: references to them are knock-ons.
    var failedRules: Set<String> = []
}

/// Reads `evidence/<family>/<endpoint-id>.md` (docs/evidence-format.md#an-endpoint-file).
struct EndpointFileReader {
    let file: String
    let family: String
    /// The id the file name gives.
    let expectedID: String

    static let headerKeys = ["id", "method", "path", "source", "captured", "scope"]
    static let headerColumns = TableColumns([.init("Key", nonEmpty: true), .init("Value", nonEmpty: true)])

    func read(_ document: MarkdownDocument, sink: inout DiagnosticSink) -> EndpointDraft? {
        let titles = document.headings.filter { $0.level == 1 }
        guard let title = titles.first else {
            sink.error("an evidence file starts with a level-1 heading naming the section", line: 1, column: 1)
            return nil
        }
        let allowed = Part.allCases.map(\.heading) + ["Rules", "Contradictions", "Claims"]
        for extra in titles.dropFirst() {
            if allowed.contains(extra.title) {
                sink.error("a level-1 heading '# \(extra.title)'; sections are level-2 headings ('## \(extra.title)')", at: extra.position)
            } else {
                sink.error("a second level-1 heading; one endpoint per file", at: extra.position)
            }
        }
        for heading in document.headings where heading.level == 2 && !allowed.contains(heading.title) {
            var message = "unknown section '\(heading.title)'; expected one of \(allowed.joined(separator: ", "))"
            if let near = Suggestion.closest(to: heading.title, among: allowed) { message = "unknown section '\(heading.title)'; did you mean '\(near)'?" }
            sink.error(message, at: heading.position)
        }
        var header: [String: TableCell] = [:]
        var entries: [Part: [FieldTableReader.Entry]] = [:]
        var ruleDrafts: [FindingTablesReader.RuleDraft] = []
        var failedRules = Set<String>()
        var contradictions: [Contradiction] = []
        var claims: [Claim] = []
        var pending: [FindingTablesReader.PendingReference] = []
        let prefix = EndpointCatalog.idPrefix(forEndpoint: expectedID)
        let findings = FindingTablesReader(file: file, prefix: prefix)
        var sawHeader = false

        for table in document.tables {
            let section = table.headingPath.count >= 2 ? table.headingPath[1] : nil
            switch section {
            case nil:
                // A table under a second level-1 heading was reported with that heading.
                if table.headingPath.first != title.title { continue }
                guard !sawHeader else {
                    sink.error("a second table under the title; field tables go under their part heading", at: table.position)
                    continue
                }
                sawHeader = true
                header = readHeader(table, sink: &sink)
            case let name? where Part(heading: name) != nil:
                let part = Part(heading: name)!
                if entries[part] != nil {
                    sink.error("a second field table for '\(name)'", at: table.position)
                    continue
                }
                entries[part] = FieldTableReader(file: file, part: part).read(table, sink: &sink)
            case "Rules":
                ruleDrafts += findings.readRules(table, endpoint: expectedID, sink: &sink, failed: &failedRules)
            case "Contradictions":
                contradictions += findings.readContradictions(table, sink: &sink, pending: &pending)
            case "Claims":
                claims += findings.readClaims(table, sink: &sink, pending: &pending)
            default:
                break  // unknown sections were reported above
            }
        }
        // Rows the markdown reader refused name rules and fields that did not load.
        for row in document.unreadRows where row.headingPath.count >= 2 {
            let name = Self.rowName(row.firstCell)
            if ["Rules", "Contradictions", "Claims"].contains(row.headingPath[1]) {
                failedRules.insert(name)
            } else if let part = Part(heading: row.headingPath[1]) {
                entries[part, default: []].append(.failed(name))
            }
        }
        guard sawHeader else {
            sink.error("missing the 'Key | Value' table under the title (id, method, path, source, captured, scope)", at: title.position)
            return nil
        }
        guard let endpoint = makeEndpoint(title: title, header: header, sink: &sink) else { return nil }
        var result = endpoint
        result.contradictions = contradictions
        result.claims = claims
        return EndpointDraft(endpoint: result, entries: entries, rules: ruleDrafts, references: pending, failedRules: failedRules)
    }

    private func readHeader(_ table: MarkdownTable, sink: inout DiagnosticSink) -> [String: TableCell] {
        guard let bound = Self.headerColumns.bind(table, sink: &sink) else { return [:] }
        var values: [String: TableCell] = [:]
        for row in bound.rows {
            guard let keyCell = row["Key"], let valueCell = row["Value"], !keyCell.isEmpty else { continue }
            let key = keyCell.text
            guard Self.headerKeys.contains(key) else {
                var message = "unknown key '\(key)'; expected \(Self.headerKeys.joined(separator: ", "))"
                if let near = Suggestion.closest(to: key, among: Self.headerKeys) { message += " (did you mean '\(near)'?)" }
                sink.error(message, at: keyCell.position)
                continue
            }
            if values[key] != nil {
                sink.error("key '\(key)' appears twice", at: keyCell.position)
                continue
            }
            if !valueCell.isEmpty { values[key] = valueCell }
        }
        return values
    }

    private func makeEndpoint(title: MarkdownDocument.Heading, header: [String: TableCell], sink: inout DiagnosticSink) -> Endpoint? {
        let missing = Self.headerKeys.filter { header[$0] == nil }
        guard missing.isEmpty else {
            sink.error("the header table lacks \(missing.joined(separator: ", "))", at: title.position)
            return nil
        }
        let idCell = header["id"]!
        if idCell.text != expectedID {
            sink.error("id '\(idCell.text)' does not match the file name '\(expectedID).md'", at: idCell.position)
        }
        let method = header["method"]!
        if !["GET", "POST"].contains(method.text) {
            sink.error("method must be GET or POST, not '\(method.text)'", at: method.position)
        }
        let path = header["path"]!
        let pathText = path.text.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
        if pathText == Endpoint.callbackPath {
            // The caller's own address: the server posts there, not the other way round.
        } else if !pathText.hasPrefix("/") {
            sink.error("path must start with '/' (or be \(Endpoint.callbackPath), the address a create names)", at: path.position)
        } else if let problem = Vocabulary.problem(in: pathText, what: "path", allowed: { Vocabulary.isASCIIAlphanumeric($0) || "/-_.{}".unicodeScalars.contains($0) }, rule: "a path uses ASCII letters, digits and / - _ . { }") {
            sink.error(problem.message, at: path.position)
        }
        let captured = header["captured"]!
        if !Self.isDate(captured.text) {
            sink.error("captured must be a date YYYY-MM-DD, not '\(captured.text)'", at: captured.position)
        }
        let scopeCell = header["scope"]!
        let scope = EndpointScope(rawValue: scopeCell.text)
        if scope == nil {
            sink.error("scope must be current or legacy, not '\(scopeCell.text)'", at: scopeCell.position)
        }
        return Endpoint(
            id: expectedID,
            title: title.title,
            method: method.text,
            path: pathText,
            family: family,
            scope: scope ?? .current,
            source: header["source"]!.text,
            captured: captured.text,
            fields: [],
            rules: [],
            contradictions: [],
            claims: [],
            location: SourceLocation(file: file, title.position)
        )
    }

    /// A row's field path or id from its first cell: without `└` marks and backticks.
    static func rowName(_ cell: String) -> String {
        cell.drop { $0 == "└" || $0 == " " }.trimmingCharacters(in: CharacterSet(charactersIn: "` "))
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2 && parts.allSatisfy { $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
    }
}
