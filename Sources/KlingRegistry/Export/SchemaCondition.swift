import KlingRuntime

/// Compiles a rule into JSON Schema with three-valued logic: for each
/// boolean expression, the schema of payloads where it is true and where it
/// is false (neither: not applicable). A rule holds unless it is false, so it
/// exports as `not: F(rule)`. Anything outside the subset below is not
/// expressible and is listed in `x-klingreg-rules` instead.
struct SchemaCondition {
    struct NotExpressible: Error {}

    /// Fields by path in the scope the expression reads (the endpoint body, or an item's fields).
    let fields: [String: Field]
    /// Prefix of paths inside an item (`image_list[].`), empty at the root.
    let prefix: String

    static let trueSchema: JSONValue = .object(JSONObject([]))
    static let falseSchema: JSONValue = .object(JSONObject([(key: "not", value: .object(JSONObject([])))]))

    static func object(_ members: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(members.map { (key: $0.0, value: $0.1) })) }

    static func all(_ schemas: [JSONValue]) -> JSONValue {
        let useful = schemas.filter { $0 != trueSchema }
        if useful.contains(falseSchema) { return falseSchema }
        if useful.isEmpty { return trueSchema }
        return useful.count == 1 ? useful[0] : object([("allOf", .array(useful))])
    }

    static func any(_ schemas: [JSONValue]) -> JSONValue {
        let useful = schemas.filter { $0 != falseSchema }
        if useful.contains(trueSchema) { return trueSchema }
        if useful.isEmpty { return falseSchema }
        return useful.count == 1 ? useful[0] : object([("anyOf", .array(useful))])
    }

    static func not(_ schema: JSONValue) -> JSONValue {
        if schema == trueSchema { return falseSchema }
        if schema == falseSchema { return trueSchema }
        if case .object(let inner) = schema, inner.keys == ["not"], let wrapped = inner["not"] { return wrapped }
        return object([("not", schema)])
    }

    /// (true, false) schemas of a boolean expression.
    func compile(_ node: RuleNode) throws(NotExpressible) -> (t: JSONValue, f: JSONValue) {
        switch node.expression {
        case .not(let operand):
            let (t, f) = try compile(operand)
            return (f, t)
        case .binary(.implies, let left, let right):
            let a = try compile(left), b = try compile(right)
            return (Self.any([a.f, Self.all([a.t, b.t])]), Self.all([a.t, b.f]))
        case .binary(.and, let left, let right):
            let a = try compile(left), b = try compile(right)
            return (Self.all([a.t, b.t]), Self.any([a.f, Self.all([a.t, b.f])]))
        case .binary(.or, let left, let right):
            let a = try compile(left), b = try compile(right)
            return (Self.any([a.t, Self.all([a.f, b.t])]), Self.all([a.f, b.f]))
        case .binary(let op, let left, let right) where op == .equal || op == .notEqual:
            let (field, literal) = try comparison(left, right)
            let (t, f) = equality(field, literal)
            return op == .equal ? (t, f) : (f, t)
        case .binary(.lessOrEqual, let left, let right), .binary(.less, let left, let right):
            // count(list) <= n: absent counts as 0.
            guard case .call(.count, let arguments) = left.expression, arguments.count == 1, case .path(let path) = arguments[0].expression,
                  case .literal(.number(let number)) = right.expression, let bound = number.int64Value else { throw NotExpressible() }
            let limit = Int(bound) - (node.expression.isStrictLess ? 1 : 0)
            let key = try name(path)
            let longer = Self.object([("required", .array([.string(key)])), ("properties", Self.object([(key, Self.object([("type", .string("array")), ("minItems", .number(JSONNumber(limit + 1)))]))]))])
            return (Self.not(longer), longer)
        case .call(.present, let arguments), .call(.nonempty, let arguments):
            guard case .path(let path) = arguments[0].expression else { throw NotExpressible() }
            let key = try name(path)
            guard let field = fields[prefix + key] else { throw NotExpressible() }
            var present = presence(key, field)
            if case .call(.nonempty, _) = node.expression {
                present = Self.all([present, Self.object([("properties", Self.object([(key, Self.any([Self.object([("type", .string("string")), ("minLength", .number(JSONNumber(1)))]), Self.object([("type", .string("array")), ("minItems", .number(JSONNumber(1)))])]))]))])])
            }
            return (present, Self.not(present))
        case .call(let quantifier, let arguments) where (quantifier == .any || quantifier == .all) && arguments.count == 2:
            guard case .path(let path) = arguments[0].expression else { throw NotExpressible() }
            let key = try name(path)
            guard let list = fields[prefix + key], list.type == .array(nil) else { throw NotExpressible() }
            let inner = SchemaCondition(fields: fields, prefix: prefix + key + "[].")
            let item = try inner.compile(arguments[1])
            let contains = { (schema: JSONValue) in
                Self.object([("required", .array([.string(key)])), ("properties", Self.object([(key, Self.object([("type", .string("array")), ("contains", schema)]))]))])
            }
            // any: false unless an item is true (a not-applicable item does not count).
            // all: false once an item is false (a not-applicable item does not break it).
            if quantifier == .any { return (contains(item.t), Self.not(contains(item.t))) }
            return (Self.not(contains(item.f)), contains(item.f))
        default:
            throw NotExpressible()
        }
    }

    /// A field path read directly (`mode`, or `type` inside an item).
    func name(_ path: RulePath) throws(NotExpressible) -> String {
        guard !path.rooted || prefix.isEmpty, path.segments.count == 1, case .name(let name) = path.segments[0] else { throw NotExpressible() }
        return name
    }

    func comparison(_ left: RuleNode, _ right: RuleNode) throws(NotExpressible) -> (String, JSONValue) {
        if case .path(let path) = left.expression, case .literal(let value) = right.expression { return (try name(path), value) }
        if case .path(let path) = right.expression, case .literal(let value) = left.expression { return (try name(path), value) }
        throw NotExpressible()
    }

    /// The key is there with a value rules read: not null, and not an empty string the validator reads as absent.
    func presence(_ key: String, _ field: Field) -> JSONValue {
        var excluded: [JSONValue] = [Self.object([("type", .string("null"))])]
        if field.type == .string, field.constraint(.nonEmpty) == nil { excluded.append(Self.object([("const", .string(""))])) }
        return Self.object([("required", .array([.string(key)])), ("properties", Self.object([(key, Self.object([("not", Self.object([("anyOf", .array(excluded))]))]))]))])
    }

    /// `key == literal`: true when present and equal, or absent with an equal default; false the other way round.
    func equality(_ key: String, _ literal: JSONValue) -> (JSONValue, JSONValue) {
        guard let field = fields[prefix + key] else { return (Self.falseSchema, Self.falseSchema) }
        let present = presence(key, field)
        let equal = Self.object([("properties", Self.object([(key, Self.object([("const", literal)]))]))])
        let different = Self.object([("properties", Self.object([(key, Self.not(Self.object([("const", literal)])))]))])
        var t = Self.all([present, equal])
        var f = Self.all([present, different])
        if case .value(let fallback) = field.defaultValue {
            if fallback == literal { t = Self.any([t, Self.not(present)]) } else { f = Self.any([f, Self.not(present)]) }
        }
        return (t, f)
    }
}

extension RuleExpression {
    var isStrictLess: Bool { if case .binary(.less, _, _) = self { return true } else { return false } }
}
