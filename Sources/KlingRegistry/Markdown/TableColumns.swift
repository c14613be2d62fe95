import KlingRuntime

/// The columns one kind of table must have, with the header words accepted
/// for each (so a table pasted from the vendor doc parses) and whether a
/// cell may be left empty.
package struct TableColumns: Sendable {
    package struct Column: Sendable {
        package var name: String
        package var aliases: [String]
        /// The table may leave this column out entirely.
        package var optional: Bool
        /// Every row must fill this column.
        package var nonEmpty: Bool

        package init(_ name: String, aliases: [String] = [], optional: Bool = false, nonEmpty: Bool = false) {
            self.name = name
            self.aliases = aliases
            self.optional = optional
            self.nonEmpty = nonEmpty
        }
    }

    package var columns: [Column]

    package init(_ columns: [Column]) { self.columns = columns }

    /// Maps the table's header onto these columns. Unknown and missing
    /// columns are errors; rows with an empty cell in a `nonEmpty` column are
    /// reported and still returned, so later checks see every row.
    package func bind(_ table: MarkdownTable, sink: inout DiagnosticSink) -> BoundTable? {
        var indices: [String: Int] = [:]
        var ok = true
        for (index, cell) in table.header.enumerated() {
            let word = cell.text.lowercased()
            guard let column = columns.first(where: { $0.name.lowercased() == word || $0.aliases.contains { $0.lowercased() == word } }) else {
                let expected = columns.map(\.name).joined(separator: " | ")
                sink.error("unknown column '\(cell.text)'; expected \(expected)", at: cell.position)
                ok = false
                continue
            }
            if indices[column.name] != nil {
                sink.error("column '\(column.name)' appears twice", at: cell.position)
                ok = false
            }
            indices[column.name] = index
        }
        for column in columns where !column.optional && indices[column.name] == nil {
            sink.error("table has no '\(column.name)' column", at: table.position)
            ok = false
        }
        guard ok else { return nil }
        for row in table.rows {
            for column in columns where column.nonEmpty {
                guard let index = indices[column.name], index < row.cells.count else { continue }
                if row.cells[index].isEmpty {
                    sink.error("empty cell in column '\(column.name)'", at: row.cells[index].position)
                }
            }
        }
        return BoundTable(table: table, indices: indices)
    }
}

/// A table whose columns are known by name.
package struct BoundTable: Sendable {
    package var table: MarkdownTable
    var indices: [String: Int]

    package var rows: [BoundRow] { table.rows.map { BoundRow(row: $0, indices: indices) } }
    package func hasColumn(_ name: String) -> Bool { indices[name] != nil }
}

package struct BoundRow: Sendable {
    package var row: TableRow
    var indices: [String: Int]

    package var line: Int { row.line }

    /// The cell of `column`, or nil when the table has no such column or the row is short.
    package subscript(_ column: String) -> TableCell? {
        guard let index = indices[column], index < row.cells.count else { return nil }
        return row.cells[index]
    }

    /// Trimmed text of `column`, empty when absent.
    package func text(_ column: String) -> String { self[column]?.text ?? "" }

    package var position: SourcePosition { SourcePosition(line: row.line, column: row.cells.first?.position.column ?? 1) }
}
