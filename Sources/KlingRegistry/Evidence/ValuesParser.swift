import Foundation
import KlingRuntime

/// Parses a Values cell (docs/evidence-format.md#an-endpoint-file) into constraints. Every atom must parse
/// completely: an unparsed remainder is an error at its column, never ignored.
struct ValuesParser {
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    let cell: TableCell
    let type: FieldType
    /// A capability-map cell governs a field named elsewhere: literals are
    /// typed by how they are written and any atom may appear.
    var capabilityCell = false

    func parse(sink: inout DiagnosticSink) -> [Constraint] {
        let bytes = Array(cell.text.utf8)
        var constraints: [Constraint] = []
        var seen: [ConstraintKind: Int] = [:]
        for (start, end) in atomBounds(bytes) {
            var cursor = Cursor(bytes: bytes, index: start, end: end)
            cursor.skipSpaces()
            if cursor.atEnd {
                sink.error("empty constraint between ';'", at: cell.position(atUTF8Offset: start))
                continue
            }
            let atomStart = cursor.index
            do throws(Failure) {
                let constraint = try parseAtom(&cursor)
                cursor.skipSpaces()
                guard cursor.atEnd else {
                    throw Failure(message: "unexpected '\(cursor.rest)' after \(constraint.kind.rawValue) constraint", offset: cursor.index)
                }
                if let earlier = seen[constraint.kind] {
                    sink.error("a second \(constraint.kind.rawValue) constraint (the first is at column \(cell.position(atUTF8Offset: earlier).column))", at: cell.position(atUTF8Offset: atomStart))
                    continue
                }
                seen[constraint.kind] = atomStart
                constraints.append(constraint)
            } catch {
                sink.error(error.message, at: cell.position(atUTF8Offset: error.offset))
            }
        }
        return constraints
    }

    /// Splits on `;` outside backticks.
    private func atomBounds(_ bytes: [UInt8]) -> [(Int, Int)] {
        var bounds: [(Int, Int)] = []
        var start = 0
        var inCode = false
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "`") { inCode.toggle() }
            if byte == UInt8(ascii: ";") && !inCode {
                bounds.append((start, index))
                start = index + 1
            }
        }
        bounds.append((start, bytes.count))
        return bounds
    }

    private func parseAtom(_ cursor: inout Cursor) throws(Failure) -> Constraint {
        let start = cursor.index
        if cursor.peek == UInt8(ascii: "`") { return try parseEnum(&cursor) }
        if cursor.peek == UInt8(ascii: "[") || cursor.peek == UInt8(ascii: "(") { return try parseRange(&cursor) }
        if cursor.take("int-string") {
            let (min, max) = try cursor.intRange()
            guard type == .string || capabilityCell else { throw Failure(message: "int-string applies to string fields, this one is \(type)", offset: start) }
            return .intString(min: min, max: max)
        }
        if cursor.take("len") {
            cursor.skipSpaces()
            let bound: (Int?, Int)
            if cursor.takeLessOrEqual() {
                bound = (nil, try cursor.integer())
            } else {
                let (min, max) = try cursor.intRange()
                bound = (min, max)
            }
            try cursor.expectWord("chars")
            return .length(min: bound.0, max: bound.1)
        }
        if cursor.takeLessOrEqual() {
            let number = try cursor.number()
            cursor.skipSpaces()
            if cursor.take("items") {
                guard let count = Int(number.lexeme) else { throw Failure(message: "an item count is a whole number", offset: start) }
                return .items(min: nil, max: count)
            }
            for unit in ["MB", "KB"] where cursor.take(unit) {
                cursor.skipSpaces()
                let decoded = cursor.take("decoded")
                return .bytes(max: number, unit: unit, decoded: decoded)
            }
            throw Failure(message: "expected 'items', 'MB' or 'KB' after the number", offset: cursor.index)
        }
        if let byte = cursor.peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            let (min, max) = try cursor.intRange()
            try cursor.expectWord("items")
            return .items(min: min, max: max)
        }
        if cursor.take("min-side") {
            cursor.skipSpaces()
            guard cursor.takeGreaterOrEqual() else { throw Failure(message: "expected '>=' after min-side", offset: cursor.index) }
            let value = try cursor.integer()
            try cursor.expectWord("px")
            return .minSide(value)
        }
        if cursor.take("side") {
            let (min, max) = try cursor.intRange()
            try cursor.expectWord("px")
            return .side(min: min, max: max)
        }
        if cursor.take("aspect") {
            let first = try cursor.ratio()
            cursor.skipSpaces()
            if cursor.take("..") {
                let second = try cursor.ratio()
                return .aspectRange(first, second)
            }
            var ratios = [first]
            while cursor.takeComma() { ratios.append(try cursor.ratio()) }
            guard ratios.count > 1 else { throw Failure(message: "aspect takes a range 'a:b..c:d' or a list of two or more ratios", offset: cursor.index) }
            return .aspectSet(ratios)
        }
        if cursor.take("size") {
            var sizes: [Constraint.PixelSize] = []
            repeat {
                let width = try cursor.integer()
                guard cursor.take("x") else { throw Failure(message: "expected 'x' in a pixel size such as 1920x1080", offset: cursor.index) }
                let height = try cursor.integer()
                sizes.append(Constraint.PixelSize(width: width, height: height))
            } while cursor.takeComma()
            try cursor.expectWord("px")
            return .size(sizes)
        }
        if cursor.take("format") {
            var formats: [String] = []
            repeat {
                cursor.skipSpaces()
                let word = cursor.word()
                guard Self.formats.contains(word) else {
                    throw Failure(message: "unknown format '\(word)'; known: \(Self.formats.joined(separator: ", "))", offset: cursor.index - word.utf8.count)
                }
                formats.append(word)
            } while cursor.takeComma()
            return .format(formats)
        }
        if cursor.take("url-or-base64") { return .encoding(.urlOrBase64) }
        if cursor.take("base64") { return .encoding(.base64) }
        if cursor.take("url") { return .encoding(.url) }
        if cursor.take("duration") {
            let min = try cursor.number()
            guard cursor.take("..") else { throw Failure(message: "expected '..' in a duration range", offset: cursor.index) }
            let max = try cursor.number()
            try cursor.expectWord("s")
            return .mediaDuration(min: min, max: max)
        }
        if cursor.take("fps") {
            let (min, max) = try cursor.intRange()
            return .fps(min: min, max: max)
        }
        if cursor.take("children: not evidenced") { return .childrenNotEvidenced }
        if cursor.take("non-empty") { return .nonEmpty }
        throw Failure(message: "cannot read '\(cursor.rest)' as a constraint", offset: start)
    }

    static let formats = ["jpg", "jpeg", "png", "mp4", "mov", "mp3", "wav", "m4a", "aac"]

    private func parseEnum(_ cursor: inout Cursor) throws(Failure) -> Constraint {
        var values: [JSONValue] = []
        repeat {
            cursor.skipSpaces()
            let start = cursor.index
            guard cursor.take("`") else { throw Failure(message: "expected a literal in backticks", offset: cursor.index) }
            let body = cursor.until(UInt8(ascii: "`"))
            guard cursor.take("`") else { throw Failure(message: "unterminated code span", offset: start) }
            let itemType: FieldType = if case .array(let item?) = type { item } else { type }
            let literal = capabilityCell ? LiteralReader.untyped(body) : LiteralReader.literal(body, as: itemType)
            guard let value = literal else {
                throw Failure(message: "`\(body)` is not a \(itemType) literal", offset: start)
            }
            if case .string(let text) = value, let problem = Vocabulary.problem(in: text, what: "enum value", allowed: Vocabulary.enumAtomScalar, rule: "enum values use ASCII letters, digits and _ - . :") {
                throw Failure(message: problem.message, offset: start + 1)
            }
            if values.contains(value) { throw Failure(message: "`\(body)` is listed twice", offset: start) }
            values.append(value)
        } while cursor.takeComma()
        return .oneOf(values)
    }

    private func parseRange(_ cursor: inout Cursor) throws(Failure) -> Constraint {
        let start = cursor.index
        let lowerInclusive = cursor.peek == UInt8(ascii: "[")
        cursor.index += 1
        let lower = try cursor.number()
        guard cursor.takeComma() else { throw Failure(message: "expected ',' in a range", offset: cursor.index) }
        let upper = try cursor.number()
        cursor.skipSpaces()
        let upperInclusive: Bool
        if cursor.take("]") { upperInclusive = true } else if cursor.take(")") { upperInclusive = false } else {
            throw Failure(message: "expected ']' or ')' to close the range", offset: cursor.index)
        }
        guard capabilityCell || type.isNumeric || type == .array(.integer) || type == .array(.number) else {
            throw Failure(message: "a range applies to numeric fields, this one is \(type)", offset: start)
        }
        guard lower <= upper else { throw Failure(message: "range lower bound \(lower) exceeds upper bound \(upper)", offset: start) }
        return .range(lower: lower, lowerInclusive: lowerInclusive, upper: upper, upperInclusive: upperInclusive)
    }
}

/// A byte cursor over one atom of a cell.
struct Cursor {
    var bytes: [UInt8]
    var index: Int
    var end: Int

    var atEnd: Bool { index >= end }
    var peek: UInt8? { index < end ? bytes[index] : nil }
    var rest: String { String(decoding: bytes[index..<end], as: UTF8.self).trimmedSpaces }

    mutating func skipSpaces() {
        while index < end, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
    }

    /// Takes `literal` (after spaces) when it is next.
    mutating func take(_ literal: String) -> Bool {
        skipSpaces()
        let wanted = Array(literal.utf8)
        guard index + wanted.count <= end, Array(bytes[index..<(index + wanted.count)]) == wanted else { return false }
        // A word must not run on into letters: `url` must not match `url-or-base64`'s prefix.
        if let last = wanted.last, Self.isWordByte(last), index + wanted.count < end, Self.isWordByte(bytes[index + wanted.count]) || bytes[index + wanted.count] == UInt8(ascii: "-") {
            return false
        }
        index += wanted.count
        return true
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "_")
    }

    mutating func takeComma() -> Bool { take(",") }
    mutating func takeLessOrEqual() -> Bool { take("<=") || take("≤") }
    mutating func takeGreaterOrEqual() -> Bool { take(">=") || take("≥") }

    mutating func expectWord(_ word: String) throws(ValuesParser.Failure) {
        guard take(word) else { throw ValuesParser.Failure(message: "expected '\(word)'", offset: index) }
    }

    mutating func word() -> String {
        let start = index
        while index < end, Self.isWordByte(bytes[index]) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func until(_ stop: UInt8) -> String {
        let start = index
        while index < end, bytes[index] != stop { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func number() throws(ValuesParser.Failure) -> NumberLiteral {
        skipSpaces()
        let start = index
        if peek == UInt8(ascii: "-") || peek == UInt8(ascii: "+") { index += 1 }
        while index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) || (bytes[index] == UInt8(ascii: ".") && !(index + 1 < end && bytes[index + 1] == UInt8(ascii: "."))) {
            index += 1
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = NumberLiteral(text), !text.isEmpty else {
            index = start
            throw ValuesParser.Failure(message: "expected a number", offset: start)
        }
        return number
    }

    mutating func integer() throws(ValuesParser.Failure) -> Int {
        let start = index
        let number = try self.number()
        guard let value = Int(number.lexeme) else { throw ValuesParser.Failure(message: "expected a whole number, found \(number)", offset: start) }
        return value
    }

    mutating func intRange() throws(ValuesParser.Failure) -> (Int, Int) {
        skipSpaces()
        let start = index
        let min = try integer()
        guard take("..") else { throw ValuesParser.Failure(message: "expected '..' in a range such as 1..6", offset: index) }
        let max = try integer()
        guard min <= max else { throw ValuesParser.Failure(message: "range \(min)..\(max) is empty", offset: start) }
        return (min, max)
    }

    mutating func ratio() throws(ValuesParser.Failure) -> Ratio {
        let width = try number()
        guard take(":") else { throw ValuesParser.Failure(message: "expected ':' in a ratio such as 16:9", offset: index) }
        let height = try number()
        guard width.value > 0, height.value > 0 else { throw ValuesParser.Failure(message: "a ratio's sides are positive", offset: index) }
        return Ratio(width: width, height: height)
    }
}
