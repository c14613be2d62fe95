import KlingRuntime

/// A markdown file reduced to what klingreg reads: headings and tables,
/// every piece carrying its source position.
public struct MarkdownDocument: Sendable {
    public var path: String
    public var headings: [Heading]
    public var tables: [MarkdownTable]
    /// Rows the reader refused (hidden by markup, nested, or in a table that
    /// is not read), already reported: what names them is a knock-on.
    public var unreadRows: [UnreadRow] = []

    public struct UnreadRow: Sendable {
        /// Headings enclosing the row, outermost first; a table under `### Rules` counts as in `Rules`.
        public var headingPath: [String]
        public var line: Int
        /// The first cell's text: the row's field, rule or finding id.
        public var firstCell: String
    }

    public struct Heading: Sendable, Hashable {
        public var level: Int
        public var title: String
        public var position: SourcePosition
    }
}

/// A GFM table under the headings that enclose it.
public struct MarkdownTable: Sendable {
    /// Titles of the enclosing headings, outermost first (`["Omni-Video", "Request Body"]`).
    public var headingPath: [String]
    public var position: SourcePosition
    public var header: [TableCell]
    public var rows: [TableRow]
}

public struct TableRow: Sendable {
    public var line: Int
    public var cells: [TableCell]
}

/// One cell's text, trimmed, with `\|` already turned into `|`. Positions
/// inside the text map back to source columns through the cell's start and
/// the offsets where an escaped pipe lost its backslash, so a parser of the
/// cell's content can report exact columns without a table per byte.
public struct TableCell: Sendable, Hashable {
    public var text: String
    public var line: Int
    /// Source column of the first byte of `text`.
    public var startColumn: Int
    /// UTF-8 offsets in `text` of each `|` that was written `\|`, ascending.
    public var unescapedPipes: [Int]
    /// Column just after the cell's last character (for errors at the end of the text).
    public var endColumn: Int

    public init(text: String, line: Int, startColumn: Int, unescapedPipes: [Int] = [], endColumn: Int) {
        self.text = text
        self.line = line
        self.startColumn = startColumn
        self.unescapedPipes = unescapedPipes
        self.endColumn = endColumn
    }

    public var position: SourcePosition { SourcePosition(line: line, column: text.isEmpty ? endColumn : startColumn) }

    /// Source position of the UTF-8 offset `offset` of `text`; an escaped pipe maps to its backslash.
    public func position(atUTF8Offset offset: Int) -> SourcePosition {
        guard offset < text.utf8.count else { return SourcePosition(line: line, column: endColumn) }
        let earlier = unescapedPipes.prefix { $0 < offset }.count
        return SourcePosition(line: line, column: startColumn + offset + earlier)
    }

    public var isEmpty: Bool { text.isEmpty }
}
