import KlingRuntime

/// A markdown file reduced to what klingreg reads: headings and tables,
/// every piece carrying its source position.
package struct MarkdownDocument: Sendable {
    package var path: String
    package var headings: [Heading]
    package var tables: [MarkdownTable]
    /// Rows the reader refused (hidden by markup, nested, or in a table that
    /// is not read), already reported: what names them is a knock-on.
    package var unreadRows: [UnreadRow] = []

    package struct UnreadRow: Sendable {
        /// Headings enclosing the row, outermost first; a table under `### Rules` counts as in `Rules`.
        package var headingPath: [String]
        package var line: Int
        /// The first cell's text: the row's field, rule or finding id.
        package var firstCell: String
    }

    package struct Heading: Sendable, Hashable {
        package var level: Int
        package var title: String
        package var position: SourcePosition
    }
}

/// A GFM table under the headings that enclose it.
package struct MarkdownTable: Sendable {
    /// Titles of the enclosing headings, outermost first (`["Omni-Video", "Request Body"]`).
    package var headingPath: [String]
    package var position: SourcePosition
    package var header: [TableCell]
    package var rows: [TableRow]
}

package struct TableRow: Sendable {
    package var line: Int
    package var cells: [TableCell]
}

/// One cell's text, trimmed, with `\|` already turned into `|`. Positions
/// inside the text map back to source columns through the cell's start and
/// the offsets where an escaped pipe lost its backslash, so a parser of the
/// cell's content can report exact columns without a table per byte.
package struct TableCell: Sendable, Hashable {
    package var text: String
    package var line: Int
    /// Source column of the first byte of `text`.
    package var startColumn: Int
    /// UTF-8 offsets in `text` of each `|` that was written `\|`, ascending.
    package var unescapedPipes: [Int]
    /// Column just after the cell's last character (for errors at the end of the text).
    package var endColumn: Int

    package init(text: String, line: Int, startColumn: Int, unescapedPipes: [Int] = [], endColumn: Int) {
        self.text = text
        self.line = line
        self.startColumn = startColumn
        self.unescapedPipes = unescapedPipes
        self.endColumn = endColumn
    }

    package var position: SourcePosition { SourcePosition(line: line, column: text.isEmpty ? endColumn : startColumn) }

    /// Source position of the UTF-8 offset `offset` of `text`; an escaped pipe maps to its backslash.
    package func position(atUTF8Offset offset: Int) -> SourcePosition {
        guard offset < text.utf8.count else { return SourcePosition(line: line, column: endColumn) }
        let earlier = unescapedPipes.prefix { $0 < offset }.count
        return SourcePosition(line: line, column: startColumn + offset + earlier)
    }

    package var isEmpty: Bool { text.isEmpty }
}
