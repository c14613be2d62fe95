import KlingRuntime
import Testing
@testable import KlingRegistry

struct RuleParserTests {
    func canonical(_ text: String) throws -> String {
        RulePrinter.text(try RuleParser.parse(text))
    }

    @Test(arguments: [
        ("multi_shot == true => present(shot_type)", "((multi_shot == true) => present(shot_type))"),
        ("a || b && c", "(a || (b && c))"),
        ("!present(a) && b", "(!present(a) && b)"),
        ("!a == b", "!(a == b)"),
        ("count(image_list) + count(element_list) <= 7", "((count(image_list) + count(element_list)) <= 7)"),
        ("sum(num(multi_prompt[].duration)) == num(duration)", "(sum(num(multi_prompt[].duration)) == num(duration))"),
        ("count(camera_control.config.*, @ != 0) == 1", "(count(camera_control.config.*, (@ != 0)) == 1)"),
        ("any(image_list, type == \"end_frame\") => any(image_list, type == \"first_frame\")", "(any(image_list, (type == \"end_frame\")) => any(image_list, (type == \"first_frame\")))"),
        ("num(duration) in cap(model_name, \"t2v-duration\")", "(num(duration) in cap(model_name, \"t2v-duration\"))"),
        ("x in [\"a\", \"b\"]", "(x in [\"a\", \"b\"])"),
        ("all(list, $.flag == false)", "all(list, ($.flag == false))"),
        ("a - -1 >= 0", "((a - -1) >= 0)"),
        ("x == null", "(x == null)"),
        ("(a => b)", "(a => b)"),
    ])
    func parsesWithDesignPrecedence(text: String, expected: String) throws {
        #expect(try canonical(text) == expected)
        // Printing is a fixed point: the canonical text parses to the same tree.
        #expect(try canonical(expected) == expected)
    }

    @Test(arguments: [
        ("a => b => c", "'=>' does not chain; add parentheses", 7),
        ("a | b", "a single '|' is not an operator (write '||', escaped as '\\|\\|' in a table cell)", 2),
        ("a = b", "'=' is not an operator; write '==' or '=>'", 2),
        ("present(a", "expected ')' to close the call of present, found end of expression", 9),
        ("a ==", "expression ends too early", 4),
        ("\"open", "unterminated string", 0),
        ("a b", "unexpected 'b' after the expression", 2),
        ("[1, 2", "expected ']' to close the list, found end of expression", 5),
        ("lenn(prompt) > 1", "unknown function lenn(); did you mean len()?", 0),
    ])
    func syntaxErrorsPointAtTheirOffset(text: String, message: String, offset: Int) {
        #expect(throws: RuleParser.Failure(message: message, offset: offset)) { try RuleParser.parse(text) }
    }
}

/// A scope over fields written inline.
struct FixtureScope: RuleScope {
    var fields: [Field]
    var shapes: [String: CapabilityShape] = [:]

    func field(at path: String) -> Field? { fields.first { $0.path == path } }
    func children(of path: String) -> [Field] { fields.filter { $0.parentPath == path.replacingOccurrences(of: "[]", with: "") && $0.path.hasPrefix(path) } }
    func capabilityShape(_ feature: String) -> CapabilityShape? { shapes[feature] }
    var fieldPaths: [String] { fields.map(\.path) }
}

func field(_ path: String, _ type: FieldType) -> Field {
    Field(part: .body, path: path, type: type, requirement: .optional, defaultValue: .none, constraints: [], sources: ["OFF-3.0"], description: "", location: SourceLocation(file: "f.md", line: 1))
}

struct RuleTypeCheckerTests {
    let scope = FixtureScope(fields: [
        field("model_name", .string), field("duration", .string), field("multi_shot", .boolean),
        field("shot_type", .string), field("prompt", .string), field("sound", .string),
        field("multi_prompt", .array(nil)), field("multi_prompt[].duration", .string), field("multi_prompt[].index", .integer),
        field("image_list", .array(nil)), field("image_list[].type", .string),
        field("camera_control", .object), field("camera_control.config", .object),
        field("camera_control.config.pan", .number), field("camera_control.config.zoom", .number),
        field("cfg_scale", .number), field("tags", .array(.string)),
    ], shapes: ["t2v-duration": .integerValued, "modes": .strings, "multi-shot": .boolean])

    func check(_ text: String) throws(RuleTypeChecker.Failure) -> RuleNode {
        let node = try! RuleParser.parse(text)
        return try RuleTypeChecker(scope: scope).check(node)
    }

    @Test(arguments: [
        "multi_shot == true => present(shot_type)",
        "multi_shot == true && shot_type == \"customize\" => sum(num(multi_prompt[].duration)) == num(duration)",
        "count(camera_control.config.*, @ != 0) == 1",
        "any(image_list, type == \"end_frame\") => any(image_list, type == \"first_frame\")",
        "num(duration) in cap(model_name, \"t2v-duration\")",
        "duration in cap(model_name, \"t2v-duration\")",
        "multi_shot == true => cap(model_name, \"multi-shot\")",
        "count(refs(prompt, \"voice\")) > 0 => sound == \"on\"",
        "all(multi_prompt, num(duration) >= 1 && num(duration) <= num($.duration))",
        "max(num(multi_prompt[].duration)) <= 15",
        "len(prompt) <= 2500 && starts_with(model_name, \"kling-v1\")",
        "cfg_scale >= 0 && nonempty(tags) && \"a\" in tags",
        "present(prompt) != present(multi_prompt)",
    ])
    func wellTypedRulesPass(text: String) throws {
        let typed = try check(text)
        #expect(typed.type == .boolean)
    }

    @Test(arguments: [
        ("duration == 5", "'==' compares string (`duration`) with number; use num(duration)", 0),
        ("sum(multi_prompt[].duration) == 5", "sum() adds numbers, found string values (`multi_prompt[].duration`); wrap them in num(...)", 4),
        ("present(negative_promt)", "unknown field `negative_promt`", 8),
        ("present(duratoin)", "unknown field `duratoin`; did you mean `duration`?", 8),
        ("multi_prompt.duration == \"5\"", "`multi_prompt` is an array; write `multi_prompt[].duration`", 0),
        ("count(prompt) > 1", "count() needs an array, a list or a set, found string (`prompt`)", 6),
        ("sound in cap(model_name, \"nope\")", "no model in evidence/capability-map.md has the feature \"nope\"", 25),
        ("num(duration)", "a check must be boolean, this one is number", 0),
        ("@ == 1", "'@' is only meaningful inside any(), all() or count()", 0),
        ("refs(prompt, \"audio\") == refs(prompt, \"voice\")", "refs() kind must be one of image, element, video, voice, found \"audio\"", 13),
        ("prior_success(prompt)", "prior_success() reads a plan's facts, so only a guardrail can call it", 0),
        ("sound in cap(model_name, \"modes\") && duration > 3", "'>' compares numbers, found string (`duration`); use num(...)", 37),
    ])
    func typeErrorsAtLoadTime(text: String, message: String, offset: Int) {
        #expect(throws: RuleTypeChecker.Failure(message: message, offset: offset)) { try check(text) }
    }
}

struct RuleParserLimitTests {
    @Test func nestingIsBoundedNotAStackOverflow() {
        let deep = String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000)
        #expect(throws: RuleParser.Failure(message: "expression nested deeper than 64 levels", offset: 64)) { try RuleParser.parse(deep) }
        let nots = String(repeating: "!", count: 5000) + "a"
        #expect(throws: RuleParser.Failure.self) { try RuleParser.parse(nots) }
        let fine = String(repeating: "(", count: 60) + "a" + String(repeating: ")", count: 60)
        #expect(throws: Never.self) { try RuleParser.parse(fine) }
    }
}

/// The built tree's height is bounded, not just the parser's nesting: every
/// walker of the tree recurses, so a flat chain must be refused too.
struct RuleTreeHeightTests {
    static let message = "expression is more than 64 levels deep (each operator of a chain adds one); split it into smaller rules"

    static func height(_ node: RuleNode) -> Int {
        switch node.expression {
        case .literal, .path, .item: return 1
        case .not(let operand): return 1 + height(operand)
        case .binary(_, let left, let right): return 1 + max(height(left), height(right))
        case .list(let items): return 1 + (items.map(height).max() ?? 0)
        case .call(_, let arguments): return 1 + (arguments.map(height).max() ?? 0)
        }
    }

    @Test(arguments: ["&&", "||", "+", "-"])
    func longChainsAreRefusedAtTheOperatorThatExceedsTheBound(_ op: String) {
        let text = Array(repeating: "a", count: 6000).joined(separator: " \(op) ")
        // Term k+1 follows the k-th operator; the 64th operator makes the tree 65 high.
        let offset = 63 * (2 + op.utf8.count + 1) + 1 + 1
        #expect(throws: RuleParser.Failure(message: Self.message, offset: offset)) { try RuleParser.parse(text) }
    }

    @Test func chainsUpToTheBoundParseWithTheHeightTheyHave() throws {
        let longest = Array(repeating: "a", count: 64).joined(separator: " && ")
        let node = try RuleParser.parse(longest)
        #expect(Self.height(node) == 64)
        #expect(throws: RuleParser.Failure.self) { try RuleParser.parse(longest + " && a") }
    }

    @Test func heightCountsEveryKindOfNode() throws {
        // 30 nots over a 36-term chain: neither alone exceeds the bound, together they do;
        // the not at offset 1 is the one that makes the tree 65 high.
        let chain = Array(repeating: "a", count: 36).joined(separator: " && ")
        let text = String(repeating: "!", count: 30) + "(" + chain + ")"
        #expect(throws: RuleParser.Failure(message: Self.message, offset: 1)) { try RuleParser.parse(text) }
        #expect(throws: Never.self) { try RuleParser.parse(String(repeating: "!", count: 20) + "(" + chain + ")") }
    }
}

/// The functions are one enum: every name parses to its case, and no other name parses.
struct RuleFunctionTests {
    @Test func everyFunctionNameParsesToItsCaseAndPrintsBack() throws {
        for function in RuleFunction.allCases {
            let node = try RuleParser.parse("\(function.rawValue)(a)")
            guard case .call(let parsed, _) = node.expression else {
                Issue.record("\(function) did not parse as a call")
                continue
            }
            #expect(parsed == function)
            #expect(RulePrinter.text(node) == "\(function.rawValue)(a)")
        }
    }

    @Test func aNameThatIsNoFunctionIsRefusedWhenParsed() {
        #expect(throws: RuleParser.Failure(message: "unknown function starts_wth(); did you mean starts_with()?", offset: 0)) { try RuleParser.parse("starts_wth(prompt, \"x\")") }
        #expect(throws: RuleParser.Failure(message: "unknown function Present(); did you mean present()?", offset: 2)) { try RuleParser.parse("! Present(prompt)") }
    }

    @Test func planFunctionsAreExactlyTheOnesAPlanScopeTypes() {
        #expect(Set(RuleFunction.allCases.filter(\.isPlanFunction).map(\.rawValue)) == ["class", "units", "prior_success", "scope", "distinct", "approved"])
        #expect(RuleTypeChecker.functions.count + 6 == RuleFunction.allCases.count)
    }
}
