/// Splits one source line of a GFM table into cells, the way GFM does:
/// on every `|` not preceded by a backslash, code spans included. cmark pads
/// short rows and drops extra cells without a word, so the row width the
/// reader checks comes from here, not from cmark's tree.
enum TableRowSplitter {
    static func cells(ofLine line: [UInt8], lineNumber: Int) -> [TableCell] {
        var bounds: [(start: Int, end: Int)] = []
        var index = 0
        // Leading indentation and one optional leading pipe.
        while index < line.count, line[index] == UInt8(ascii: " ") || line[index] == UInt8(ascii: "\t") { index += 1 }
        if index < line.count, line[index] == UInt8(ascii: "|") { index += 1 }
        var start = index
        var sawTrailingPipe = false
        while index < line.count {
            let byte = line[index]
            if byte == UInt8(ascii: "\\"), index + 1 < line.count {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "|") {
                bounds.append((start, index))
                start = index + 1
                sawTrailingPipe = true
            } else if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
                sawTrailingPipe = false
            }
            index += 1
        }
        // A trailing pipe closes the row; anything after the last pipe is a cell.
        if !sawTrailingPipe {
            bounds.append((start, line.count))
        }
        return bounds.map { cell(line, from: $0.start, to: $0.end, lineNumber: lineNumber) }
    }

    private static func cell(_ line: [UInt8], from start: Int, to end: Int, lineNumber: Int) -> TableCell {
        var lower = start
        var upper = end
        while lower < upper, line[lower] == UInt8(ascii: " ") || line[lower] == UInt8(ascii: "\t") { lower += 1 }
        while upper > lower, line[upper - 1] == UInt8(ascii: " ") || line[upper - 1] == UInt8(ascii: "\t") { upper -= 1 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(upper - lower)
        var pipes: [Int] = []
        var index = lower
        while index < upper {
            if line[index] == UInt8(ascii: "\\"), index + 1 < upper, line[index + 1] == UInt8(ascii: "|") {
                pipes.append(bytes.count)
                bytes.append(UInt8(ascii: "|"))
                index += 2
                continue
            }
            bytes.append(line[index])
            index += 1
        }
        return TableCell(
            text: String(decoding: bytes, as: UTF8.self),
            line: lineNumber,
            startColumn: lower + 1,
            unescapedPipes: pipes,
            endColumn: lower == upper ? start + 1 : upper + 1
        )
    }
}
