import Foundation
import KlingRuntime

/// Evaluates rule trees against one payload (docs/rule-language.md#the-rule-language): paths read payload
/// values or their documented defaults, `&&` `||` `=>` short-circuit, an
/// absent operand of a comparison makes the rule not applicable, and a value
/// that failed a field check makes every rule reading it skipped.
package struct RuleEvaluator {
    /// Why evaluation stopped without a verdict.
    package enum Stop: Error {
        /// An operand was absent: the rule does not apply.
        case notApplicable
        /// The rule read a value that failed a field-level check.
        case unknown
    }

    // Not `indirect`: only `.list` nests, and its array already lives on the heap;
    // an indirect enum would allocate a box for every intermediate value.
    package enum Value {
        case absent
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case list([Value])
        case object(JSONObject)
        case set([Double])
        case intRange(Int, Int)
        case numberRange(Double, Bool, Double, Bool)
        case capSet([JSONValue])
        case capBool(Bool)
    }

    /// One located value: where it sits in the payload and which field describes it.
    package struct Located {
        package var value: JSONValue?
        package var concrete: String
        package var field: String

        package init(value: JSONValue? = nil, concrete: String, field: String) {
            self.value = value
            self.concrete = concrete
            self.field = field
        }
    }

    package let payload: JSONObject
    package let fields: [String: Field]
    /// The registry's capability cells by `model/feature`: all a rule reads of it. Held
    /// alone, not as the whole `Registry`, because the evaluator is copied per rule.
    package let capabilities: [String: CapabilityCell]
    package let failed: Set<String>
    package let absentPaths: Set<String>

    /// Functions a scope adds (plans: `class`, `units`, …), given evaluated arguments.
    package var extensions: (@Sendable (RuleFunction, [Value]) throws(Stop) -> Value)? = nil

    package init(payload: JSONObject, fields: [String: Field], capabilities: [String: CapabilityCell], failed: Set<String>, absentPaths: Set<String>, extensions: (@Sendable (RuleFunction, [Value]) throws(Stop) -> Value)? = nil) {
        self.payload = payload
        self.fields = fields
        self.capabilities = capabilities
        self.failed = failed
        self.absentPaths = absentPaths
        self.extensions = extensions
    }

    /// Guardrails run strict: an item of `all`/`any`/`count` whose condition
    /// cannot be evaluated stops the whole check instead of being skipped, so
    /// "cannot tell" is never read as "holds".
    package var strict = false
    /// Under `strict`, the concrete paths read as absent, to say what was missing.
    package var absentReads: [String] = []

    /// Capability cells read while evaluating, for messages; rendered only when a finding is.
    package var cellsRead: [CellRead] = []

    /// One capability-cell read: the cell named, and what it held (nil: no cell).
    package struct CellRead {
        package let model: String
        package let feature: String
        package let cell: CapabilityCell?

        /// `cap:model/feature`, the reference contested items are keyed by.
        package var reference: String { "cap:\(model)/\(feature)" }
        package var text: String { "\(reference) = \(cell?.value.description ?? "— (no cell)")" }
    }

    /// Clears what one check leaves behind, so one evaluator serves every check of a payload.
    package mutating func startCheck() {
        if !cellsRead.isEmpty { cellsRead.removeAll() }
        if !absentReads.isEmpty { absentReads.removeAll() }
        failingItem = nil
    }
    /// The failing item of the outermost `all(...)`, for the finding's path.
    package var failingItem: String?

    package struct Context {
        package var item: Located?
        package var itemValue: Value?

        package init(item: Located? = nil, itemValue: Value? = nil) {
            self.item = item
            self.itemValue = itemValue
        }
    }

    package mutating func evaluate(_ node: RuleNode) throws(Stop) -> Bool {
        guard case .bool(let result) = try value(node, Context()) else { throw .notApplicable }
        return result
    }

    // MARK: - Paths

    /// Whether the value at `concrete`, or a value containing it, failed a field check.
    private func isFailed(_ concrete: String) -> Bool {
        // Most payloads have no failed value; the few that do have a handful.
        if failed.isEmpty { return false }
        for path in failed where concrete.hasPrefix(path) {
            let rest = concrete.utf8.dropFirst(path.utf8.count)
            if rest.isEmpty || rest.first == UInt8(ascii: ".") || rest.first == UInt8(ascii: "[") { return true }
        }
        return false
    }

    /// Every value the path reaches; `multi` when it went through `[]` or `.*`.
    package func locate(_ path: RulePath, _ context: Context, useDefaults: Bool) throws(Stop) -> (values: [Located], multi: Bool) {
        let (values, multi, _) = try locateTracking(path, context, useDefaults: useDefaults)
        return (values, multi)
    }

    /// Also says whether a `[]` or `.*` step met an absent container, so a
    /// read of `a[].b` with `a` absent is absent rather than an empty list.
    package func locateTracking(_ path: RulePath, _ context: Context, useDefaults: Bool) throws(Stop) -> (values: [Located], multi: Bool, sawAbsent: Bool) {
        var sawAbsent = false
        var current: [Located]
        if path.rooted || context.item == nil {
            current = [Located(value: .object(payload), concrete: "", field: "")]
        } else {
            current = [context.item!]
        }
        var multi = false
        for segment in path.segments {
            var next: [Located] = []
            for located in current {
                switch segment {
                case .name(let name):
                    let fieldPath = located.field.isEmpty ? name : located.field + "." + name
                    let concrete = located.concrete.isEmpty ? name : JSONPath.appending(located.concrete, key: name)
                    guard let container = located.value else { next.append(Located(value: nil, concrete: concrete, field: fieldPath)); continue }
                    guard case .object(let object) = container else { throw .unknown }
                    var member = object[name]
                    if isFailed(concrete) { throw .unknown }
                    if member == .null || absentPaths.contains(concrete) { member = nil }
                    if member == nil, useDefaults, case .value(let fallback)? = fields[fieldPath]?.defaultValue { member = fallback }
                    next.append(Located(value: member, concrete: concrete, field: fieldPath))
                case .each:
                    multi = true
                    guard let container = located.value else { sawAbsent = true; continue }
                    guard case .array(let items) = container else { throw .unknown }
                    for (index, item) in items.enumerated() {
                        let concrete = JSONPath.appending(located.concrete, index: index)
                        if isFailed(concrete) { throw .unknown }
                        next.append(Located(value: item, concrete: concrete, field: located.field + "[]"))
                    }
                case .members:
                    multi = true
                    guard let container = located.value else { sawAbsent = true; continue }
                    guard case .object(let object) = container else { throw .unknown }
                    for member in object.members {
                        let concrete = JSONPath.appending(located.concrete, key: member.key)
                        if isFailed(concrete) { throw .unknown }
                        next.append(Located(value: member.value, concrete: concrete, field: located.field + "." + member.key))
                    }
                }
            }
            current = next
        }
        return (current, multi, sawAbsent)
    }

    package static func convert(_ json: JSONValue?) -> Value {
        switch json {
        case nil: return .absent
        case .null?: return .null
        case .bool(let flag)?: return .bool(flag)
        case .number(let number)?: return .number(number.doubleValue ?? .nan)
        case .string(let text)?: return .string(text)
        case .array(let items)?: return .list(items.map { convert($0) })
        case .object(let object)?: return .object(object)
        }
    }

    /// `read` for a path of names only: walks one value and builds the concrete
    /// and field paths only when a check needs them (docs/engine.md#speed).
    private mutating func readOne(_ path: RulePath, names: [String], _ context: Context) throws(Stop) -> Value {
        let item = path.rooted ? nil : context.item
        var value: JSONValue? = item.map(\.value) ?? .object(payload)
        let checksPaths = !failed.isEmpty || !absentPaths.isEmpty
        for (step, name) in names.enumerated() {
            guard let container = value else { break }
            guard case .object(let object) = container else { throw .unknown }
            var member = object[name]
            if checksPaths {
                let concrete = Self.concrete(names[...step], from: item)
                if isFailed(concrete) { throw .unknown }
                if absentPaths.contains(concrete) { member = nil }
            }
            if member == .null { member = nil }
            if member == nil, case .value(let fallback)? = fields[Self.field(names[...step], from: item)]?.defaultValue { member = fallback }
            value = member
        }
        let result = Self.convert(value)
        if strict, case .absent = result { absentReads.append(Self.concrete(names[...], from: item)) }
        return result
    }

    private static func concrete(_ names: ArraySlice<String>, from item: Located?) -> String {
        var concrete = item?.concrete ?? ""
        for name in names { concrete = concrete.isEmpty ? name : JSONPath.appending(concrete, key: name) }
        return concrete
    }

    private static func field(_ names: ArraySlice<String>, from item: Located?) -> String {
        var field = item?.field ?? ""
        for name in names { field = field.isEmpty ? name : field + "." + name }
        return field
    }

    private mutating func read(_ path: RulePath, _ context: Context) throws(Stop) -> Value {
        if let names = path.names { return try readOne(path, names: names, context) }
        let (values, multi, sawAbsent) = try locateTracking(path, context, useDefaults: true)
        if multi {
            if values.isEmpty && sawAbsent {
                if strict { absentReads.append(RulePrinter.text(RuleNode(.path(path), offset: 0))) }
                return .absent
            }
            return .list(values.compactMap { $0.value.map { Self.convert($0) } })
        }
        let value = Self.convert(values.first?.value)
        if strict, case .absent = value { absentReads.append(values.first?.concrete ?? RulePrinter.text(RuleNode(.path(path), offset: 0))) }
        return value
    }

    // MARK: - Expressions

    package mutating func value(_ node: RuleNode, _ context: Context) throws(Stop) -> Value {
        switch node.expression {
        case .literal(let json):
            return Self.convert(json)
        case .item:
            return context.itemValue ?? .absent
        case .path(let path):
            return try read(path, context)
        case .list(let items):
            var values: [Value] = []
            for item in items { values.append(try value(item, context)) }
            return .list(values)
        case .not(let operand):
            return .bool(!(try boolean(operand, context)))
        case .binary(let op, let left, let right):
            return try binary(op, left, right, context)
        case .call(let name, let arguments):
            return try call(name, arguments, context)
        }
    }

    private mutating func boolean(_ node: RuleNode, _ context: Context) throws(Stop) -> Bool {
        switch try value(node, context) {
        case .bool(let flag), .capBool(let flag): return flag
        case .absent, .null: throw .notApplicable
        default: throw .notApplicable
        }
    }

    private mutating func binary(_ op: BinaryOperator, _ left: RuleNode, _ right: RuleNode, _ context: Context) throws(Stop) -> Value {
        switch op {
        case .and:
            guard try boolean(left, context) else { return .bool(false) }
            return .bool(try boolean(right, context))
        case .or:
            if try boolean(left, context) { return .bool(true) }
            return .bool(try boolean(right, context))
        case .implies:
            guard try boolean(left, context) else { return .bool(true) }
            return .bool(try boolean(right, context))
        default:
            break
        }
        let l = try value(left, context)
        let r = try value(right, context)
        switch op {
        case .plus, .minus:
            guard case .number(let a) = l, case .number(let b) = r else { throw .notApplicable }
            return .number(op == .plus ? a + b : a - b)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard case .number(let a) = l, case .number(let b) = r else { throw .notApplicable }
            switch op {
            case .less: return .bool(a < b)
            case .lessOrEqual: return .bool(a <= b)
            case .greater: return .bool(a > b)
            default: return .bool(a >= b)
            }
        case .equal, .notEqual:
            let equal = try Self.equal(l, r)
            return .bool(op == .equal ? equal : !equal)
        case .in:
            return .bool(try Self.contains(r, l))
        default:
            throw .notApplicable
        }
    }

    package static func equal(_ l: Value, _ r: Value) throws(Stop) -> Bool {
        switch (l, r) {
        case (.absent, _), (_, .absent): throw .notApplicable
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.bool(let a), .bool(let b)), (.capBool(let a), .bool(let b)), (.bool(let a), .capBool(let b)), (.capBool(let a), .capBool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        default: throw .notApplicable
        }
    }

    /// `needle in haystack`; an absent needle makes the rule not applicable.
    package static func contains(_ haystack: Value, _ needle: Value) throws(Stop) -> Bool {
        if case .absent = needle { throw .notApplicable }
        switch haystack {
        case .list(let items):
            for item in items where (try? equal(item, needle)) == true { return true }
            return false
        case .set(let numbers):
            guard case .number(let value) = needle else { return false }
            return numbers.contains(value)
        case .intRange(let low, let high):
            guard let value = integer(needle) else { return false }
            return value >= low && value <= high
        case .numberRange(let low, let li, let high, let hi):
            guard case .number(let value) = needle else { return false }
            return (li ? value >= low : value > low) && (hi ? value <= high : value < high)
        case .capSet(let values):
            for literal in values {
                switch (literal, needle) {
                case (.string(let a), .string(let b)) where a == b: return true
                case (.string(let a), .number(let b)) where Int(a).map(Double.init) == b: return true
                case (.number(let a), .number(let b)) where a.doubleValue == b: return true
                case (.number(let a), .string(let b)) where a.doubleValue == Double(b): return true
                default: continue
                }
            }
            return false
        case .capBool(let flag):
            return flag
        case .absent:
            throw .notApplicable
        default:
            return false
        }
    }

    /// An integer from a number or a string of digits (int-string cells govern strings).
    package static func integer(_ value: Value) -> Int? {
        switch value {
        case .number(let number): return number == number.rounded() ? Int(exactly: number) : nil
        case .string(let text): return text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) && !text.isEmpty ? Int(text) : nil
        default: return nil
        }
    }

    // MARK: - Functions

    private mutating func call(_ name: RuleFunction, _ arguments: [RuleNode], _ context: Context) throws(Stop) -> Value {
        switch name {
        case .present, .nonempty:
            guard case .path(let path) = arguments[0].expression else { throw .notApplicable }
            let (values, _) = try locate(path, context, useDefaults: false)
            let found = values.contains { located in
                guard let value = located.value, value != .null else { return false }
                guard name == .nonempty else { return true }
                switch value {
                case .string(let text): return !text.isEmpty
                case .array(let items): return !items.isEmpty
                default: return false
                }
            }
            return .bool(found)
        case .count, .any, .all:
            return try quantify(name, arguments, context)
        case .sum:
            guard case .list(let items) = try value(arguments[0], context) else { throw .notApplicable }
            var total = 0.0
            for item in items {
                guard case .number(let number) = item else { throw .notApplicable }
                total += number
            }
            return .number(total)
        case .num:
            return try map(try value(arguments[0], context)) { item throws(Stop) in
                guard let number = Self.integer(item), case .string = item else { throw .notApplicable }
                return .number(Double(number))
            }
        case .len:
            return try map(try value(arguments[0], context)) { item throws(Stop) in
                guard case .string(let text) = item else { throw .notApplicable }
                return .number(Double(text.utf16.count))
            }
        case .startsWith:
            guard case .string(let prefix) = try value(arguments[1], context) else { throw .notApplicable }
            return try map(try value(arguments[0], context)) { item throws(Stop) in
                if case .object(let object) = item, let digest = MediaDigest.read(.object(object)) {
                    guard let known = digest.startsWith(prefix) else { throw .notApplicable }
                    return .bool(known)
                }
                guard case .string(let text) = item else { throw .notApplicable }
                return .bool(text.hasPrefix(prefix))
            }
        case .max:
            var numbers: [Double] = []
            for argument in arguments {
                switch try value(argument, context) {
                case .number(let number): numbers.append(number)
                case .list(let items):
                    for item in items {
                        guard case .number(let number) = item else { throw .notApplicable }
                        numbers.append(number)
                    }
                default: throw .notApplicable
                }
            }
            guard let largest = numbers.max() else { throw .notApplicable }
            return .number(largest)
        case .refs:
            guard case .string(let kind) = try value(arguments[1], context) else { throw .notApplicable }
            var texts: [String] = []
            switch try value(arguments[0], context) {
            case .string(let text): texts = [text]
            case .list(let items): texts = items.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
            case .absent, .null: texts = []
            default: throw .notApplicable
            }
            var numbers = Set<Double>()
            for text in texts { numbers.formUnion(Self.references(in: text, kind: kind).map(Double.init)) }
            return .set(numbers.sorted())
        case .cap:
            guard case .string(let feature) = try value(arguments[1], context) else { throw .notApplicable }
            guard case .string(let model) = try value(arguments[0], context) else { throw .notApplicable }
            let cell = capabilities[model + "/" + feature]
            cellsRead.append(CellRead(model: model, feature: feature, cell: cell))
            switch cell?.value {
            case .constraint(.oneOf(let values))?: return .capSet(values)
            case .constraint(.intString(let low, let high))?: return .intRange(low, high)
            case .constraint(.range(let low, let li, let high, let hi))?: return .numberRange(low.value, li, high.value, hi)
            case .supported?: return .capBool(true)
            default: return .capBool(false)
            }
        case .hasKey:
            guard case .string(let key) = try value(arguments[0], context) else { throw .notApplicable }
            return .bool(payload[key] != nil)
        case .hasValue:
            guard case .string(let key) = try value(arguments[0], context), case .literal(let literal) = arguments[1].expression else { throw .notApplicable }
            return .bool(payload[key] == literal)
        case .class, .units, .priorSuccess, .scope, .distinct, .approved:
            // A plan's facts: only a plan scope supplies them; anywhere else the check cannot be told.
            guard let extensions else { throw .notApplicable }
            var values: [Value] = []
            for argument in arguments { values.append(try value(argument, context)) }
            return try extensions(name, values)
        }
    }

    private func map(_ input: Value, _ transform: (Value) throws(Stop) -> Value) throws(Stop) -> Value {
        switch input {
        case .list(let items):
            var output: [Value] = []
            for item in items { output.append(try transform(item)) }
            return .list(output)
        case .absent, .null:
            throw .notApplicable
        default:
            return try transform(input)
        }
    }

    /// The items a quantifier's first argument ranges over, each with where it sits.
    package mutating func items(of node: RuleNode, _ context: Context) throws(Stop) -> [(located: Located?, value: Value)] {
        var items: [(located: Located?, value: Value)] = []
        if case .path(let path) = node.expression {
            let (values, multi) = try locate(path, context, useDefaults: false)
            if multi {
                items = values.compactMap { located in located.value.map { (located, Self.convert($0)) } }
            } else if let located = values.first, let json = located.value {
                switch json {
                case .array(let array):
                    items = array.enumerated().map { index, element in
                        (Located(value: element, concrete: JSONPath.appending(located.concrete, index: index), field: located.field + "[]"), Self.convert(element))
                    }
                case .object(let object) where path.segments.last == .members:
                    items = object.members.map { (nil, Self.convert($0.value)) }
                default:
                    throw .notApplicable
                }
            }
        } else {
            switch try value(node, context) {
            case .list(let values): items = values.map { (nil, $0) }
            case .set(let numbers): items = numbers.map { (nil, .number($0)) }
            case .absent, .null: items = []
            default: throw .notApplicable
            }
        }
        return items
    }

    /// `count`, `any` and `all`: an item whose condition does not apply
    /// counts as not satisfying it (and does not break `all`), except under `strict`.
    private mutating func quantify(_ name: RuleFunction, _ arguments: [RuleNode], _ context: Context) throws(Stop) -> Value {
        let items = try items(of: arguments[0], context)
        guard arguments.count == 2 else { return .number(Double(items.count)) }
        var satisfied = 0
        for item in items {
            let inner = Context(item: item.located, itemValue: item.value)
            let holds: Bool
            do {
                holds = try boolean(arguments[1], inner)
            } catch .notApplicable {
                if strict { throw .notApplicable }
                holds = name == .all
            } catch {
                throw error
            }
            if holds { satisfied += 1 }
            if name == .all, !holds {
                if failingItem == nil { failingItem = item.located?.concrete }
                return .bool(false)
            }
            if name == .any, holds { return .bool(true) }
        }
        // Only the three quantifiers reach here (see `call`).
        return name == .count ? .number(Double(satisfied)) : .bool(name == .all)
    }

    /// The numbers N of `<<<kind_N>>>` tokens in `text`, read byte by byte: the
    /// token is ASCII, so a match never splits a character.
    package static func references(in text: String, kind: String) -> [Int] {
        var numbers: [Int] = []
        let opener = Array("<<<\(kind)_".utf8)
        let bytes = text.utf8
        guard bytes.count > opener.count, bytes.contains(UInt8(ascii: "<")) else { return numbers }
        let all = Array(bytes)
        var index = 0
        while index + opener.count <= all.count {
            guard all[index] == opener[0], all[index..<(index + opener.count)].elementsEqual(opener) else { index += 1; continue }
            index += opener.count
            var end = index
            while end < all.count, all[end] >= 0x30, all[end] <= 0x39 { end += 1 }
            if end > index, end + 3 <= all.count, all[end] == UInt8(ascii: ">"), all[end + 1] == UInt8(ascii: ">"), all[end + 2] == UInt8(ascii: ">"),
               let number = Int(String(decoding: all[index..<end], as: UTF8.self)) {
                numbers.append(number)
            }
        }
        return numbers
    }
}
