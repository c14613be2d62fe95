import Foundation
import KlingRuntime
import Testing

/// An input the reader must reject, with the expected `line:col: message`.
struct JSONRejectionCase: Sendable, CustomTestStringConvertible {
    let input: [UInt8]
    let expected: String

    init(_ text: String, _ expected: String) {
        self.input = Array(text.utf8)
        self.expected = expected
    }

    init(bytes: [UInt8], _ expected: String) {
        self.input = bytes
        self.expected = expected
    }

    var testDescription: String {
        let shown = String(decoding: input.prefix(48), as: UTF8.self).debugDescription
        return "\(shown) → \(expected)"
    }
}

private func rejection(_ bytes: [UInt8], reader: JSONReader = JSONReader()) -> String? {
    do {
        _ = try reader.parse(bytes)
        return nil
    } catch {
        return error.description
    }
}

private func rejection(_ text: String, reader: JSONReader = JSONReader()) -> String? {
    rejection(Array(text.utf8), reader: reader)
}

private func number(_ text: String) throws -> JSONNumber {
    try #require(try JSONReader().parse(text).numberValue)
}

@Suite struct JSONReaderGrammarTests {
    static let grammarCases: [JSONRejectionCase] = [
        .init("", "1:1: empty input"),
        .init(" \n\t\r\n ", "3:2: empty input"),
        .init("{\"a\":1,}", "1:7: trailing comma"),
        .init("[1,2,]", "1:5: trailing comma"),
        .init("[1,\n]", "1:3: trailing comma"),
        .init("[1 2]", "1:4: expected ',' or ']' after array element"),
        .init("[1}", "1:3: expected ',' or ']' after array element"),
        .init("{\"a\" 1}", "1:6: expected ':' after object key"),
        .init("{\"a\"}", "1:5: expected ':' after object key"),
        .init("{\"a\":1 \"b\":2}", "1:8: expected ',' or '}' after object member"),
        .init("{\"a\":1]", "1:7: expected ',' or '}' after object member"),
        .init("{'a':1}", "1:2: single-quoted strings are not allowed"),
        .init("['a']", "1:2: single-quoted strings are not allowed"),
        .init("{a:1}", "1:2: object keys must be strings"),
        .init("{1:2}", "1:2: object keys must be strings"),
        .init("{,}", "1:2: unexpected character ','"),
        .init("{\"a\":1,]", "1:8: unexpected character ']'"),
        .init("[,1]", "1:2: unexpected character ','"),
        .init("{\"a\":}", "1:6: unexpected character '}'"),
        .init("# x", "1:1: unexpected character '#'"),
        .init("True", "1:1: unexpected character 'T'"),
        .init("\u{0B}1", "1:1: unexpected character U+000B"),
        .init("\u{0C}1", "1:1: unexpected character U+000C"),
        .init("\u{A0}1", "1:1: unexpected character U+00A0"),
        .init("[\u{FEFF}1]", "1:2: unexpected character U+FEFF"),
        .init("tru", "1:1: invalid literal (expected 'true')"),
        .init("[fals]", "1:2: invalid literal (expected 'false')"),
        .init("nul", "1:1: invalid literal (expected 'null')"),
        .init("[1]x", "1:4: unexpected content after the JSON value"),
        .init("[1]]", "1:4: unexpected content after the JSON value"),
        .init("{} {}", "1:4: unexpected content after the JSON value"),
        .init("1 2", "1:3: unexpected content after the JSON value"),
        .init("\"a\"\n\"b\"", "2:1: unexpected content after the JSON value"),
        .init("truex", "1:5: unexpected content after the JSON value"),
        .init("[1,2", "1:5: unexpected end of input ('[' at 1:1 is not closed)"),
        .init("[", "1:2: unexpected end of input ('[' at 1:1 is not closed)"),
        .init("{", "1:2: unexpected end of input ('{' at 1:1 is not closed)"),
        .init("{\"a\"", "1:5: unexpected end of input ('{' at 1:1 is not closed)"),
        .init("{\"a\":", "1:6: unexpected end of input ('{' at 1:1 is not closed)"),
        .init("[{\"a\":1}", "1:9: unexpected end of input ('[' at 1:1 is not closed)"),
        .init("{\"a\":\n  [1,", "2:6: unexpected end of input ('[' at 2:3 is not closed)"),
    ]

    @Test(arguments: grammarCases)
    func rejectsGrammarViolations(_ testCase: JSONRejectionCase) {
        #expect(rejection(testCase.input) == testCase.expected)
    }

    static let commentCases: [JSONRejectionCase] = [
        .init("// c\n1", "1:1: comments are not allowed"),
        .init("/* c */ 1", "1:1: comments are not allowed"),
        .init("[1, /* c */ 2]", "1:5: comments are not allowed"),
        .init("[1 /* c */, 2]", "1:4: comments are not allowed"),
        .init("{\"a\":1 // c\n}", "1:8: comments are not allowed"),
        .init("{\"a\" /* c */ : 1}", "1:6: comments are not allowed"),
        .init("{// c\n\"a\":1}", "1:2: comments are not allowed"),
        .init("[1] // c", "1:5: comments are not allowed"),
        .init("[1] /", "1:5: unexpected content after the JSON value"),
    ]

    @Test(arguments: commentCases)
    func rejectsComments(_ testCase: JSONRejectionCase) {
        #expect(rejection(testCase.input) == testCase.expected)
    }

    static let numberCases: [JSONRejectionCase] = [
        .init("01", "1:1: leading zeros are not allowed"),
        .init("-01", "1:1: leading zeros are not allowed"),
        .init("[00]", "1:2: leading zeros are not allowed"),
        .init("+1", "1:1: leading '+' is not allowed"),
        .init(".5", "1:1: expected digit before '.'"),
        .init("1.", "1:3: expected digit after '.'"),
        .init("[1.]", "1:4: expected digit after '.'"),
        .init("1.e5", "1:3: expected digit after '.'"),
        .init("1e", "1:3: expected digit in exponent"),
        .init("1e+", "1:4: expected digit in exponent"),
        .init("[1E-x]", "1:5: expected digit in exponent"),
        .init("-", "1:2: expected digit after '-'"),
        .init("-a", "1:2: expected digit after '-'"),
        .init("NaN", "1:1: NaN and Infinity are not allowed"),
        .init("[Infinity]", "1:2: NaN and Infinity are not allowed"),
        .init("-Infinity", "1:1: NaN and Infinity are not allowed"),
        .init("0x10", "1:2: unexpected content after the JSON value"),
        .init("1.5e3x", "1:6: unexpected content after the JSON value"),
    ]

    @Test(arguments: numberCases)
    func rejectsMalformedNumbers(_ testCase: JSONRejectionCase) {
        #expect(rejection(testCase.input) == testCase.expected)
    }

    @Test func rejectsByteOrderMark() {
        #expect(rejection("\u{FEFF}{}") == "1:1: byte order mark not allowed")
        #expect(rejection("\u{FEFF}") == "1:1: byte order mark not allowed")
    }

    @Test(arguments: [
        " \t\r\n[1] \t\r\n",
        "[]", "{}", "[[]]", "{\"\":{}}",
        "0", "-0", "0.0", "1E10", "1e-5", "-1.25E+3", "0e0",
        "true", "false", "null", "\"\"",
    ])
    func acceptsValidDocuments(_ text: String) {
        #expect(rejection(text) == nil)
    }
}

@Suite struct JSONReaderStringTests {
    static let cases: [JSONRejectionCase] = [
        .init("\"abc", "1:1: unterminated string"),
        .init("[\"abc\\", "1:2: unterminated string"),
        .init("{\"key\":\"a value longer than eight bytes", "1:8: unterminated string"),
        .init("\"a\nb\"", "1:3: unescaped control character U+000A in string"),
        .init("\"a\tb\"", "1:3: unescaped control character U+0009 in string"),
        .init("\"\r\"", "1:2: unescaped control character U+000D in string"),
        .init("\"\u{0}\"", "1:2: unescaped control character U+0000 in string"),
        .init("\"\u{1F}\"", "1:2: unescaped control character U+001F in string"),
        .init("\"0123456789abcdef\u{1}\"", "1:18: unescaped control character U+0001 in string"),
        .init(#""\x""#, #"1:2: invalid escape '\x'"#),
        .init(#""\'""#, #"1:2: invalid escape '\''"#),
        .init(#""\U0041""#, #"1:2: invalid escape '\U'"#),
        .init("\"\\\u{1}\"", "1:2: invalid escape"),
        .init(#""\u12G4""#, #"1:2: expected 4 hex digits after \u"#),
        .init(#""\u12""#, #"1:2: expected 4 hex digits after \u"#),
        .init(#""\uD800\uZZZZ""#, #"1:8: expected 4 hex digits after \u"#),
    ]

    @Test(arguments: cases)
    func rejectsMalformedStrings(_ testCase: JSONRejectionCase) {
        #expect(rejection(testCase.input) == testCase.expected)
    }

    @Test func findsSpecialBytesAtEveryOffset() throws {
        let reader = JSONReader()
        for offset in 0..<24 {
            let prefix = String(repeating: "a", count: offset)
            let suffix = String(repeating: "b", count: 12)
            let escaped = try reader.parse("\"\(prefix)\\\"\(suffix)\"").stringValue
            #expect(escaped == prefix + "\"" + suffix, "offset \(offset)")
            let accented = try reader.parse("\"\(prefix)é\(suffix)\"").stringValue
            #expect(accented == prefix + "é" + suffix, "offset \(offset)")
            let control = rejection("\"\(prefix)\u{1}\(suffix)\"")
            #expect(control == "1:\(offset + 2): unescaped control character U+0001 in string")
            let invalid = rejection([0x22] + Array(prefix.utf8) + [0xFF] + Array(suffix.utf8) + [0x22])
            #expect(invalid == "1:\(offset + 2): invalid UTF-8")
        }
    }

    static let surrogateCases: [JSONRejectionCase] = [
        .init(#""\uD800""#, #"1:2: lone surrogate \uD800"#),
        .init(#""\uD800x""#, #"1:2: lone surrogate \uD800"#),
        .init(#""ab\ud800""#, #"1:4: lone surrogate \uD800"#),
        .init(#""\uDC00""#, #"1:2: lone surrogate \uDC00"#),
        .init(#""\uD800\u0041""#, #"1:2: lone surrogate \uD800"#),
        .init(#""\uD800\uD800""#, #"1:2: lone surrogate \uD800"#),
        .init(#""\uDBFF\n""#, #"1:2: lone surrogate \uDBFF"#),
        .init(#""\uD83D\uDE00\uDE00""#, #"1:14: lone surrogate \uDE00"#),
    ]

    @Test(arguments: surrogateCases)
    func rejectsLoneSurrogates(_ testCase: JSONRejectionCase) {
        #expect(rejection(testCase.input) == testCase.expected)
    }

    @Test(arguments: [
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""\u0000""#, "\u{0}"),
        (#""\u0041\u00e9\u4E2D""#, "Aé中"),
        (#""\uD83D\uDE00""#, "😀"),
        (#""\ud83d\ude00!""#, "😀!"),
        (#""x\uDBFF\uDFFFy""#, "x\u{10FFFF}y"),
        ("\"é😀中\"", "é😀中"),
        ("\"\u{7F}\"", "\u{7F}"),
        ("\"plain ascii text that is longer than one word\"", "plain ascii text that is longer than one word"),
        (#""escape at the end of a long run\n""#, "escape at the end of a long run\n"),
    ])
    func decodesStrings(_ source: String, _ expected: String) throws {
        let decoded = try #require(try JSONReader().parse(source).stringValue)
        #expect(Array(decoded.unicodeScalars) == Array(expected.unicodeScalars))
    }
}

@Suite struct JSONReaderUTF8Tests {
    static let cases: [JSONRejectionCase] = [
        .init(bytes: [0x22, 0xC0, 0xAF, 0x22], "1:2: invalid UTF-8"),
        .init(bytes: [0x22, 0xC1, 0xBF, 0x22], "1:2: invalid UTF-8"),
        .init(bytes: [0x22, 0xE0, 0x80, 0xAF, 0x22], "1:2: invalid UTF-8"),
        .init(bytes: [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], "1:2: invalid UTF-8"),
        .init(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], "1:2: invalid UTF-8"),
        .init(bytes: [0x22, 0xED, 0xBF, 0xBF, 0x22], "1:2: invalid UTF-8"),
        .init(bytes: [0x22, 0x61, 0xE2, 0x82, 0x22], "1:3: invalid UTF-8"),
        .init(bytes: [0x22, 0xE2, 0x82], "1:2: invalid UTF-8"),
        .init(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "1:2: invalid UTF-8"),
        .init(bytes: [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], "1:2: invalid UTF-8"),
        .init(bytes: [0x22, 0xFE, 0x22], "1:2: invalid UTF-8"),
        .init(bytes: [0x22, 0xFF, 0x22], "1:2: invalid UTF-8"),
        .init(bytes: [0x22, 0x80, 0x22], "1:2: invalid UTF-8"),
        .init(bytes: [0x22] + Array(repeating: 0x61, count: 20) + [0xC3, 0x28, 0x22], "1:22: invalid UTF-8"),
        .init(bytes: [0x5B, 0xFF, 0x5D], "1:2: invalid UTF-8"),
        .init(bytes: [0x7B, 0x22, 0x61, 0x22, 0xFF], "1:5: invalid UTF-8"),
        .init(bytes: [0x31, 0x20, 0xC3], "1:3: invalid UTF-8"),
        .init(bytes: [0x0A, 0xFF], "2:1: invalid UTF-8"),
        .init(bytes: [0xFE, 0xFF, 0x00, 0x31], "1:1: invalid UTF-8"),
    ]

    @Test(arguments: cases)
    func rejectsInvalidUTF8(_ testCase: JSONRejectionCase) {
        #expect(rejection(testCase.input) == testCase.expected)
    }
}

@Suite struct JSONReaderPositionTests {
    @Test(arguments: [
        ("{\r\n  \"a\": x}", "2:8: unexpected character 'x'"),
        ("[1,\r2,\rx]", "3:1: unexpected character 'x'"),
        ("[\n\rx]", "3:1: unexpected character 'x'"),
        ("\n\n  #", "3:3: unexpected character '#'"),
        ("[\"é\", x]", "1:8: unexpected character 'x'"),
        ("[\t\"😀\",\tx]", "1:11: unexpected character 'x'"),
    ])
    func countsLinesAndByteColumns(_ source: String, _ expected: String) {
        #expect(rejection(source) == expected)
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func reportsValuePositions(_ lineBreak: String) throws {
        let source = [
            #"{"name": "kling","#,
            #" "list": [1, {"x": true}],"#,
            #" "we ird": null}"#,
        ].joined(separator: lineBreak)
        let (value, positions) = try JSONReader().parseWithPositions(Array(source.utf8))
        #expect(value["list"]?.arrayValue?.count == 2)
        #expect(positions == [
            "": SourcePosition(line: 1, column: 1),
            "name": SourcePosition(line: 1, column: 10),
            "list": SourcePosition(line: 2, column: 10),
            "list[0]": SourcePosition(line: 2, column: 11),
            "list[1]": SourcePosition(line: 2, column: 14),
            "list[1].x": SourcePosition(line: 2, column: 20),
            #"["we ird"]"#: SourcePosition(line: 3, column: 12),
        ])
    }

    @Test func reportsPositionsForRootArrayAndNestedEmptyContainers() throws {
        let (_, positions) = try JSONReader().parseWithPositions("[[], {}, [[7]]]")
        #expect(positions == [
            "": SourcePosition(line: 1, column: 1),
            "[0]": SourcePosition(line: 1, column: 2),
            "[1]": SourcePosition(line: 1, column: 6),
            "[2]": SourcePosition(line: 1, column: 10),
            "[2][0]": SourcePosition(line: 1, column: 11),
            "[2][0][0]": SourcePosition(line: 1, column: 12),
        ])
    }

    @Test func positionOverloadsAgree() throws {
        let source = "{\"a\": [1,\n 2]}"
        let fromBytes = try JSONReader().parseWithPositions(Array(source.utf8))
        let fromData = try JSONReader().parseWithPositions(Data(source.utf8))
        let fromText = try JSONReader().parseWithPositions(source)
        #expect(fromBytes.positions["a[1]"] == SourcePosition(line: 2, column: 2))
        #expect(fromData.positions == fromBytes.positions)
        #expect(fromText.positions == fromBytes.positions)
        #expect(fromData.value == fromBytes.value && fromText.value == fromBytes.value)
    }

    @Test func sourcePositionOrdersByLineThenColumn() {
        #expect(SourcePosition(line: 1, column: 9) < SourcePosition(line: 2, column: 1))
        #expect(SourcePosition(line: 2, column: 1) < SourcePosition(line: 2, column: 3))
        #expect(SourcePosition(line: 4, column: 7).description == "4:7")
    }
}

@Suite struct JSONReaderDuplicateKeyTests {
    @Test func reportsSecondOccurrenceAndFirstPosition() {
        let source = """
            {
              "a": {
                "mode": "fast",
                "mode": "slow"
              }
            }
            """
        #expect(rejection(source) == #"4:5: duplicate key "mode" (first at 3:5)"#)
    }

    @Test func comparesKeysAfterUnescaping() {
        #expect(rejection(#"{"a":1,"\u0061":2}"#) == #"1:8: duplicate key "a" (first at 1:2)"#)
        #expect(rejection(#"{"q\"":1,"q\u0022":2}"#) == #"1:10: duplicate key "q\"" (first at 1:2)"#)
    }

    @Test func detectsDuplicatesInLargeObjects() {
        let members = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        let source = "{\(members), \"k3\": 0}"
        let column = source.utf8.count - 7
        #expect(rejection(source) == "1:\(column): duplicate key \"k3\" (first at 1:\(1 + 9 * 3 + 1))")
        #expect(rejection("{\(members), \"k40\": 0}") == nil)
    }

    @Test func allowsSameKeyInDifferentObjects() throws {
        let value = try JSONReader().parse(#"{"a": {"a": 1}, "b": [{"a": 2}, {"a": 3}]}"#)
        #expect(value["a"]?["a"] == .number(JSONNumber(1)))
    }

    @Test func treatsCanonicallyEquivalentKeysAsDistinct() throws {
        let object = try #require(try JSONReader().parse("{\"\u{E9}\": 1, \"e\u{301}\": 2}").objectValue)
        #expect(object.members.count == 2)
        #expect(object["e\u{301}"] == .number(JSONNumber(2)))
        #expect(object["\u{E9}"] == .number(JSONNumber(1)))
    }
}

@Suite struct JSONReaderDepthTests {
    @Test func rejectsDeepArraysWithoutCrashing() {
        let source = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(rejection(source) == "1:513: nesting deeper than 512")
        #expect(rejection(String(repeating: "[", count: 10_000)) == "1:513: nesting deeper than 512")
    }

    @Test func rejectsDeepObjectsWithoutCrashing() {
        let source = String(repeating: "{\"a\":", count: 10_000)
        #expect(rejection(source) == "1:\(512 * 5 + 1): nesting deeper than 512")
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        var value = try JSONReader().parse(String(repeating: "[", count: 512) + String(repeating: "]", count: 512))
        var depth = 1
        while let inner = value.arrayValue?.first {
            value = inner
            depth += 1
        }
        #expect(depth == 512)
    }

    @Test func honoursCustomLimit() {
        #expect(rejection("[[[]]]", reader: JSONReader(maxDepth: 2)) == "1:3: nesting deeper than 2")
        #expect(rejection(#"{"a":[{"b":1}]}"#, reader: JSONReader(maxDepth: 2)) == "1:7: nesting deeper than 2")
        #expect(rejection("[[]]", reader: JSONReader(maxDepth: 2)) == nil)
        #expect(rejection("[]", reader: JSONReader(maxDepth: 0)) == "1:1: nesting deeper than 0")
        #expect(rejection("7", reader: JSONReader(maxDepth: 0)) == nil)
    }
}

@Suite struct JSONNumberTests {
    @Test func keepsLargeIntegersExactly() throws {
        let value = try number("867283741759111202")
        #expect(value.lexeme == "867283741759111202")
        #expect(value.int64Value == 867_283_741_759_111_202)
        #expect(value.isInteger)
    }

    @Test func distinguishesLexemesAndTypes() throws {
        let reader = JSONReader()
        let five = try reader.parse("5")
        let fivePointZero = try reader.parse("5.0")
        let fiveString = try reader.parse("\"5\"")
        #expect(five != fivePointZero)
        #expect(five != fiveString)
        #expect(fivePointZero != fiveString)
        #expect(try reader.parse("1e2") != reader.parse("100"))
        #expect(five == .number(JSONNumber(5)))
    }

    @Test func trueNeverEqualsOne() throws {
        let reader = JSONReader()
        #expect(try reader.parse("true") != reader.parse("1"))
        #expect(try reader.parse("false") != reader.parse("0"))
        #expect(try reader.parse("[true]") != reader.parse("[1]"))
        #expect(try reader.parse("1") == .number(JSONNumber(1)))
    }

    @Test func acceptsNumbersBeyondInt64AndDouble() throws {
        let huge = try number("1e400")
        #expect(huge.lexeme == "1e400")
        #expect(huge.doubleValue == nil)
        #expect(huge.int64Value == nil)
        #expect(!huge.isInteger)

        let wide = try number("123456789012345678901234567890")
        #expect(wide.isInteger)
        #expect(wide.int64Value == nil)
        #expect(wide.doubleValue == 1.2345678901234568e29)

        #expect(try number("-1e400").doubleValue == nil)
        #expect(try number("1e-400").doubleValue == 0)
    }

    @Test(arguments: [
        ("9223372036854775807", Int64.max),
        ("-9223372036854775808", Int64.min),
        ("9223372036854775808", nil),
        ("-0", 0),
        ("5.0", nil),
        ("1e3", nil),
    ] as [(String, Int64?)])
    func convertsToInt64Exactly(_ lexeme: String, _ expected: Int64?) throws {
        #expect(try number(lexeme).int64Value == expected)
    }

    @Test func convertsToDouble() throws {
        #expect(try number("-1e3").doubleValue == -1000)
        #expect(try number("0.5").doubleValue == 0.5)
        #expect(try number("-1.25E+3").doubleValue == -1250)
    }

    @Test func buildsFromIntAndLexeme() {
        #expect(JSONNumber(42).lexeme == "42")
        #expect(JSONNumber(-7).lexeme == "-7")
        #expect(JSONNumber(lexeme: "-1.5e-3").lexeme == "-1.5e-3")
        #expect(JSONNumber(lexeme: "5") == JSONNumber(5))
    }
}

@Suite struct JSONValueAccessTests {
    @Test func exposesTypedAccessors() throws {
        let value = try JSONReader().parse(#"{"s": "x", "b": false, "n": 3, "a": [null], "o": {"k": 1}, "z": null}"#)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == false)
        #expect(value["n"]?.numberValue == JSONNumber(3))
        #expect(value["a"]?.arrayValue == [.null])
        #expect(value["o"]?.objectValue?.keys == ["k"])
        #expect(value["s"]?.boolValue == nil)
        #expect(value["missing"] == nil)
        #expect(value["s"]?["k"] == nil)
        #expect(value.objectValue?.keys == ["s", "b", "n", "a", "o", "z"])
        let names = ["s", "b", "n", "a", "o", "z"].compactMap { value[$0]?.typeName }
        #expect(names == ["string", "boolean", "number", "array", "object", "null"])
    }

    @Test func objectEqualityIgnoresMemberOrder() {
        let one = JSONObject([("a", .number(JSONNumber(1))), ("b", .null)])
        let swapped = JSONObject([("b", .null), ("a", .number(JSONNumber(1)))])
        let different = JSONObject([("b", .null), ("a", .number(JSONNumber(2)))])
        let renamed = JSONObject([("b", .null), ("c", .number(JSONNumber(1)))])
        #expect(one == swapped)
        #expect(one != different)
        #expect(one != renamed)
        #expect(one != JSONObject([("a", .number(JSONNumber(1)))]))
    }

    @Test func stringEqualityIsScalarExact() {
        #expect(JSONValue.string("\u{E9}") != .string("e\u{301}"))
        #expect(JSONValue.string("\u{E9}") == .string("\u{E9}"))
    }

    @Test func parseOverloadsAgree() throws {
        let source = #"{"k": [1, "é", null]}"#
        let reader = JSONReader()
        let fromText = try reader.parse(source)
        #expect(try reader.parse(Array(source.utf8)) == fromText)
        #expect(try reader.parse(Data(source.utf8)) == fromText)
        #expect(throws: JSONError(message: "empty input", position: SourcePosition(line: 1, column: 1))) {
            try reader.parse(Data())
        }
    }
}

@Suite struct JSONReaderVolumeTests {
    @Test func parsesTwentyMegabyteString() throws {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let length = 20 * 1024 * 1024
        var payload = [UInt8](repeating: 0, count: length)
        for index in payload.indices { payload[index] = alphabet[index & 63] }
        let source = [UInt8(ascii: "\"")] + payload + [UInt8(ascii: "\"")]
        let decoded = try #require(try JSONReader().parse(source).stringValue)
        #expect(decoded.utf8.count == length)
        #expect(decoded.utf8.elementsEqual(payload))
    }

    @Test func parsesLargeStringWithEscapesAndNonASCII() throws {
        let chunk = #"abc\n\u00e9é😀\"xyz"#
        let expectedChunk = "abc\né\u{E9}😀\"xyz"
        let repeats = 200_000
        let source = "[\"" + String(repeating: chunk, count: repeats) + "\"]"
        let decoded = try #require(try JSONReader().parse(source).arrayValue?.first?.stringValue)
        #expect(decoded == String(repeating: expectedChunk, count: repeats))
    }

    @Test func parsesTenThousandElementArray() throws {
        let source = "[" + (0..<10_000).map { "{\"i\": \($0)}" }.joined(separator: ",") + "]"
        let elements = try #require(try JSONReader().parse(source).arrayValue)
        #expect(elements.count == 10_000)
        #expect(elements.last?["i"]?.numberValue?.int64Value == 9_999)
        #expect(elements.enumerated().allSatisfy { $0.element["i"]?.numberValue?.int64Value == Int64($0.offset) })
    }
}

@Suite struct JSONPathTests {
    @Test(arguments: [
        ("", "a", "a"),
        ("a", "b", "a.b"),
        ("list[2]", "x", "list[2].x"),
        ("", "_private9", "_private9"),
        ("a", "we ird", #"a["we ird"]"#),
        ("", "we ird", #"["we ird"]"#),
        ("a", "1x", #"a["1x"]"#),
        ("a", "", #"a[""]"#),
        ("a", "x.y", #"a["x.y"]"#),
        ("a", "q\"\n", #"a["q\"\n"]"#),
        ("a", "é", #"a["é"]"#),
    ])
    func appendsKeys(_ base: String, _ key: String, _ expected: String) {
        #expect(JSONPath.appending(base, key: key) == expected)
    }

    @Test func appendsIndices() {
        #expect(JSONPath.appending("", index: 0) == "[0]")
        #expect(JSONPath.appending("list", index: 2) == "list[2]")
        #expect(JSONPath.appending(#"a["b c"]"#, index: 10) == #"a["b c"][10]"#)
    }
}
