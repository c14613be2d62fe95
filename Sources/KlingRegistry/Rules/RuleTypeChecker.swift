import Foundation
import KlingRuntime

/// What the type checker needs to know about the world a rule reads.
package protocol RuleScope {
    /// The field at a full path (`multi_prompt[].duration`), or nil.
    func field(at path: String) -> Field?
    /// Direct children of the field at `path`.
    func children(of path: String) -> [Field]
    /// The shape of a capability feature across models, or nil when no model has it.
    func capabilityShape(_ feature: String) -> CapabilityShape?
    /// Names the scope offers for a "did you mean".
    var fieldPaths: [String] { get }
    /// The result type of a function this scope adds (plans add `class`, `units`, …), or nil.
    func extraFunction(_ name: RuleFunction, arguments: [RuleType]) -> RuleType?
    var extraFunctionNames: [String] { get }
    /// Whether `path` names a row that was written but did not load.
    func fieldDidNotLoad(_ path: String) -> Bool
    /// The values a literal compared with `field` may take, or nil when any value of its type may appear.
    func enumValues(of field: Field) -> [JSONValue]?
}

extension RuleScope {
    package func enumValues(of field: Field) -> [JSONValue]? {
        if case .oneOf(let values)? = field.constraint(.enum) { return values }
        return nil
    }

    package func fieldDidNotLoad(_ path: String) -> Bool { false }
    package func extraFunction(_ name: RuleFunction, arguments: [RuleType]) -> RuleType? { nil }
    package var extraFunctionNames: [String] { [] }
}

/// How a capability feature's cells read, across all models that have it.
package enum CapabilityShape: Sendable, Hashable {
    /// Only ✅ / ❌ / coming soon / —.
    case boolean
    /// Integer-valued: int-string ranges or sets of integer strings; `in` accepts a string or a number.
    case integerValued
    /// A set of string literals (`std`, `pro`).
    case strings
    /// A numeric range.
    case numbers
    /// Cells of different kinds: usable only where any of them would do.
    case mixed
}

/// Resolves paths and checks types (docs/rule-language.md#the-rule-language): comparing a string field to
/// a number, summing strings without `num`, or naming a field the endpoint
/// does not have is an error at load time.
package struct RuleTypeChecker {
    package struct Failure: Error, Sendable, Equatable {
        package var message: String
        package var offset: Int
    }

    let scope: RuleScope

    package init(scope: RuleScope) { self.scope = scope }

    /// Context of `any`/`all`/`count` conditions: relative paths start at
    /// `prefix` (`image_list[]`) and `@` has `itemType`.
    struct Context {
        var prefix: String?
        var itemType: RuleType?
        /// The field whose items `@` stands for, when the collection is one.
        var itemField: Field?
    }

    package func check(_ node: RuleNode, expecting: RuleType? = .boolean) throws(Failure) -> RuleNode {
        let typed = try infer(node, Context(prefix: nil, itemType: nil))
        if let expecting, !Self.fits(typed.type!, expecting) {
            throw Failure(message: "a check must be \(expecting), this one is \(typed.type!)", offset: node.offset)
        }
        return typed
    }

    static func fits(_ actual: RuleType, _ expected: RuleType) -> Bool {
        if actual == expected { return true }
        if expected == .boolean, case .capability(element: .boolean) = actual { return true }
        return false
    }

    private func infer(_ node: RuleNode, _ context: Context) throws(Failure) -> RuleNode {
        var result = node
        switch node.expression {
        case .literal(let value):
            result.type = Self.literalType(value)
        case .item:
            guard let itemType = context.itemType else {
                throw Failure(message: "'@' is only meaningful inside any(), all() or count()", offset: node.offset)
            }
            result.type = itemType
        case .path(let path):
            result.type = try resolve(path, context, offset: node.offset).type
        case .list(let items):
            var typed: [RuleNode] = []
            var element: RuleType?
            for item in items {
                let checked = try infer(item, context)
                if let element, element != checked.type!, checked.type! != .null, element != .null {
                    throw Failure(message: "a list mixes \(element) and \(checked.type!)", offset: item.offset)
                }
                element = element ?? checked.type
                typed.append(checked)
            }
            result.expression = .list(typed)
            result.type = .list(element ?? .null)
        case .not(let operand):
            let checked = try infer(operand, context)
            try requireBoolean(checked, "'!'")
            result.expression = .not(checked)
            result.type = .boolean
        case .binary(let op, let left, let right):
            let l = try infer(left, context)
            let r = try infer(right, context)
            result.expression = .binary(op, l, r)
            result.type = try binaryType(op, l, r, offset: node.offset)
            try checkEnumLiterals(op, l, r, context)
        case .call(let name, let arguments):
            let (typedArguments, type) = try call(name, arguments, context, offset: node.offset)
            result.expression = .call(name, typedArguments)
            result.type = type
        }
        return result
    }

    /// A literal compared with an enumerated field must be one of its values:
    /// `sound in ["off", "onn"]` would otherwise load and never match.
    private func checkEnumLiterals(_ op: BinaryOperator, _ l: RuleNode, _ r: RuleNode, _ context: Context) throws(Failure) {
        switch op {
        case .equal, .notEqual:
            if let (name, values) = enumeration(l, context) { try requireMember(r, name, values) }
            if let (name, values) = enumeration(r, context) { try requireMember(l, name, values) }
        case .in:
            if let (name, values) = enumeration(l, context), case .list(let items) = r.expression {
                for item in items { try requireMember(item, name, values) }
            }
            if let (name, values) = enumeration(r, context) { try requireMember(l, name, values) }
        default:
            break
        }
    }

    private func requireMember(_ node: RuleNode, _ name: String, _ values: [JSONValue]) throws(Failure) {
        guard case .literal(let value) = node.expression, value != .null else { return }
        guard !values.contains(where: { DefaultCheck.same($0, value) }) else { return }
        var message = "\(JSONWriter(style: .compact).string(value)) is not a value of `\(name)` (\(values.map { "`\(DefaultCheck.display($0))`" }.joined(separator: ", ")))"
        if case .string(let text) = value, let near = Suggestion.closest(to: text, among: values.compactMap(\.stringValue)), near != text {
            message += "; did you mean \"\(near)\"?"
        }
        throw Failure(message: message, offset: node.offset)
    }

    /// The enum of the field a path or `@` reads, with the name to show.
    private func enumeration(_ node: RuleNode, _ context: Context) -> (String, [JSONValue])? {
        let field: Field?
        let name: String
        switch node.expression {
        case .path(let path):
            guard let resolved = try? resolve(path, context, offset: node.offset), path.segments.last != .members else { return nil }
            field = resolved.field
            name = path.description
        case .item:
            field = context.itemField
            name = "@"
        default:
            return nil
        }
        guard let field, let values = scope.enumValues(of: field) else { return nil }
        return (name, values)
    }

    private func requireBoolean(_ node: RuleNode, _ what: String) throws(Failure) {
        guard Self.fits(node.type!, .boolean) else {
            throw Failure(message: "\(what) needs a boolean, found \(node.type!)\(describe(node))", offset: node.offset)
        }
    }

    private func describe(_ node: RuleNode) -> String {
        if case .path(let path) = node.expression { return " (`\(path)`)" }
        return ""
    }

    static func literalType(_ value: JSONValue) -> RuleType {
        switch value {
        case .null: return .null
        case .bool: return .boolean
        case .number: return .number
        case .string: return .string
        case .array: return .list(.null)
        case .object: return .object
        }
    }

    private func binaryType(_ op: BinaryOperator, _ l: RuleNode, _ r: RuleNode, offset: Int) throws(Failure) -> RuleType {
        let lt = l.type!, rt = r.type!
        switch op {
        case .implies, .or, .and:
            try requireBoolean(l, "'\(op.rawValue)'")
            try requireBoolean(r, "'\(op.rawValue)'")
            return .boolean
        case .plus, .minus:
            for side in [l, r] where side.type! != .number {
                throw Failure(message: "'\(op.rawValue)' needs numbers, found \(side.type!)\(describe(side))\(side.type! == .string ? "; use num(...)" : "")", offset: side.offset)
            }
            return .number
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            for side in [l, r] where side.type! != .number {
                throw Failure(message: "'\(op.rawValue)' compares numbers, found \(side.type!)\(describe(side))\(side.type! == .string ? "; use num(...)" : "")", offset: side.offset)
            }
            return .boolean
        case .equal, .notEqual:
            if lt == .null || rt == .null || lt == rt { return .boolean }
            if Self.fits(lt, .boolean) && Self.fits(rt, .boolean) { return .boolean }
            if case .list = lt { throw Failure(message: "'\(op.rawValue)' compares one value; \(describe(l).trimmedSpaces) has several, use any() or all()", offset: l.offset) }
            let hint = (lt == .string && rt == .number) ? "; use num(\(Self.sourceName(l)))" : (lt == .number && rt == .string) ? "; use num(\(Self.sourceName(r)))" : ""
            throw Failure(message: "'\(op.rawValue)' compares \(lt)\(describe(l)) with \(rt)\(describe(r))\(hint)", offset: offset)
        case .in:
            switch rt {
            case .list(let element), .set(let element):
                if element == .null || element == lt { return .boolean }
                throw Failure(message: "'in' looks for a \(lt)\(describe(l)) among \(element) values", offset: offset)
            case .range:
                guard lt == .number else { throw Failure(message: "'in' a range needs a number, found \(lt)\(describe(l))", offset: offset) }
                return .boolean
            case .capability(let element):
                switch element {
                case .none:
                    guard lt == .number || lt == .string else { throw Failure(message: "'in' a capability cell needs a number or a string, found \(lt)", offset: offset) }
                case .some(let expected):
                    guard lt == expected else { throw Failure(message: "'in' this capability cell needs a \(expected), found \(lt)\(describe(l))", offset: offset) }
                }
                return .boolean
            default:
                throw Failure(message: "'in' needs a list, a set or a range on its right, found \(rt)", offset: r.offset)
            }
        }
    }

    private static func sourceName(_ node: RuleNode) -> String {
        if case .path(let path) = node.expression { return path.description }
        return "…"
    }

    private struct Resolved {
        var fieldPath: String
        var type: RuleType
        var field: Field?
    }

    private func resolve(_ path: RulePath, _ context: Context, offset: Int) throws(Failure) -> Resolved {
        var current: String = path.rooted ? "" : (context.prefix ?? "")
        if !path.rooted, context.prefix == nil, context.itemType != nil {
            throw Failure(message: "`\(path)`: items here are values, not objects; use '@' or '$.' for a root field", offset: offset)
        }
        var field: Field?
        var many = false
        var memberType: RuleType?
        for segment in path.segments {
            switch segment {
            case .name(let name):
                if let field, field.type.isArray, !current.hasSuffix("[]") {
                    throw Failure(message: "`\(field.path)` is an array; write `\(field.path)[].\(name)`", offset: offset)
                }
                let candidate = current.isEmpty ? name : current + "." + name
                guard let found = scope.field(at: candidate) else {
                    if scope.fieldDidNotLoad(candidate) {
                        throw Failure(message: "`\(candidate)` did not load (its row has an error)", offset: offset)
                    }
                    var message = "unknown field `\(candidate)`"
                    if let near = Suggestion.closest(to: candidate, among: scope.fieldPaths) { message += "; did you mean `\(near)`?" }
                    throw Failure(message: message, offset: offset)
                }
                field = found
                current = candidate
            case .each:
                guard let field, field.type.isArray else {
                    throw Failure(message: "`\(current)` is not an array, so `[]` does not apply", offset: offset)
                }
                current += "[]"
                many = true
            case .members:
                guard let field, field.type == .object else {
                    throw Failure(message: "`\(current)` is not an object, so `.*` does not apply", offset: offset)
                }
                let children = scope.children(of: current)
                let types = Set(children.map { Self.valueType($0.type) })
                guard types.count == 1, let only = types.first else {
                    throw Failure(message: "the members of `\(current)` have \(types.isEmpty ? "no documented fields" : "different types")", offset: offset)
                }
                memberType = only
                many = true
            }
        }
        let leafType: RuleType
        if let memberType {
            leafType = memberType
        } else if let field {
            leafType = current.hasSuffix("[]") ? Self.itemType(field.type) : Self.valueType(field.type)
        } else {
            throw Failure(message: "empty path", offset: offset)
        }
        return Resolved(fieldPath: current, type: many ? .list(leafType) : leafType, field: field)
    }

    static func valueType(_ type: FieldType) -> RuleType {
        switch type {
        case .string: return .string
        case .integer, .int64, .number: return .number
        case .boolean: return .boolean
        case .object: return .object
        case .array(let item): return .list(item.map(valueType) ?? .object)
        }
    }

    static func itemType(_ type: FieldType) -> RuleType {
        if case .array(let item) = type { return item.map(valueType) ?? .object }
        return valueType(type)
    }

    private func call(_ name: RuleFunction, _ arguments: [RuleNode], _ context: Context, offset: Int) throws(Failure) -> ([RuleNode], RuleType) {
        func arity(_ counts: ClosedRange<Int>) throws(Failure) {
            guard counts.contains(arguments.count) else {
                let wanted = counts.lowerBound == counts.upperBound ? "\(counts.lowerBound)" : "\(counts.lowerBound) or \(counts.upperBound)"
                throw Failure(message: "\(name)() takes \(wanted) argument\(counts.upperBound == 1 ? "" : "s"), found \(arguments.count)", offset: offset)
            }
        }
        func pathArgument(_ node: RuleNode) throws(Failure) -> RuleNode {
            guard case .path = node.expression else {
                throw Failure(message: "\(name)() takes a field path", offset: node.offset)
            }
            return try infer(node, context)
        }
        func stringLiteral(_ node: RuleNode, _ what: String) throws(Failure) -> String {
            guard case .literal(.string(let value)) = node.expression else {
                throw Failure(message: "\(name)() takes \(what) as a string literal", offset: node.offset)
            }
            return value
        }
        switch name {
        case .present, .nonempty:
            try arity(1...1)
            return ([try pathArgument(arguments[0])], .boolean)
        case .count, .any, .all:
            try arity(name == .count ? 1...2 : 2...2)
            let collection = try infer(arguments[0], context)
            let element: RuleType
            switch collection.type! {
            case .list(let item), .set(let item): element = item
            default:
                throw Failure(message: "\(name)() needs an array, a list or a set, found \(collection.type!)\(describe(collection))", offset: arguments[0].offset)
            }
            var typed = [collection]
            if arguments.count == 2 {
                var prefix: String?
                var itemField: Field?
                if case .path(let path) = collection.expression, path.segments.last != .members {
                    let resolved = try resolve(path, context, offset: collection.offset)
                    prefix = resolved.fieldPath
                    itemField = resolved.field
                    if !(prefix!.hasSuffix("[]")) { prefix! += "[]" }
                    if element != .object { prefix = nil }
                }
                let condition = try infer(arguments[1], Context(prefix: prefix, itemType: element, itemField: element == .object ? nil : itemField))
                try requireBoolean(condition, "the condition of \(name)()")
                typed.append(condition)
            }
            return (typed, name == .count ? .number : .boolean)
        case .sum:
            try arity(1...1)
            let values = try infer(arguments[0], context)
            guard case .list(let element) = values.type! else {
                throw Failure(message: "sum() adds several values, found \(values.type!)\(describe(values))", offset: arguments[0].offset)
            }
            guard element == .number else {
                throw Failure(message: "sum() adds numbers, found \(element) values\(describe(values))\(element == .string ? "; wrap them in num(...)" : "")", offset: arguments[0].offset)
            }
            return ([values], .number)
        case .num, .len:
            try arity(1...1)
            let value = try infer(arguments[0], context)
            switch value.type! {
            case .string: return ([value], .number)
            case .list(.string): return ([value], .list(.number))
            case .list(.object) where name == .len, .list(.number) where name == .len:
                throw Failure(message: "len() measures strings; for items use count()", offset: arguments[0].offset)
            default:
                throw Failure(message: "\(name)() takes a string, found \(value.type!)\(describe(value))", offset: arguments[0].offset)
            }
        case .startsWith:
            try arity(2...2)
            let value = try infer(arguments[0], context)
            _ = try stringLiteral(arguments[1], "the prefix")
            let prefix = try infer(arguments[1], context)
            switch value.type! {
            case .string: return ([value, prefix], .boolean)
            case .list(.string): return ([value, prefix], .list(.boolean))
            default: throw Failure(message: "starts_with() takes a string, found \(value.type!)\(describe(value))", offset: arguments[0].offset)
            }
        case .max:
            guard !arguments.isEmpty else { throw Failure(message: "max() needs at least one argument", offset: offset) }
            let typed = try arguments.map { argument throws(Failure) in try infer(argument, context) }
            if typed.count == 1, typed[0].type! == .list(.number) { return (typed, .number) }
            for argument in typed where argument.type! != .number {
                throw Failure(message: "max() takes numbers or one list of numbers, found \(argument.type!)\(describe(argument))", offset: argument.offset)
            }
            return (typed, .number)
        case .refs:
            try arity(2...2)
            let text = try infer(arguments[0], context)
            guard text.type! == .string || text.type! == .list(.string) else {
                throw Failure(message: "refs() reads strings, found \(text.type!)\(describe(text))", offset: arguments[0].offset)
            }
            let kind = try stringLiteral(arguments[1], "the reference kind")
            guard Self.referenceKinds.contains(kind) else {
                throw Failure(message: "refs() kind must be one of \(Self.referenceKinds.joined(separator: ", ")), found \"\(kind)\"", offset: arguments[1].offset)
            }
            return ([text, try infer(arguments[1], context)], .set(.number))
        case .cap:
            try arity(2...2)
            let model = try pathArgument(arguments[0])
            guard model.type! == .string else {
                throw Failure(message: "cap() takes the model field (a string), found \(model.type!)", offset: arguments[0].offset)
            }
            let feature = try stringLiteral(arguments[1], "the feature name")
            guard let shape = scope.capabilityShape(feature) else {
                throw Failure(message: "no model in evidence/capability-map.md has the feature \"\(feature)\"", offset: arguments[1].offset)
            }
            let type: RuleType
            switch shape {
            case .boolean: type = .capability(element: .boolean)
            case .integerValued, .mixed: type = .capability(element: nil)
            case .strings: type = .capability(element: .string)
            case .numbers: type = .capability(element: .number)
            }
            return ([model, try infer(arguments[1], context)], type)
        case .hasKey, .hasValue:
            // The payload's own keys and values, documented or not: deprecated
            // patterns name keys and values the doc lacks, so no enum applies.
            try arity(name == .hasKey ? 1...1 : 2...2)
            _ = try stringLiteral(arguments[0], "the key")
            var typed = [try infer(arguments[0], context)]
            if arguments.count == 2 {
                guard case .literal = arguments[1].expression else { throw Failure(message: "has_value() takes a literal value", offset: arguments[1].offset) }
                typed.append(try infer(arguments[1], context))
            }
            return (typed, .boolean)
        case .class, .units, .priorSuccess, .scope, .distinct, .approved:
            var typed: [RuleNode] = []
            for argument in arguments { typed.append(try infer(argument, context)) }
            if let type = scope.extraFunction(name, arguments: typed.map { $0.type! }) {
                return (typed, type)
            }
            if scope.extraFunctionNames.contains(name.rawValue) {
                throw Failure(message: "\(name)() does not take (\(typed.map { $0.type!.description }.joined(separator: ", ")))", offset: offset)
            }
            throw Failure(message: "\(name)() reads a plan's facts, so only a guardrail can call it", offset: offset)
        }
    }

    /// The functions a rule of an endpoint may call.
    package static let functions = RuleFunction.allCases.filter { !$0.isPlanFunction }.map(\.rawValue)
    package static let referenceKinds = ["image", "element", "video", "voice"]
}
