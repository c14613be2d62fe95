import KlingRuntime

/// Hand-written support for compiled rules: values, path reads with
/// documented defaults, and the operators and functions of the rule
/// language, with absent operands making a rule not applicable and failed
/// values making it skipped (docs/rule-language.md#the-rule-language). The generated code builds each
/// rule's expression from these calls.
public final class RuleRun {
    public enum Stop: Error { case notApplicable, unknown }

    public indirect enum V: Sendable {
        case absent, null
        case bool(Bool)
        case number(Double)
        case string(String)
        case list([V])
        case object(JSONObject)
        case numbers([Double])
        case intRange(Int, Int)
        case numberRange(Double, Bool, Double, Bool)
        case cells([JSONValue])
        case flag(Bool)
    }

    /// A path segment: a name, every item (`[]`) or every member (`.*`).
    public enum Segment: Sendable { case name(String), each, members }

    public struct Item {
        var value: JSONValue?
        var concrete: String
        var field: String
    }

    let root: JSONObject
    let defaults: [String: JSONValue]
    let failed: Set<String>
    let absent: Set<String>
    /// The item inside `any`, `all` and `count`.
    var item: Item?
    var itemValue: V?

    public var cellsRead: [String] = []
    public var failingItem: String?

    public init(root: JSONObject, defaults: [String: JSONValue], run: ValidationRun) {
        self.root = root
        self.defaults = defaults
        self.failed = run.failed
        self.absent = run.absent
    }

    /// Whether the value at `concrete`, or one containing it, failed a field check.
    private func isFailed(_ concrete: String) -> Bool {
        if failed.isEmpty { return false }
        for path in failed where concrete.hasPrefix(path) {
            let rest = concrete.utf8.dropFirst(path.utf8.count)
            if rest.isEmpty || rest.first == UInt8(ascii: ".") || rest.first == UInt8(ascii: "[") { return true }
        }
        return false
    }

    func locate(_ segments: [Segment], rooted: Bool, defaults useDefaults: Bool) throws(Stop) -> ([Item], Bool) {
        let (items, many, _) = try locateTracking(segments, rooted: rooted, defaults: useDefaults)
        return (items, many)
    }

    /// Also says whether a `[]` or `.*` step met an absent container.
    func locateTracking(_ segments: [Segment], rooted: Bool, defaults useDefaults: Bool) throws(Stop) -> ([Item], Bool, Bool) {
        var sawAbsent = false
        var current = (rooted || item == nil) ? [Item(value: .object(root), concrete: "", field: "")] : [item!]
        var many = false
        for segment in segments {
            var next: [Item] = []
            for located in current {
                switch segment {
                case .name(let name):
                    let field = located.field.isEmpty ? name : located.field + "." + name
                    let concrete = located.concrete.isEmpty ? name : JSONPath.appending(located.concrete, key: name)
                    guard let container = located.value else { next.append(Item(value: nil, concrete: concrete, field: field)); continue }
                    guard case .object(let object) = container else { throw .unknown }
                    if isFailed(concrete) { throw .unknown }
                    var member = object[name]
                    if member == .null || absent.contains(concrete) { member = nil }
                    if member == nil, useDefaults { member = defaults[field] }
                    next.append(Item(value: member, concrete: concrete, field: field))
                case .each:
                    many = true
                    guard let container = located.value else { sawAbsent = true; continue }
                    guard case .array(let items) = container else { throw .unknown }
                    for (index, element) in items.enumerated() {
                        let concrete = JSONPath.appending(located.concrete, index: index)
                        if isFailed(concrete) { throw .unknown }
                        next.append(Item(value: element, concrete: concrete, field: located.field + "[]"))
                    }
                case .members:
                    many = true
                    guard let container = located.value else { sawAbsent = true; continue }
                    guard case .object(let object) = container else { throw .unknown }
                    for member in object.members {
                        let concrete = JSONPath.appending(located.concrete, key: member.key)
                        if isFailed(concrete) { throw .unknown }
                        next.append(Item(value: member.value, concrete: concrete, field: located.field + "." + member.key))
                    }
                }
            }
            current = next
        }
        return (current, many, sawAbsent)
    }

    static func value(_ json: JSONValue?) -> V {
        switch json {
        case nil: return .absent
        case .null?: return .null
        case .bool(let flag)?: return .bool(flag)
        case .number(let number)?: return .number(number.doubleValue ?? .nan)
        case .string(let text)?: return .string(text)
        case .array(let items)?: return .list(items.map { value($0) })
        case .object(let object)?: return .object(object)
        }
    }

    // MARK: - Reads and literals

    public func read(_ segments: [Segment], rooted: Bool = false) throws(Stop) -> V {
        let (items, many, sawAbsent) = try locateTracking(segments, rooted: rooted, defaults: true)
        if many {
            if items.isEmpty && sawAbsent { return .absent }
            return .list(items.compactMap { $0.value.map { Self.value($0) } })
        }
        return Self.value(items.first?.value)
    }

    public func at() -> V { itemValue ?? .absent }

    public static func literal(_ json: JSONValue) -> V { value(json) }

    // MARK: - Logic

    public func truth(_ value: V) throws(Stop) -> Bool {
        switch value {
        case .bool(let flag), .flag(let flag): return flag
        default: throw .notApplicable
        }
    }

    public func and(_ left: () throws(Stop) -> V, _ right: () throws(Stop) -> V) throws(Stop) -> V {
        guard try truth(left()) else { return .bool(false) }
        return .bool(try truth(right()))
    }

    public func or(_ left: () throws(Stop) -> V, _ right: () throws(Stop) -> V) throws(Stop) -> V {
        if try truth(left()) { return .bool(true) }
        return .bool(try truth(right()))
    }

    public func implies(_ left: () throws(Stop) -> V, _ right: () throws(Stop) -> V) throws(Stop) -> V {
        guard try truth(left()) else { return .bool(true) }
        return .bool(try truth(right()))
    }

    public func not(_ value: V) throws(Stop) -> V { .bool(!(try truth(value))) }

    // MARK: - Comparison and arithmetic

    public func equal(_ left: V, _ right: V) throws(Stop) -> Bool {
        switch (left, right) {
        case (.absent, _), (_, .absent): throw .notApplicable
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.bool(let a), .bool(let b)), (.flag(let a), .bool(let b)), (.bool(let a), .flag(let b)), (.flag(let a), .flag(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        default: throw .notApplicable
        }
    }

    public func eq(_ left: V, _ right: V) throws(Stop) -> V { .bool(try equal(left, right)) }
    public func ne(_ left: V, _ right: V) throws(Stop) -> V { .bool(!(try equal(left, right))) }

    func numbers(_ left: V, _ right: V) throws(Stop) -> (Double, Double) {
        guard case .number(let a) = left, case .number(let b) = right else { throw .notApplicable }
        return (a, b)
    }

    public func lt(_ l: V, _ r: V) throws(Stop) -> V { let (a, b) = try numbers(l, r); return .bool(a < b) }
    public func le(_ l: V, _ r: V) throws(Stop) -> V { let (a, b) = try numbers(l, r); return .bool(a <= b) }
    public func gt(_ l: V, _ r: V) throws(Stop) -> V { let (a, b) = try numbers(l, r); return .bool(a > b) }
    public func ge(_ l: V, _ r: V) throws(Stop) -> V { let (a, b) = try numbers(l, r); return .bool(a >= b) }
    public func plus(_ l: V, _ r: V) throws(Stop) -> V { let (a, b) = try numbers(l, r); return .number(a + b) }
    public func minus(_ l: V, _ r: V) throws(Stop) -> V { let (a, b) = try numbers(l, r); return .number(a - b) }

    static func wholeNumber(_ value: V) -> Int? {
        switch value {
        case .number(let number): return number == number.rounded() ? Int(exactly: number) : nil
        case .string(let text): return !text.isEmpty && text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? Int(text) : nil
        default: return nil
        }
    }

    /// `needle in haystack`.
    public func within(_ needle: V, _ haystack: V) throws(Stop) -> V {
        if case .absent = needle { throw .notApplicable }
        switch haystack {
        case .list(let items): return .bool(items.contains { (try? equal($0, needle)) == true })
        case .numbers(let numbers): if case .number(let value) = needle { return .bool(numbers.contains(value)) } else { return .bool(false) }
        case .intRange(let low, let high): return .bool(Self.wholeNumber(needle).map { $0 >= low && $0 <= high } ?? false)
        case .numberRange(let low, let li, let high, let hi):
            guard case .number(let value) = needle else { return .bool(false) }
            return .bool((li ? value >= low : value > low) && (hi ? value <= high : value < high))
        case .cells(let values):
            return .bool(values.contains { literal in
                switch (literal, needle) {
                case (.string(let a), .string(let b)): return a == b
                case (.string(let a), .number(let b)): return Int(a).map(Double.init) == b
                case (.number(let a), .number(let b)): return a.doubleValue == b
                case (.number(let a), .string(let b)): return a.doubleValue == Double(b)
                default: return false
                }
            })
        case .flag(let flag): return .bool(flag)
        case .absent: throw .notApplicable
        default: return .bool(false)
        }
    }

    // MARK: - Functions

    public func present(_ segments: [Segment], rooted: Bool = false, nonEmpty: Bool = false) throws(Stop) -> V {
        let (items, _) = try locate(segments, rooted: rooted, defaults: false)
        return .bool(items.contains { located in
            guard let value = located.value, value != .null else { return false }
            guard nonEmpty else { return true }
            switch value {
            case .string(let text): return !text.isEmpty
            case .array(let array): return !array.isEmpty
            default: return false
            }
        })
    }

    /// The items `count`, `any` and `all` range over.
    func members(_ segments: [Segment]?, rooted: Bool, _ computed: V?) throws(Stop) -> [(Item?, V)] {
        if let segments {
            let (items, many) = try locate(segments, rooted: rooted, defaults: false)
            if many { return items.compactMap { located in located.value.map { (located, Self.value($0)) } } }
            guard let located = items.first, let json = located.value else { return [] }
            switch json {
            case .array(let array):
                return array.enumerated().map { index, element in (Item(value: element, concrete: JSONPath.appending(located.concrete, index: index), field: located.field + "[]"), Self.value(element)) }
            default: throw .notApplicable
            }
        }
        switch computed {
        case .list(let values)?: return values.map { (nil, $0) }
        case .numbers(let numbers)?: return numbers.map { (nil, .number($0)) }
        case .absent?, .null?: return []
        default: throw .notApplicable
        }
    }

    /// `count(p)`, `count(p, c)`, `any(p, c)`, `all(p, c)`: an item whose condition does not apply does not count (and does not break `all`).
    public func quantify(_ name: String, _ segments: [Segment]?, rooted: Bool = false, computed: V? = nil, _ condition: (() throws(Stop) -> V)?) throws(Stop) -> V {
        let items = try members(segments, rooted: rooted, computed)
        guard let condition else { return .number(Double(items.count)) }
        var satisfied = 0
        let saved = (item, itemValue)
        defer { (item, itemValue) = saved }
        for (located, value) in items {
            item = located
            itemValue = value
            let holds: Bool
            do {
                holds = try truth(condition())
            } catch .notApplicable {
                holds = name == "all"
            }
            if holds { satisfied += 1 }
            if name == "all", !holds {
                if failingItem == nil { failingItem = located?.concrete }
                return .bool(false)
            }
            if name == "any", holds { return .bool(true) }
        }
        switch name {
        case "count": return .number(Double(satisfied))
        case "any": return .bool(false)
        default: return .bool(true)
        }
    }

    func map(_ value: V, _ transform: (V) throws(Stop) -> V) throws(Stop) -> V {
        switch value {
        case .list(let items):
            var output: [V] = []
            for item in items { output.append(try transform(item)) }
            return .list(output)
        case .absent, .null: throw .notApplicable
        default: return try transform(value)
        }
    }

    public func num(_ value: V) throws(Stop) -> V {
        try map(value) { item throws(Stop) in
            guard case .string = item, let number = Self.wholeNumber(item) else { throw .notApplicable }
            return .number(Double(number))
        }
    }

    public func len(_ value: V) throws(Stop) -> V {
        try map(value) { item throws(Stop) in
            guard case .string(let text) = item else { throw .notApplicable }
            return .number(Double(text.utf16.count))
        }
    }

    public func startsWith(_ value: V, _ prefix: String) throws(Stop) -> V {
        try map(value) { item throws(Stop) in
            if case .object(let object) = item, let digest = MediaDigest.read(.object(object)) {
                guard let known = digest.startsWith(prefix) else { throw .notApplicable }
                return .bool(known)
            }
            guard case .string(let text) = item else { throw .notApplicable }
            return .bool(text.hasPrefix(prefix))
        }
    }

    public func sum(_ value: V) throws(Stop) -> V {
        guard case .list(let items) = value else { throw .notApplicable }
        var total = 0.0
        for item in items {
            guard case .number(let number) = item else { throw .notApplicable }
            total += number
        }
        return .number(total)
    }

    public func max(_ values: [V]) throws(Stop) -> V {
        var numbers: [Double] = []
        for value in values {
            switch value {
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
    }

    /// The N of every `<<<kind_N>>>` in the text(s).
    public func refs(_ value: V, _ kind: String) throws(Stop) -> V {
        var texts: [String] = []
        switch value {
        case .string(let text): texts = [text]
        case .list(let items): texts = items.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
        case .absent, .null: texts = []
        default: throw .notApplicable
        }
        var found = Set<Double>()
        let opener = Array("<<<\(kind)_".utf8)
        for text in texts {
            let bytes = Array(text.utf8)
            var index = 0
            while index + opener.count <= bytes.count {
                if Array(bytes[index..<(index + opener.count)]) == opener {
                    var end = index + opener.count
                    while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39 { end += 1 }
                    if end > index + opener.count, end + 3 <= bytes.count, Array(bytes[end..<(end + 3)]) == Array(">>>".utf8),
                       let number = Int(String(decoding: bytes[(index + opener.count)..<end], as: UTF8.self)) {
                        found.insert(Double(number))
                    }
                    index = end
                } else {
                    index += 1
                }
            }
        }
        return .numbers(found.sorted())
    }

    public func cap(_ model: V, _ feature: String) throws(Stop) -> V {
        guard case .string(let name) = model else { throw .notApplicable }
        let cell = CapabilityTable.cells["\(name)/\(feature)"]
        cellsRead.append("cap:\(name)/\(feature)")
        return cell ?? .flag(false)
    }

    public func hasKey(_ key: String) -> V { .bool(root[key] != nil) }
    public func hasValue(_ key: String, _ value: JSONValue) -> V { .bool(root[key] == value) }
}
