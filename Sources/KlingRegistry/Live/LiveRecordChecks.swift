import Foundation
import KlingRuntime

/// A Gregorian calendar date, `YYYY-MM-DD`: what `observed` holds, and the day
/// a run takes as today (injected by tests, so no test depends on the clock).
package struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var year: Int
    package var month: Int
    package var day: Int

    /// Nil unless the text is exactly `YYYY-MM-DD` and names a day that exists.
    package init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), day >= 1, day <= Self.days(in: month, of: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Today in UTC, from the system clock.
    package static func utcToday() -> CalendarDay {
        CalendarDay(RequestLogRecorder.utcDate(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)))!
    }

    package var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    package static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// What a live record claims, checked against the evidence: its model is a
/// documented one, and each blame names a key (and value) a call of it sent.
struct LiveRecordChecks {
    let registry: Registry
    let resolver: ReferenceResolver

    init(registry: Registry) {
        self.registry = registry
        resolver = ReferenceResolver(registry: registry)
    }

    func problems(in record: LiveRecord) -> [(message: String, position: SourcePosition)] {
        var problems: [(message: String, position: SourcePosition)] = []
        if let model = record.model {
            let known = resolver.knownModels
            if !known.contains(model) {
                var message = "model \"\(model)\" is documented nowhere (no endpoint's model_name values, no capability map section)"
                // Any documented model is a better guess than none, however far.
                let near = Suggestion.closest(to: model, among: known) ?? known.min { (Suggestion.editDistance(model, $0), $0) < (Suggestion.editDistance(model, $1), $1) }
                if let near { message += "; did you mean \"\(near)\"?" }
                problems.append((message, record.position("model")))
            }
        }
        for (index, blame) in record.blame.enumerated() {
            guard case .item(let item) = blame, item.part == .body, resolver.problem(with: blame, allowUndocumented: true) == nil else { continue }
            let requests = record.calls.filter { $0.endpoint == item.endpoint }.compactMap(\.request)
            // No request kept: what was sent cannot be compared, and the record says so (request_known).
            guard !requests.isEmpty else { continue }
            let sent = requests.flatMap { Self.values(in: .object($0), path: item.path) }
            let at = record.position("blame[\(index)]")
            switch item.value {
            case .absent?:
                if !sent.isEmpty { problems.append(("blame \(blame): the call sent `\(item.path)`", at)) }
            case .literal(let value)?:
                if sent.isEmpty {
                    problems.append(("blame \(blame): no call to \(item.endpoint) in this record sent `\(item.path)`", at))
                } else if !sent.contains(value) {
                    let kept = sent.filter { !Self.isPlaceholder($0) }
                    let said = kept.isEmpty ? "a value this record does not keep" : kept.map { JSONWriter(style: .compact).string($0) }.joined(separator: ", ")
                    problems.append(("blame \(blame): the call sent `\(item.path)` = \(said), not \(JSONWriter(style: .compact).string(value))", at))
                }
            case nil:
                if sent.isEmpty { problems.append(("blame \(blame): no call to \(item.endpoint) in this record sent `\(item.path)`", at)) }
            }
        }
        return problems
    }

    /// `$unknown` and `$digest` stand for a value sent but not kept.
    static func isPlaceholder(_ value: JSONValue) -> Bool {
        guard case .object(let object) = value, object.members.count == 1 else { return false }
        return object["$unknown"] != nil || object["$digest"] != nil
    }

    /// The values at a field path (`a`, `a.b`, `a[].b`) of a request.
    static func values(in value: JSONValue, path: String) -> [JSONValue] {
        guard !path.isEmpty else { return [value] }
        let top = FieldPath.top(of: path)
        var rest = Substring(path.dropFirst(top.count))
        var throughArray = false
        if rest.hasPrefix("[]") {
            throughArray = true
            rest = rest.dropFirst(2)
        }
        if rest.hasPrefix(".") { rest = rest.dropFirst() }
        guard case .object(let object) = value, let child = object[top] else { return [] }
        if throughArray {
            guard case .array(let items) = child else { return [] }
            return items.flatMap { values(in: $0, path: String(rest)) }
        }
        return values(in: child, path: String(rest))
    }
}
