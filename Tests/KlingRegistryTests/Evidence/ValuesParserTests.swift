import KlingRuntime
import Testing
@testable import KlingRegistry

struct ValuesParserTests {
    func parse(_ text: String, type: FieldType = .string) -> ([Constraint], [String]) {
        let cell = TableCell(text: text, line: 1, startColumn: 1, endColumn: text.utf8.count + 1)
        var sink = DiagnosticSink(file: "f.md")
        let constraints = ValuesParser(cell: cell, type: type).parse(sink: &sink)
        return (constraints, sink.diagnostics.map { "\($0.position.column): \($0.message)" })
    }

    @Test(arguments: [
        ("`std`, `pro`", FieldType.string, Constraint.oneOf([.string("std"), .string("pro")])),
        ("`\"5\"`, `\"10\"`", .string, .oneOf([.string("5"), .string("10")])),
        ("`1`, `2`", .integer, .oneOf([.number(JSONNumber(1)), .number(JSONNumber(2))])),
        ("[0, 1]", .number, .range(lower: NumberLiteral("0")!, lowerInclusive: true, upper: NumberLiteral("1")!, upperInclusive: true)),
        ("(0, 1]", .number, .range(lower: NumberLiteral("0")!, lowerInclusive: false, upper: NumberLiteral("1")!, upperInclusive: true)),
        ("[-10, 10]", .number, .range(lower: NumberLiteral("-10")!, lowerInclusive: true, upper: NumberLiteral("10")!, upperInclusive: true)),
        ("int-string 3..15", .string, .intString(min: 3, max: 15)),
        ("len <= 2500 chars", .string, .length(min: nil, max: 2500)),
        ("len ≤ 20 chars", .string, .length(min: nil, max: 20)),
        ("len 1..20 chars", .string, .length(min: 1, max: 20)),
        ("1..6 items", .array(nil), .items(min: 1, max: 6)),
        ("<= 2 items", .array(nil), .items(min: nil, max: 2)),
        ("<= 10 MB decoded", .string, .bytes(max: NumberLiteral("10")!, unit: "MB", decoded: true)),
        ("<= 200 MB", .string, .bytes(max: NumberLiteral("200")!, unit: "MB", decoded: false)),
        ("min-side >= 300 px", .string, .minSide(300)),
        ("min-side ≥ 300 px", .string, .minSide(300)),
        ("side 720..2160 px", .string, .side(min: 720, max: 2160)),
        ("aspect 1:2.5..2.5:1", .string, .aspectRange(Ratio(width: NumberLiteral("1")!, height: NumberLiteral("2.5")!), Ratio(width: NumberLiteral("2.5")!, height: NumberLiteral("1")!))),
        ("aspect 16:9, 9:16", .string, .aspectSet([Ratio(width: NumberLiteral("16")!, height: NumberLiteral("9")!), Ratio(width: NumberLiteral("9")!, height: NumberLiteral("16")!)])),
        ("size 1920x1080, 1080x1920 px", .string, .size([.init(width: 1920, height: 1080), .init(width: 1080, height: 1920)])),
        ("format jpg, jpeg, png", .string, .format(["jpg", "jpeg", "png"])),
        ("url-or-base64", .string, .encoding(.urlOrBase64)),
        ("url", .string, .encoding(.url)),
        ("base64", .string, .encoding(.base64)),
        ("duration 3..10 s", .string, .mediaDuration(min: NumberLiteral("3")!, max: NumberLiteral("10")!)),
        ("fps 24..60", .string, .fps(min: 24, max: 60)),
        ("children: not evidenced", .object, .childrenNotEvidenced),
        ("non-empty", .string, .nonEmpty),
    ])
    func everyAtomParses(text: String, type: FieldType, expected: Constraint) {
        let (constraints, errors) = parse(text, type: type)
        #expect(errors.isEmpty)
        #expect(constraints == [expected])
        // The canonical text reads back to the same constraint.
        #expect(parse(expected.canonicalText, type: type).0 == [expected])
    }

    @Test func severalAtomsSeparatedBySemicolons() {
        let (constraints, errors) = parse("url-or-base64; <= 10 MB decoded; min-side >= 300 px; aspect 1:2.5..2.5:1; format jpg, jpeg, png")
        #expect(errors.isEmpty)
        #expect(constraints.map(\.kind) == [.encoding, .bytes, .minSide, .aspect, .format])
    }

    @Test(arguments: [
        ("len <= 2500 chars extra", FieldType.string, ["19: unexpected 'extra' after len constraint"]),
        ("between 1 and 2", .string, ["1: cannot read 'between 1 and 2' as a constraint"]),
        ("[0, 1", .number, ["6: expected ']' or ')' to close the range"]),
        ("[0, 1]", .string, ["1: a range applies to numeric fields, this one is string"]),
        ("`std`, pro", .string, ["8: expected a literal in backticks"]),
        ("`x`", .integer, ["1: `x` is not a integer literal"]),
        ("int-string 5..3", .string, ["12: range 5..3 is empty"]),
        ("format gif", .string, ["8: unknown format 'gif'; known: jpg, jpeg, png, mp4, mov, mp3, wav, m4a, aac"]),
        ("non-empty; non-empty", .string, ["12: a second non-empty constraint (the first is at column 1)"]),
        ("`a`, `a`", .string, ["6: `a` is listed twice"]),
        ("url;", .string, ["5: empty constraint between ';'"]),
    ])
    func malformedCellsReportAtTheirColumn(text: String, type: FieldType, expected: [String]) {
        #expect(parse(text, type: type).1 == expected)
    }
}
