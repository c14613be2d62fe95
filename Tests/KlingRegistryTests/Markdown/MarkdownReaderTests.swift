import KlingRuntime
import Testing
@testable import KlingRegistry

struct MarkdownReaderTests {
    func read(_ text: String) -> (MarkdownDocument, [Diagnostic]) {
        let (document, diagnostics) = MarkdownReader.read(path: "t.md", bytes: Array(text.utf8))
        return (document ?? MarkdownDocument(path: "t.md", headings: [], tables: []), diagnostics)
    }

    @Test func tablesCarryHeadingPathAndCellPositions() throws {
        let (document, diagnostics) = read("""
        # Title

        ## Part

        | Field | Note |
        |---|---|
        | `a` | x \\| y |
        """)
        #expect(diagnostics.isEmpty)
        let table = try #require(document.tables.first)
        #expect(table.headingPath == ["Title", "Part"])
        #expect(table.header.map(\.text) == ["Field", "Note"])
        let row = try #require(table.rows.first)
        #expect(row.line == 7)
        #expect(row.cells.map(\.text) == ["`a`", "x | y"])
        #expect(row.cells[0].position == SourcePosition(line: 7, column: 3))
        #expect(row.cells[1].position == SourcePosition(line: 7, column: 9))
    }

    @Test func escapedPipeInsideCodeSpanIsALiteralPipe() throws {
        let (document, diagnostics) = read("""
        | Rule | Check |
        |---|---|
        | R1 | `present(a) \\|\\| present(b)` |
        """)
        #expect(diagnostics.isEmpty)
        let cell = try #require(document.tables.first?.rows.first?.cells[1])
        #expect(cell.text == "`present(a) || present(b)`")
        // An escaped pipe maps back to its backslash, the start of `\\|` in the source.
        #expect(cell.position(atUTF8Offset: 12) == SourcePosition(line: 3, column: 20))
    }

    @Test func raggedRowsAreErrorsNotPaddingOrDropping() {
        let (document, diagnostics) = read("""
        | A | B |
        |---|---|
        | 1 |
        | 1 | 2 | 3 |
        """)
        #expect(diagnostics.map(\.description) == [
            "t.md:3:6: error: row has 1 cell but the header has 2; missing cells would be read as empty",
            "t.md:4:11: error: row has 3 cells but the header has 2; the extra cells would be dropped",
        ])
        // Reported and left out, so no later check reads misaligned cells.
        #expect(document.tables.first?.rows.isEmpty == true)
    }

    @Test func pipeBlockThatIsNotATableIsReported() {
        let (document, diagnostics) = read("""
        Intro.

        | A | B |
        | 1 | 2 |
        """)
        #expect(document.tables.isEmpty)
        #expect(diagnostics.map(\.description) == [
            "t.md:3:1: error: lines starting with '|' are not a table (is the delimiter row '|---|' missing or malformed?)",
        ])
    }

    /// A fence around table lines hides them from the table: refused, not skipped.
    @Test func pipesInsideFencedCodeAreErrors() {
        let (document, diagnostics) = read("""
        ```
        | not | a table |
        ```
        """)
        #expect(document.tables.isEmpty)
        #expect(diagnostics.map(\.description) == ["t.md:2:1: error: a table line inside a code block is not read; remove the markup around the rows"])
    }

    @Test func crlfLineEndingsReadLikeLF() throws {
        let (document, diagnostics) = read("# T\r\n\r\n| A | B |\r\n|---|---|\r\n| 1 | 2 |\r\n")
        #expect(diagnostics.isEmpty)
        #expect(document.tables.first?.rows.first?.cells.map(\.text) == ["1", "2"])
        #expect(document.tables.first?.rows.first?.line == 5)
    }

    @Test func invalidUTF8AndBOMAreErrors() {
        let (unreadable, bad) = MarkdownReader.read(path: "t.md", bytes: Array("# T\n\nab".utf8) + [0xC3, 0x28])
        #expect(unreadable == nil)
        #expect(bad.map(\.description) == ["t.md:3:3: error: invalid UTF-8"])
        let (_, bom) = MarkdownReader.read(path: "t.md", bytes: [0xEF, 0xBB, 0xBF] + Array("# T\n".utf8))
        #expect(bom.map(\.description) == ["t.md:1:1: error: byte order mark at the start of the file; save it as UTF-8 without BOM"])
    }

    @Test func requiredColumnsAndEmptyCells() throws {
        let (document, _) = read("""
        | Key | Value |
        |---|---|
        | id |  |
        """)
        var sink = DiagnosticSink(file: "t.md")
        let columns = TableColumns([.init("Key", nonEmpty: true), .init("Value", nonEmpty: true), .init("Note", optional: true)])
        let bound = try #require(columns.bind(document.tables[0], sink: &sink))
        #expect(bound.rows.count == 1)
        #expect(sink.diagnostics.map(\.description) == ["t.md:3:7: error: empty cell in column 'Value'"])

        var strict = DiagnosticSink(file: "t.md")
        let needsNote = TableColumns([.init("Key"), .init("Value"), .init("Note")])
        #expect(needsNote.bind(document.tables[0], sink: &strict) == nil)
        #expect(strict.diagnostics.map(\.description) == ["t.md:1:1: error: table has no 'Note' column"])
    }
}

struct MarkdownReaderDepthTests {
    @Test func deeplyNestedListsAreWalkedWithoutRecursion() {
        let text = String(repeating: "> ", count: 3000) + "| a | b |\n" + String(repeating: "> ", count: 3000) + "|---|---|\n" + String(repeating: "> ", count: 3000) + "| 1 | 2 |\n"
        let (document, _) = MarkdownReader.read(path: "t.md", bytes: Array(text.utf8))
        #expect(document != nil)
    }
}

/// Every `|` line is a row of a top-level table or an error: nothing hidden
/// by markup, nesting or a second table can vanish.
struct MarkdownReaderHiddenRowTests {
    func read(_ text: String) -> (MarkdownDocument, [String]) {
        let (document, diagnostics) = MarkdownReader.read(path: "t.md", bytes: Array(text.utf8))
        return (document ?? MarkdownDocument(path: "t.md", headings: [], tables: []), diagnostics.map(\.description))
    }

    static let table = "# T\n\n## S\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"

    @Test func aCommentedLastRowIsAnErrorAndTheTableKeepsTheRowsBefore() {
        let (document, diagnostics) = read(Self.table + "<!--\n| 3 | 4 |\n-->\n")
        #expect(diagnostics == ["t.md:9:1: error: a table line inside an HTML block or comment is not read; remove the markup around the rows"])
        #expect(document.tables.first?.rows.map(\.line) == [7])
    }

    @Test func aBlockquotedRowAfterTheTableIsAnError() {
        let (_, diagnostics) = read(Self.table + "> | 3 | 4 |\n")
        #expect(diagnostics == ["t.md:8:3: error: a table line inside a blockquote is not read; tables sit at the top level"])
    }

    @Test func aTableInsideABlockquoteIsNotRead() {
        let (document, diagnostics) = read("# T\n\n> | A | B |\n> |---|---|\n> | 1 | 2 |\n")
        #expect(document.tables.isEmpty)
        #expect(diagnostics == ["t.md:3:3: error: a table line inside a blockquote is not read; tables sit at the top level"])
    }

    @Test func aSecondTableInASectionIsRefusedNotMerged() {
        let (document, diagnostics) = read(Self.table + "\n| A | B |\n|---|---|\n| 3 | 4 |\n")
        #expect(diagnostics == ["t.md:9:1: error: a second table in section 'S' (the first is at line 5); a section holds one table"])
        #expect(document.tables.count == 1)
    }

    @Test func aTableUnderALevel3HeadingIsAHeadingError() {
        let (document, diagnostics) = read("# T\n\n## S\n\n### Rules\n\n| A | B |\n|---|---|\n| 1 | 2 |\n")
        #expect(diagnostics == ["t.md:7:1: error: a table under the level-3 heading '### Rules' (line 5); sections are level-2 headings ('## Rules')"])
        #expect(document.tables.isEmpty)
    }

    @Test func aTableInTheNextSectionIsFine() {
        let (document, diagnostics) = read(Self.table + "\n## U\n\n| A | B |\n|---|---|\n| 3 | 4 |\n")
        #expect(diagnostics.isEmpty)
        #expect(document.tables.map(\.headingPath) == [["T", "S"], ["T", "U"]])
    }
}
