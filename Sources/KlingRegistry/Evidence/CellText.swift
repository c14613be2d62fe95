import Foundation
import KlingRuntime

/// Reading code spans and lists out of a table cell.
enum CellText {
    struct Span {
        var text: String
        /// UTF-8 offset of the span's content in the cell.
        var offset: Int
    }

    /// The cell's text when it is exactly one code span (`` `x` ``), else nil.
    static func singleCodeSpan(_ cell: TableCell) -> Span? {
        let spans = codeSpans(cell.text)
        guard spans.count == 1, let span = spans.first else { return nil }
        let whole = "`" + span.text + "`"
        return cell.text == whole ? span : nil
    }

    /// Every single-backtick code span of `text`.
    static func codeSpans(_ text: String) -> [Span] {
        var spans: [Span] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "`") else { index += 1; continue }
            let start = index + 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "`") { end += 1 }
            guard end < bytes.count else { break }
            spans.append(Span(text: String(decoding: bytes[start..<end], as: UTF8.self), offset: start))
            index = end + 1
        }
        return spans
    }

    /// Comma-separated items (source keys, digest citations), with offsets.
    static func commaList(_ text: String) -> [Span] {
        var items: [Span] = []
        var offset = 0
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let raw = String(piece)
            let leading = raw.prefix { $0 == " " }.utf8.count
            let trimmed = raw.trimmedSpaces
            if !trimmed.isEmpty { items.append(Span(text: trimmed, offset: offset + leading)) }
            offset += raw.utf8.count + 1
        }
        return items
    }

    /// The source keys of a Source cell: each at most once and made of the
    /// key characters (``Vocabulary``). A repeated or foreign key is an error
    /// at its column and left out, so the row still fails on the rest.
    static func sourceKeys(_ cell: TableCell?, sink: inout DiagnosticSink) -> [String] {
        guard let cell else { return [] }
        var keys: [String] = []
        var firstAt: [String: Int] = [:]
        for item in commaList(cell.text) {
            let position = cell.position(atUTF8Offset: item.offset)
            if let problem = Vocabulary.problem(in: item.text, what: "source key", allowed: Vocabulary.keyScalar, rule: "keys use ASCII letters, digits, '-', '.' and '_'") {
                sink.error(problem.message, at: position)
                continue
            }
            if let first = firstAt[item.text] {
                sink.error("source key '\(item.text)' is listed twice in this cell (first at column \(cell.position(atUTF8Offset: first).column))", at: position)
                continue
            }
            firstAt[item.text] = item.offset
            keys.append(item.text)
        }
        return keys
    }

    /// A cell listing references as code spans separated by commas; anything
    /// outside the spans but commas and spaces is an error.
    static func references(_ cell: TableCell, sink: inout DiagnosticSink) -> [(Reference, SourcePosition)] {
        var result: [(Reference, SourcePosition)] = []
        let spans = codeSpans(cell.text)
        var outside = cell.text
        for span in spans { outside = outside.replacingOccurrences(of: "`" + span.text + "`", with: "") }
        if outside.contains(where: { $0 != "," && $0 != " " }) {
            sink.error("write each reference as a code span, separated by commas", at: cell.position)
            return []
        }
        for span in spans {
            do {
                result.append((try Reference.parse(span.text), cell.position(atUTF8Offset: span.offset)))
            } catch {
                sink.error(error.message, at: cell.position(atUTF8Offset: span.offset + error.offset))
            }
        }
        return result
    }
}
