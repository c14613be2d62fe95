import Foundation

/// A strict RFC 8259 JSON reader.
///
/// Rejects everything the grammar does not allow (comments, trailing commas, single quotes,
/// leading zeros, NaN/Infinity, raw control characters in strings, invalid UTF-8, unpaired
/// surrogate escapes, a byte-order mark, duplicate object keys, trailing content) with a
/// ``JSONError`` that points at the offending byte: an unterminated string is reported at its
/// opening quote, a trailing comma at the comma, a duplicate key at its second occurrence.
/// Numbers keep their exact lexeme.
///
/// The parser is iterative, so the nesting limit, not the thread's stack size, bounds the depth.
public struct JSONReader: Sendable {
    /// The maximum number of nested arrays and objects.
    public var maxDepth: Int = 512

    public init(maxDepth: Int = 512) {
        self.maxDepth = maxDepth
    }

    public func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { run($0, trackPositions: false) }.get().value
    }

    public func parse(_ data: Data) throws(JSONError) -> JSONValue {
        try data.withUnsafeBytes { run($0.bindMemory(to: UInt8.self), trackPositions: false) }.get().value
    }

    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        var text = text
        return try text.withUTF8 { run($0, trackPositions: false) }.get().value
    }

    /// Also returns where each value starts, keyed by a path: `""` for the root, `a`, `a.b`,
    /// `list[2]`, `list[2].x`. Keys that are not identifier-like (`[A-Za-z_][A-Za-z0-9_]*`) are
    /// written as `["key"]` with JSON escaping, e.g. `a["we ird"]`. See ``JSONPath``.
    public func parseWithPositions(_ bytes: [UInt8]) throws(JSONError) -> (value: JSONValue, positions: [String: SourcePosition]) {
        try bytes.withUnsafeBufferPointer { run($0, trackPositions: true) }.get()
    }

    public func parseWithPositions(_ data: Data) throws(JSONError) -> (value: JSONValue, positions: [String: SourcePosition]) {
        try data.withUnsafeBytes { run($0.bindMemory(to: UInt8.self), trackPositions: true) }.get()
    }

    public func parseWithPositions(_ text: String) throws(JSONError) -> (value: JSONValue, positions: [String: SourcePosition]) {
        var text = text
        return try text.withUTF8 { run($0, trackPositions: true) }.get()
    }

    private func run(
        _ buffer: UnsafeBufferPointer<UInt8>,
        trackPositions: Bool
    ) -> Result<(value: JSONValue, positions: [String: SourcePosition]), JSONError> {
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            return .failure(JSONError(message: "empty input", position: SourcePosition(line: 1, column: 1)))
        }
        var parser = JSONParser(base, count: buffer.count, maxDepth: maxDepth, trackPositions: trackPositions)
        do {
            let value = try parser.parseDocument()
            return .success((value, parser.positions))
        } catch {
            return .failure(error)
        }
    }
}

/// Maps byte offsets to line and column, moving forward incrementally so that recording the
/// position of every value stays linear in the input size.
private struct LineCursor {
    private var offset = 0
    private var line = 1
    private var lineStart = 0

    /// LF, CR LF and a lone CR each end one line.
    mutating func position(of target: Int, in bytes: UnsafePointer<UInt8>, count: Int) -> SourcePosition {
        if target < offset { self = LineCursor() }
        var index = offset
        while index < target {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
            } else if byte == 0x0D && !(index + 1 < count && bytes[index + 1] == 0x0A) {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        offset = target
        return SourcePosition(line: line, column: target - lineStart + 1)
    }
}

private struct JSONParser {
    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    private let maxDepth: Int
    private let trackPositions: Bool
    private var pos = 0
    private var cursor = LineCursor()
    /// Collected in an array and turned into a dictionary once, avoiding repeated rehashing.
    private var recordedPositions: [(path: String, position: SourcePosition)] = []

    var positions: [String: SourcePosition] {
        var positions = [String: SourcePosition](minimumCapacity: recordedPositions.count)
        for entry in recordedPositions { positions[entry.path] = entry.position }
        return positions
    }

    /// An array or object whose closing bracket has not been read yet.
    private struct Frame {
        let isObject: Bool
        let open: Int
        let path: String
        var elements: [JSONValue] = []
        var members: [(key: String, value: JSONValue)] = []
        var keyOffsets: [Int] = []
        /// Filled only for large objects; small ones are checked for duplicates linearly.
        var keyIndex: [ExactKey: Int] = [:]
        /// The key whose value is being read.
        var key = ""
    }

    init(_ bytes: UnsafePointer<UInt8>, count: Int, maxDepth: Int, trackPositions: Bool) {
        self.bytes = bytes
        self.count = count
        self.maxDepth = maxDepth
        self.trackPositions = trackPositions
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        if count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            throw error("byte order mark not allowed", at: 0)
        }
        skipWhitespace()
        if pos == count { throw error("empty input", at: pos) }

        var stack: [Frame] = []
        var path = ""
        readValue: while true {
            guard pos < count else { throw endOfInput(stack.last) }
            if trackPositions {
                recordedPositions.append((path, cursor.position(of: pos, in: bytes, count: count)))
            }
            var value: JSONValue
            switch bytes[pos] {
            case UInt8(ascii: "["):
                try checkDepth(stack.count)
                let open = pos
                pos += 1
                skipWhitespace()
                if pos < count && bytes[pos] == UInt8(ascii: "]") {
                    pos += 1
                    value = .array([])
                } else {
                    stack.append(Frame(isObject: false, open: open, path: path))
                    if trackPositions { path = JSONPath.appending(path, index: 0) }
                    continue readValue
                }
            case UInt8(ascii: "{"):
                try checkDepth(stack.count)
                let open = pos
                pos += 1
                skipWhitespace()
                if pos < count && bytes[pos] == UInt8(ascii: "}") {
                    pos += 1
                    value = .object(JSONObject(uncheckedMembers: []))
                } else {
                    var frame = Frame(isObject: true, open: open, path: path)
                    try readKey(into: &frame, after: nil)
                    if trackPositions { path = JSONPath.appending(path, key: frame.key) }
                    stack.append(frame)
                    continue readValue
                }
            case UInt8(ascii: "\""):
                value = .string(try readString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try readNumber())
            case UInt8(ascii: "t"):
                try readLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try readLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try readLiteral("null")
                value = .null
            default:
                throw unexpectedValue()
            }

            // Attach the finished value, closing every container that ends right after it.
            while true {
                skipWhitespace()
                let top = stack.count - 1
                guard top >= 0 else {
                    if pos < count { throw unexpected("unexpected content after the JSON value") }
                    return value
                }
                if stack[top].isObject {
                    stack[top].members.append((stack[top].key, value))
                    guard pos < count else { throw endOfInput(stack[top]) }
                    switch bytes[pos] {
                    case UInt8(ascii: ","):
                        let comma = pos
                        pos += 1
                        skipWhitespace()
                        try readKey(into: &stack[top], after: comma)
                        if trackPositions { path = JSONPath.appending(stack[top].path, key: stack[top].key) }
                        continue readValue
                    case UInt8(ascii: "}"):
                        pos += 1
                        value = .object(JSONObject(uncheckedMembers: stack.removeLast().members))
                    default:
                        throw unexpected("expected ',' or '}' after object member")
                    }
                } else {
                    stack[top].elements.append(value)
                    guard pos < count else { throw endOfInput(stack[top]) }
                    switch bytes[pos] {
                    case UInt8(ascii: ","):
                        let comma = pos
                        pos += 1
                        skipWhitespace()
                        if pos < count && bytes[pos] == UInt8(ascii: "]") { throw error("trailing comma", at: comma) }
                        if trackPositions { path = JSONPath.appending(stack[top].path, index: stack[top].elements.count) }
                        continue readValue
                    case UInt8(ascii: "]"):
                        pos += 1
                        value = .array(stack.removeLast().elements)
                    default:
                        throw unexpected("expected ',' or ']' after array element")
                    }
                }
            }
        }
    }

    private func checkDepth(_ depth: Int) throws(JSONError) {
        if depth >= maxDepth { throw error("nesting deeper than \(maxDepth)", at: pos) }
    }

    /// Reads `"key"`, the colon and the whitespace before the value. `comma` is the offset of the
    /// preceding comma, nil for the first member.
    private mutating func readKey(into frame: inout Frame, after comma: Int?) throws(JSONError) {
        guard pos < count else { throw endOfInput(frame) }
        if let comma, bytes[pos] == UInt8(ascii: "}") { throw error("trailing comma", at: comma) }
        switch bytes[pos] {
        case UInt8(ascii: "\""):
            break
        case UInt8(ascii: "'"):
            throw error("single-quoted strings are not allowed", at: pos)
        case UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "]"):
            throw unexpectedCharacter(at: pos)
        default:
            throw unexpected("object keys must be strings")
        }
        let keyOffset = pos
        let key = try readString()
        if let first = firstOffset(of: key, in: &frame) {
            var quoted: [UInt8] = []
            JSONWriter.appendQuoted(key, to: &quoted)
            let name = String(decoding: quoted, as: UTF8.self)
            throw error("duplicate key \(name) (first at \(position(of: first)))", at: keyOffset)
        }
        frame.keyOffsets.append(keyOffset)
        frame.key = key
        skipWhitespace()
        guard pos < count else { throw endOfInput(frame) }
        guard bytes[pos] == UInt8(ascii: ":") else { throw unexpected("expected ':' after object key") }
        pos += 1
        skipWhitespace()
    }

    /// Where `key` first occurred in the object, if it did.
    private func firstOffset(of key: String, in frame: inout Frame) -> Int? {
        let linearLimit = 16
        if frame.members.count < linearLimit {
            for (index, member) in frame.members.enumerated() where exactlyEqual(member.key, key) {
                return frame.keyOffsets[index]
            }
            return nil
        }
        for index in frame.keyIndex.count..<frame.members.count {
            frame.keyIndex[ExactKey(frame.members[index].key)] = frame.keyOffsets[index]
        }
        return frame.keyIndex[ExactKey(key)]
    }

    // MARK: Scalars

    private mutating func readLiteral(_ word: StaticString) throws(JSONError) {
        let start = pos
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in expected {
            guard pos < count && bytes[pos] == byte else {
                throw error("invalid literal (expected '\(word)')", at: start)
            }
            pos += 1
        }
    }

    private mutating func readNumber() throws(JSONError) -> JSONNumber {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") {
            pos += 1
            guard isDigit(at: pos) else {
                if matches("Infinity", at: pos) { throw error("NaN and Infinity are not allowed", at: start) }
                throw error("expected digit after '-'", at: pos)
            }
        }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if isDigit(at: pos) { throw error("leading zeros are not allowed", at: start) }
        } else {
            skipDigits()
        }
        if pos < count && bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard isDigit(at: pos) else { throw error("expected digit after '.'", at: pos) }
            skipDigits()
        }
        if pos < count && (bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E")) {
            pos += 1
            if pos < count && (bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard isDigit(at: pos) else { throw error("expected digit in exponent", at: pos) }
            skipDigits()
        }
        let lexeme = UnsafeBufferPointer(start: bytes + start, count: pos - start)
        return JSONNumber(uncheckedLexeme: String(decoding: lexeme, as: UTF8.self))
    }

    private func isDigit(at index: Int) -> Bool {
        index < count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while isDigit(at: pos) { pos += 1 }
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote. Unescaped strings are validated in place
    /// and copied once; a string with escapes is assembled in a byte buffer from that point on.
    private mutating func readString() throws(JSONError) -> String {
        let quote = pos
        pos += 1
        var runStart = pos
        var assembled: [UInt8] = []
        var hasEscapes = false
        while true {
            skipPlainStringBytes()
            guard pos < count else { throw error("unterminated string", at: quote) }
            let byte = bytes[pos]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(start: bytes + runStart, count: pos - runStart)
                pos += 1
                guard hasEscapes else { return String(decoding: run, as: UTF8.self) }
                assembled.append(contentsOf: run)
                return String(decoding: assembled, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                assembled.append(contentsOf: UnsafeBufferPointer(start: bytes + runStart, count: pos - runStart))
                try readEscape(into: &assembled, stringStart: quote)
                runStart = pos
            } else if byte < 0x20 {
                throw error("unescaped control character \(unicodeName(UInt32(byte))) in string", at: pos)
            } else if byte >= 0x80 {
                guard let length = utf8SequenceLength(at: pos) else { throw error("invalid UTF-8", at: pos) }
                pos += length
            } else {
                pos += 1
            }
        }
    }

    /// Advances over ASCII bytes that need no attention, eight at a time, stopping at the first
    /// `"`, `\`, control byte or non-ASCII byte (or near the end of the input).
    private mutating func skipPlainStringBytes() {
        let raw = UnsafeRawPointer(bytes)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        while pos + 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
            // Zero-byte detection; the lowest flagged byte is always a true match.
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let flags = ((quote &- ones) & ~quote)
                | ((backslash &- ones) & ~backslash)
                | ((word &- ones &* 0x20) & ~word)
                | word
            let special = flags & highBits
            if special != 0 {
                pos += special.trailingZeroBitCount >> 3
                return
            }
            pos += 8
        }
    }

    private mutating func readEscape(into buffer: inout [UInt8], stringStart: Int) throws(JSONError) {
        let backslash = pos
        guard pos + 1 < count else { throw error("unterminated string", at: stringStart) }
        let escaped = bytes[pos + 1]
        pos += 2
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escaped)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try hexQuad(after: backslash)
            pos = backslash + 6
            var scalar = unit
            switch unit {
            case 0xD800...0xDBFF:
                guard pos + 1 < count && bytes[pos] == UInt8(ascii: "\\") && bytes[pos + 1] == UInt8(ascii: "u") else {
                    throw loneSurrogate(unit, at: backslash)
                }
                let low = try hexQuad(after: pos)
                guard (0xDC00...0xDFFF).contains(low) else { throw loneSurrogate(unit, at: backslash) }
                pos += 6
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            case 0xDC00...0xDFFF:
                throw loneSurrogate(unit, at: backslash)
            default:
                break
            }
            appendUTF8(scalar, to: &buffer)
        default:
            let shown = escaped >= 0x21 && escaped <= 0x7E ? " '\\\(Character(Unicode.Scalar(escaped)))'" : ""
            throw error("invalid escape\(shown)", at: backslash)
        }
    }

    /// The value of the four hex digits of the `\u` escape whose backslash is at `backslash`.
    private func hexQuad(after backslash: Int) throws(JSONError) -> UInt32 {
        guard backslash + 6 <= count else { throw error("expected 4 hex digits after \\u", at: backslash) }
        var value: UInt32 = 0
        for index in (backslash + 2)..<(backslash + 6) {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("expected 4 hex digits after \\u", at: backslash)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private func loneSurrogate(_ unit: UInt32, at offset: Int) -> JSONError {
        error("lone surrogate \\u\(String(unit, radix: 16, uppercase: true))", at: offset)
    }

    private func appendUTF8(_ scalar: UInt32, to buffer: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            buffer.append(UInt8(scalar))
        case ..<0x800:
            buffer.append(UInt8(0xC0 | scalar >> 6))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            buffer.append(UInt8(0xE0 | scalar >> 12))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        default:
            buffer.append(UInt8(0xF0 | scalar >> 18))
            buffer.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The length of the well-formed UTF-8 sequence at `index`, or nil for overlong forms,
    /// surrogates, values above U+10FFFF, stray continuation bytes and truncated sequences.
    private func utf8SequenceLength(at index: Int) -> Int? {
        let lead = bytes[index]
        let available = count - index
        func isContinuation(_ offset: Int) -> Bool { bytes[index + offset] & 0xC0 == 0x80 }
        func second(in range: ClosedRange<UInt8>) -> Bool { range.contains(bytes[index + 1]) }
        switch lead {
        case 0x00...0x7F:
            return 1
        case 0xC2...0xDF:
            return available >= 2 && isContinuation(1) ? 2 : nil
        case 0xE0...0xEF:
            guard available >= 3 else { return nil }
            let range: ClosedRange<UInt8> = lead == 0xE0 ? 0xA0...0xBF : lead == 0xED ? 0x80...0x9F : 0x80...0xBF
            return second(in: range) && isContinuation(2) ? 3 : nil
        case 0xF0...0xF4:
            guard available >= 4 else { return nil }
            let range: ClosedRange<UInt8> = lead == 0xF0 ? 0x90...0xBF : lead == 0xF4 ? 0x80...0x8F : 0x80...0xBF
            return second(in: range) && isContinuation(2) && isContinuation(3) ? 4 : nil
        default:
            return nil
        }
    }

    // MARK: Whitespace and errors

    private mutating func skipWhitespace() {
        while pos < count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    private func matches(_ word: StaticString, at index: Int) -> Bool {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard index + expected.count <= count else { return false }
        return expected.indices.allSatisfy { bytes[index + $0] == expected[$0] }
    }

    private func isCommentStart(at index: Int) -> Bool {
        index + 1 < count && bytes[index] == UInt8(ascii: "/")
            && (bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "*"))
    }

    /// An error for a byte where a value should start, naming common non-JSON habits.
    private func unexpectedValue() -> JSONError {
        let next = pos + 1
        switch bytes[pos] {
        case UInt8(ascii: "/") where isCommentStart(at: pos):
            return error("comments are not allowed", at: pos)
        case UInt8(ascii: "'"):
            return error("single-quoted strings are not allowed", at: pos)
        case UInt8(ascii: "+") where isDigit(at: next):
            return error("leading '+' is not allowed", at: pos)
        case UInt8(ascii: ".") where isDigit(at: next):
            return error("expected digit before '.'", at: pos)
        case UInt8(ascii: "N") where matches("NaN", at: pos),
             UInt8(ascii: "I") where matches("Infinity", at: pos):
            return error("NaN and Infinity are not allowed", at: pos)
        default:
            return unexpectedCharacter(at: pos)
        }
    }

    /// `message` at the current byte, unless that byte starts a comment or invalid UTF-8.
    private func unexpected(_ message: String) -> JSONError {
        if isCommentStart(at: pos) { return error("comments are not allowed", at: pos) }
        if bytes[pos] >= 0x80 && utf8SequenceLength(at: pos) == nil { return error("invalid UTF-8", at: pos) }
        return error(message, at: pos)
    }

    private func unexpectedCharacter(at index: Int) -> JSONError {
        let byte = bytes[index]
        if byte >= 0x21 && byte <= 0x7E {
            return error("unexpected character '\(Character(Unicode.Scalar(byte)))'", at: index)
        }
        if byte < 0x80 {
            return error("unexpected character \(unicodeName(UInt32(byte)))", at: index)
        }
        guard let length = utf8SequenceLength(at: index) else { return error("invalid UTF-8", at: index) }
        let character = String(decoding: UnsafeBufferPointer(start: bytes + index, count: length), as: UTF8.self)
        return error("unexpected character \(unicodeName(character.unicodeScalars.first!.value))", at: index)
    }

    private func endOfInput(_ frame: Frame?) -> JSONError {
        guard let frame else { return error("unexpected end of input", at: pos) }
        let bracket = frame.isObject ? "{" : "["
        return error("unexpected end of input ('\(bracket)' at \(position(of: frame.open)) is not closed)", at: pos)
    }

    /// `U+000A` style.
    private func unicodeName(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private func position(of offset: Int) -> SourcePosition {
        var fresh = LineCursor()
        return fresh.position(of: offset, in: bytes, count: count)
    }

    private func error(_ message: String, at offset: Int) -> JSONError {
        JSONError(message: message, position: position(of: offset))
    }
}
