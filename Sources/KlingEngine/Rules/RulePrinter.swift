import KlingRuntime

/// Renders a rule tree: as canonical text (every binary operation in
/// parentheses, so the grouping the parser chose is visible) and as a JSON
/// tree for `klingreg schema --format json`.
public enum RulePrinter {
    public static func text(_ node: RuleNode) -> String {
        switch node.expression {
        case .literal(let value): return JSONWriter(style: .compact).string(value)
        case .path(let path): return path.description
        case .item: return "@"
        case .list(let items): return "[" + items.map(text).joined(separator: ", ") + "]"
        case .call(let name, let arguments): return name.rawValue + "(" + arguments.map(text).joined(separator: ", ") + ")"
        case .not(let operand): return "!" + text(operand)
        case .binary(let op, let left, let right): return "(" + text(left) + " " + op.rawValue + " " + text(right) + ")"
        }
    }

    public static func json(_ node: RuleNode) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        switch node.expression {
        case .literal(let value):
            members = [("node", .string("literal")), ("value", value)]
        case .path(let path):
            members = [("node", .string("path")), ("path", .string(path.description))]
        case .item:
            members = [("node", .string("item"))]
        case .list(let items):
            members = [("node", .string("list")), ("items", .array(items.map(json)))]
        case .call(let name, let arguments):
            members = [("node", .string("call")), ("function", .string(name.rawValue)), ("arguments", .array(arguments.map(json)))]
        case .not(let operand):
            members = [("node", .string("not")), ("operand", json(operand))]
        case .binary(let op, let left, let right):
            members = [("node", .string("binary")), ("operator", .string(op.rawValue)), ("left", json(left)), ("right", json(right))]
        }
        if let type = node.type { members.append(("type", .string(type.description))) }
        return .object(JSONObject(members))
    }
}
