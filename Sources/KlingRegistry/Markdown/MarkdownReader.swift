import CCmarkGFM
import Foundation
import KlingRuntime

/// Reads markdown through cmark-gfm (tables on, source positions on, smart
/// punctuation off) and refuses what would be read lossily: ragged rows and
/// `|` blocks that did not become tables. It never stops at the first
/// problem, so one run reports everything wrong with a file.
package enum MarkdownReader {
    /// The document, or nil when the file cannot be read as text at all (invalid UTF-8).
    package static func read(path: String, bytes: [UInt8]) -> (document: MarkdownDocument?, diagnostics: [Diagnostic]) {
        var sink = DiagnosticSink(file: path)
        var text = bytes
        if text.starts(with: [0xEF, 0xBB, 0xBF]) {
            sink.error("byte order mark at the start of the file; save it as UTF-8 without BOM", line: 1, column: 1)
            text.removeFirst(3)
        }
        if let bad = firstInvalidUTF8(text) {
            sink.error("invalid UTF-8", at: bad)
            return (nil, sink.diagnostics)
        }
        let lines = splitLines(text)
        let tree = CmarkTree(bytes: text)
        var document = MarkdownDocument(path: path, headings: [], tables: [])
        var headingStack: [MarkdownDocument.Heading] = []
        var tableRowLines = Set<Int>()
        var hidingLines: [Int: String] = [:]
        var nestedLines: [Int: String] = [:]
        var firstTableOfSection: [[String]: Int] = [:]

        for block in tree.blocks {
            switch block.kind {
            case .heading(let level, let title) where block.container == nil:
                let heading = MarkdownDocument.Heading(level: level, title: title, position: SourcePosition(line: block.startLine, column: 1))
                headingStack.removeAll { $0.level >= level }
                headingStack.append(heading)
                document.headings.append(heading)
            case .table, .other, .heading:
                if let container = block.container {
                    // Its lines are reported below as table lines no table holds.
                    for line in block.startLine...max(block.startLine, block.endLine) { nestedLines[line] = container }
                    continue
                }
                guard case .table(let rowLines) = block.kind else { continue }
                // The delimiter row is no node of cmark's table: claim the block's whole span.
                tableRowLines.formUnion(block.startLine...max(block.startLine, block.endLine))
                guard let headerLine = rowLines.first else { continue }
                let position = SourcePosition(line: block.startLine, column: 1)
                if let innermost = headingStack.last, innermost.level > 2 {
                    let intended = headingStack.filter { $0.level < 2 }.map(\.title) + [innermost.title]
                    document.unreadRows += unreadRows(of: rowLines, lines: lines, headingPath: intended)
                    sink.error("a table under the level-\(innermost.level) heading '\(String(repeating: "#", count: innermost.level)) \(innermost.title)' (line \(innermost.position.line)); sections are level-2 headings ('## \(innermost.title)')", at: position)
                    continue
                }
                let headingPath = headingStack.map(\.title)
                if let first = firstTableOfSection[headingPath] {
                    let name = headingPath.count >= 2 ? "section '\(headingPath[1])'" : headingPath.isEmpty ? "the top of the file" : "the title"
                    sink.error("a second table in \(name) (the first is at line \(first)); a section holds one table", at: position)
                    document.unreadRows += unreadRows(of: rowLines, lines: lines, headingPath: headingPath)
                    continue
                }
                firstTableOfSection[headingPath] = block.startLine
                let header = TableRowSplitter.cells(ofLine: lines[headerLine - 1], lineNumber: headerLine)
                var rows: [TableRow] = []
                for line in rowLines.dropFirst() {
                    let cells = TableRowSplitter.cells(ofLine: lines[line - 1], lineNumber: line)
                    // A ragged row is reported and left out: its cells cannot be matched to columns.
                    if cells.count > header.count {
                        sink.error("row has \(cells.count) cells but the header has \(header.count); the extra cells would be dropped", at: cells[header.count].position)
                    } else if cells.count < header.count {
                        sink.error("row has \(cells.count) cell\(cells.count == 1 ? "" : "s") but the header has \(header.count); missing cells would be read as empty", line: line, column: lines[line - 1].count + 1)
                    } else {
                        rows.append(TableRow(line: line, cells: cells))
                    }
                }
                document.tables.append(MarkdownTable(
                    headingPath: headingPath,
                    position: position,
                    header: header,
                    rows: rows
                ))
            case .verbatim(let isHTML):
                for line in block.startLine...max(block.startLine, block.endLine) {
                    hidingLines[line] = isHTML ? "an HTML block or comment" : "a code block"
                }
            }
        }
        let unread = reportUnreadPipeLines(lines: lines, tableRows: tableRowLines, hiding: hidingLines, nested: nestedLines, sink: &sink)
        for number in unread {
            let enclosing = document.headings.filter { $0.position.line < number }
            var path: [MarkdownDocument.Heading] = []
            for heading in enclosing {
                path.removeAll { $0.level >= heading.level }
                path.append(heading)
            }
            document.unreadRows += unreadRows(of: [number], lines: lines, headingPath: path.map(\.title), skippingMarkup: hidingLines[number] != nil)
        }
        return (document, sink.diagnostics)
    }

    /// The first cells of refused row lines, for knock-on suppression.
    private static func unreadRows(of rowLines: [Int], lines: [[UInt8]], headingPath: [String], skippingMarkup: Bool = false) -> [MarkdownDocument.UnreadRow] {
        rowLines.compactMap { number in
            let line = lines[number - 1]
            guard let start = pipeStart(line, skippingMarkup: skippingMarkup) else { return nil }
            let cells = TableRowSplitter.cells(ofLine: Array(line[start...]), lineNumber: number)
            guard let first = cells.first?.text, !first.isEmpty, !first.allSatisfy({ $0 == "-" || $0 == ":" }) else { return nil }
            return MarkdownDocument.UnreadRow(headingPath: headingPath, line: number, firstCell: first)
        }
    }

    /// Every line that starts with `|` (after indentation, `>` markers or the
    /// opening of HTML markup) is a row of a top-level table or an error: a
    /// row hidden in a comment, fence or blockquote would vanish from its
    /// table without a word. A run of such lines is reported once.
    /// The numbers of the refused lines.
    private static func reportUnreadPipeLines(lines: [[UInt8]], tableRows: Set<Int>, hiding: [Int: String], nested: [Int: String], sink: inout DiagnosticSink) -> [Int] {
        var previous: String?
        var unread: [Int] = []
        for (offset, line) in lines.enumerated() {
            let number = offset + 1
            guard let start = pipeStart(line, skippingMarkup: hiding[number] != nil) else {
                previous = nil
                continue
            }
            if tableRows.contains(number) {
                if let comment = firstRange(of: Array("<!--".utf8), in: line) {
                    sink.error("an HTML comment in a table row; its text would be read as cell text or hide the rows after it", line: number, column: comment + 1)
                }
                previous = nil
                continue
            }
            let problem: String
            if let markup = hiding[number] {
                problem = "a table line inside \(markup) is not read; remove the markup around the rows"
            } else if let container = nested[number] {
                problem = "a table line inside \(container) is not read; tables sit at the top level"
            } else if line.prefix(while: { $0 == 0x20 || $0 == 0x09 }).count >= 4 {
                problem = "a table line indented 4 or more spaces is not read; tables sit at the top level"
            } else {
                problem = "lines starting with '|' are not a table (is the delimiter row '|---|' missing or malformed?)"
            }
            if problem != previous {
                sink.error(problem, line: number, column: start + 1)
            }
            previous = problem
            unread.append(number)
        }
        return unread
    }

    /// Byte offset of the `|` a line starts with, after spaces, tabs and `>`
    /// markers (and, inside HTML, comment openers and tags), or nil.
    static func pipeStart(_ line: [UInt8], skippingMarkup: Bool) -> Int? {
        var index = 0
        while index < line.count {
            let byte = line[index]
            if byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ">") {
                index += 1
            } else if skippingMarkup, line[index...].starts(with: Array("<!--".utf8)) {
                index += 4
            } else if skippingMarkup, byte == UInt8(ascii: "<"), let close = line[index...].firstIndex(of: UInt8(ascii: ">")) {
                index = close + 1
            } else {
                break
            }
        }
        return index < line.count && line[index] == UInt8(ascii: "|") ? index : nil
    }

    private static func firstRange(of needle: [UInt8], in line: [UInt8]) -> Int? {
        guard needle.count <= line.count else { return nil }
        for start in 0...(line.count - needle.count) where line[start..<(start + needle.count)].elementsEqual(needle) { return start }
        return nil
    }

    static func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                lines.append(current)
                current = []
                if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
            } else {
                current.append(byte)
            }
            index += 1
        }
        lines.append(current)
        return lines
    }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> SourcePosition? {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == UInt8(ascii: "\n") { line += 1; lineStart = index + 1 }
                index += 1
                continue
            }
            let length: Int
            let minimum: UInt32
            var scalar: UInt32
            switch byte {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(byte & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(byte & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(byte & 0x07)
            default: return SourcePosition(line: line, column: index - lineStart + 1)
            }
            guard index + length <= bytes.count else { return SourcePosition(line: line, column: index - lineStart + 1) }
            for next in bytes[(index + 1)..<(index + length)] {
                guard next & 0xC0 == 0x80 else { return SourcePosition(line: line, column: index - lineStart + 1) }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                return SourcePosition(line: line, column: index - lineStart + 1)
            }
            index += length
        }
        return nil
    }
}

/// The top-level blocks of a cmark-gfm parse, reduced to what the reader needs.
struct CmarkTree {
    enum Kind {
        case heading(level: Int, title: String)
        case table(rowLines: [Int])
        /// A code block or an HTML block (comments included).
        case verbatim(isHTML: Bool)
        case other
    }

    struct Block {
        var kind: Kind
        var startLine: Int
        var endLine: Int
        /// The blockquote or list item holding the block; nil at the top level.
        var container: String? = nil
    }

    var blocks: [Block] = []

    init(bytes: [UInt8]) {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_SOURCEPOS) else { return }
        defer { cmark_parser_free(parser) }
        if let table = cmark_find_syntax_extension("table") {
            cmark_parser_attach_syntax_extension(parser, table)
        }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else { return }
        defer { cmark_node_free(root) }
        collect(root)
    }

    /// Walks block containers with an explicit stack: a document of thousands
    /// of nested list items must not exhaust the call stack.
    private mutating func collect(_ root: OpaquePointer) {
        var pending: [(node: OpaquePointer, container: String?)] = []
        var child = cmark_node_first_child(root)
        while let node = child {
            pending.append((node, nil))
            child = cmark_node_next(node)
        }
        pending.reverse()
        while let (node, container) = pending.popLast() {
            let type = String(cString: cmark_node_get_type_string(node))
            let start = Int(cmark_node_get_start_line(node))
            let end = Int(cmark_node_get_end_line(node))
            switch type {
            case "heading":
                blocks.append(Block(kind: .heading(level: Int(cmark_node_get_heading_level(node)), title: Self.inlineText(node)), startLine: start, endLine: end, container: container))
            case "table":
                var rowLines: [Int] = []
                var row = cmark_node_first_child(node)
                while let current = row {
                    rowLines.append(Int(cmark_node_get_start_line(current)))
                    row = cmark_node_next(current)
                }
                blocks.append(Block(kind: .table(rowLines: rowLines), startLine: start, endLine: end, container: container))
            case "code_block", "html_block":
                blocks.append(Block(kind: .verbatim(isHTML: type == "html_block"), startLine: start, endLine: end, container: container))
            case "block_quote", "list", "item":
                var children: [OpaquePointer] = []
                var inner = cmark_node_first_child(node)
                while let current = inner {
                    children.append(current)
                    inner = cmark_node_next(current)
                }
                let holder = container ?? (type == "block_quote" ? "a blockquote" : "a list")
                pending.append(contentsOf: children.reversed().map { ($0, holder) })
            default:
                blocks.append(Block(kind: .other, startLine: start, endLine: end, container: container))
            }
        }
    }

    /// Plain text of a heading; code spans keep their backticks.
    private static func inlineText(_ node: OpaquePointer) -> String {
        var result = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = String(cString: cmark_node_get_type_string(current))
            let literal = cmark_node_get_literal(current).map { String(cString: $0) } ?? ""
            switch type {
            case "code": result += "`\(literal)`"
            case "text": result += literal
            case "softbreak", "linebreak": result += " "
            default: result += inlineText(current)
            }
            child = cmark_node_next(current)
        }
        return result.trimmedSpaces
    }
}
