import Foundation
import KlingRuntime

/// Reads one field table (docs/evidence-format.md#an-endpoint-file): full paths or `└` rows, the closed type
/// vocabulary, requirement, default, Values and Source.
struct FieldTableReader {
    enum Entry {
        case field(Field)
        /// `include common/envelope#<name>`
        case include(String, SourcePosition)
        /// A row with a readable name whose cells have an error: later
        /// references to it are knock-ons, not causes.
        case failed(String)
    }

    static let columns = TableColumns([
        .init("Field", aliases: ["Parameter", "Parameter Name"], nonEmpty: true),
        .init("Type", nonEmpty: true),
        .init("Required", aliases: ["Required Field"], nonEmpty: true),
        .init("Default", aliases: ["Default Value"], optional: true),
        .init("Values", optional: true),
        .init("Source", optional: true),
        .init("Description", nonEmpty: true),
    ])

    let file: String
    let part: Part
    /// Every column must be present: no row of this table may be read as pasted.
    var allColumns = false

    func read(_ table: MarkdownTable, sink: inout DiagnosticSink) -> [Entry] {
        // Include rows leave Type and Required empty, so bind without the
        // non-empty checks and apply them row by row.
        var relaxed = Self.columns
        relaxed.columns = relaxed.columns.map { var column = $0; column.nonEmpty = false; column.optional = column.optional && !allColumns; return column }
        guard let bound = relaxed.bind(table, sink: &sink) else { return [] }
        let pasted = !bound.hasColumn("Values") || !bound.hasColumn("Source")
        var entries: [Entry] = []
        // `└` rows: the nearest row above at each depth.
        var lastAtDepth: [Int: Field] = [:]
        // Depths whose latest row did not load: its `└` children are knock-ons, not orphans.
        var failedAt = Set<Int>()
        for row in bound.rows {
            guard let fieldCell = row["Field"] else { continue }
            let fieldText = fieldCell.text
            if fieldText == "…" || fieldText == "..." {
                let description = row.text("Description")
                let prefix = "include common/envelope#"
                guard description.hasPrefix(prefix), description.count > prefix.count else {
                    sink.error("a '…' row must say 'include common/envelope#<section>' in Description", at: row["Description"]?.position ?? fieldCell.position)
                    continue
                }
                entries.append(.include(String(description.dropFirst(prefix.count)), row["Description"]!.position))
                continue
            }
            for name in ["Field", "Type", "Required", "Description"] where row[name]?.isEmpty ?? false {
                sink.error("empty cell in column '\(name)'", at: row[name]!.position)
            }
            let before = sink.diagnostics.count
            var failedName: String?
            var depth = 0
            let field = readRow(row, pasted: pasted, lastAtDepth: &lastAtDepth, failedAt: failedAt, depth: &depth, failedName: &failedName, sink: &sink)
            failedAt = failedAt.filter { $0 < depth }
            if let field, sink.diagnostics.count == before {
                entries.append(.field(field))
            } else {
                if let name = field?.path ?? failedName { entries.append(.failed(name)) }
                failedAt.insert(depth)
                if field == nil { lastAtDepth = lastAtDepth.filter { $0.key < depth } }
            }
        }
        return entries
    }

    private func readRow(_ row: BoundRow, pasted: Bool, lastAtDepth: inout [Int: Field], failedAt: Set<Int>, depth rowDepth: inout Int, failedName: inout String?, sink: inout DiagnosticSink) -> Field? {
        let fieldCell = row["Field"]!
        guard !fieldCell.isEmpty else { return nil }
        // Marks: leading `└` characters (spaces between them allowed).
        var text = Substring(fieldCell.text)
        var depth = 0
        while let first = text.first, first == "└" || (depth > 0 && first == " ") {
            if first == "└" { depth += 1 }
            text = text.dropFirst()
        }
        rowDepth = depth
        var name = String(text).trimmedSpaces
        if name.hasPrefix("`") && name.hasSuffix("`") && name.count >= 2 {
            name = String(name.dropFirst().dropLast())
        }
        if let problem = Vocabulary.problem(in: name, what: "field name", allowed: Vocabulary.fieldNameScalar, rule: "field names use ASCII letters, digits, '_' and '-'") {
            sink.error(problem.message, at: fieldCell.position)
            if depth == 0 { failedName = Vocabulary.skeleton(name) }
            return nil
        }
        guard FieldPath.isWellFormed(name) else {
            sink.error("'\(name)' is not a field path (names joined by '.' or '[].')", at: fieldCell.position)
            return nil
        }
        var path = name
        if depth > 0 {
            guard let parent = lastAtDepth[depth - 1] else {
                // The parent's own error is the cause.
                if failedAt.contains(depth - 1) { return nil }
                sink.error("'└' row has no parent row above it with \(depth - 1) mark\(depth == 2 ? "" : "s")", at: fieldCell.position)
                return nil
            }
            guard !name.contains(".") else {
                sink.error("a '└' row names only the last segment, not '\(name)'", at: fieldCell.position)
                return nil
            }
            path = FieldPath.child(of: parent.path, parentIsArray: parent.type.isArray, leaf: name)
        }
        failedName = path
        let typeCell = row["Type"]!
        guard let type = FieldType.parse(typeCell.text) else {
            if !typeCell.isEmpty {
                sink.error("unknown type '\(typeCell.text)'; use string, integer, int64, number, boolean, object, array or array[<type>]", at: typeCell.position)
            }
            return nil
        }
        let requirement = readRequirement(row["Required"]!, sink: &sink)
        let defaultValue = row["Default"].map { readDefault($0, type: type, pasted: pasted, sink: &sink) } ?? .none
        var constraints: [Constraint] = []
        if let valuesCell = row["Values"], !valuesCell.isEmpty {
            constraints = ValuesParser(cell: valuesCell, type: type, capabilityCell: false).parse(sink: &sink)
        }
        let sources = CellText.sourceKeys(row["Source"], sink: &sink)
        if case .value(let value) = defaultValue, let cell = row["Default"] {
            for problem in DefaultCheck.problems(value, type: type, constraints: constraints) {
                sink.error(problem, at: cell.position)
            }
        }
        let field = Field(
            part: part,
            path: path,
            type: type,
            requirement: requirement ?? .optional,
            defaultValue: defaultValue,
            constraints: constraints,
            sources: sources,
            description: row.text("Description"),
            location: SourceLocation(file: file, fieldCell.position),
            includedFrom: nil,
            pasted: pasted
        )
        lastAtDepth[depth] = field
        lastAtDepth = lastAtDepth.filter { $0.key <= depth }
        return field
    }

    private func readRequirement(_ cell: TableCell, sink: inout DiagnosticSink) -> Requirement? {
        let word = cell.text.trimmedSpaces
        switch word.lowercased() {
        case "required": return .required
        case "optional": return .optional
        case "": return nil
        default: break
        }
        if word.hasPrefix("conditional(") && word.hasSuffix(")") {
            let id = String(word.dropFirst("conditional(".count).dropLast())
            if !id.isEmpty { return .conditional(rule: id) }
        }
        sink.error("Required must be required, optional or conditional(<rule-id>), not '\(word)'", at: cell.position)
        return nil
    }

    private func readDefault(_ cell: TableCell, type: FieldType, pasted: Bool, sink: inout DiagnosticSink) -> DefaultValue {
        var text = cell.text
        if text.isEmpty { return .none }
        if text.lowercased() == "not stated" { return .notStated }
        // The format asks for backticks: a bare word would be read as a string whatever the field's type.
        // A table pasted from the vendor doc (no Values or Source) keeps its bare words; its rows are residuals.
        if let span = CellText.singleCodeSpan(cell) {
            text = span.text
        } else if !pasted {
            sink.error("default '\(cell.text)' must be one literal in backticks (`\(cell.text.replacingOccurrences(of: "`", with: ""))`), empty, or 'not stated'", at: cell.position)
            return .none
        }
        if ["none", "null"].contains(text.lowercased()) { return .none }
        guard let value = LiteralReader.literal(text, as: type) else {
            sink.error("default '\(cell.text)' is not a \(type) literal", at: cell.position)
            return .none
        }
        return .value(value)
    }
}
