import Foundation
import KlingRuntime

/// Anything one file points at in another (docs/evidence-format.md#references), parsed once and
/// printed canonically.
package enum Reference: Sendable, Hashable, Comparable, CustomStringConvertible {
    case item(ItemReference)
    case rule(String)
    case contradiction(String)
    case claim(String)
    case capability(model: String, feature: String)
    case residual(String)
    case guardrail(String)
    case policy(String)
    case live(String)

    package var description: String {
        switch self {
        case .item(let item): return item.description
        case .rule(let id): return "rule:\(id)"
        case .contradiction(let id): return "contra:\(id)"
        case .claim(let id): return "claim:\(id)"
        case .capability(let model, let feature): return "cap:\(model)/\(feature)"
        case .residual(let id): return "residual:\(id)"
        case .guardrail(let id): return "guard:\(id)"
        case .policy(let id): return "policy:\(id)"
        case .live(let id): return "live:\(id)"
        }
    }

    package static func < (lhs: Reference, rhs: Reference) -> Bool { lhs.description < rhs.description }

    package struct Failure: Error, Sendable, Equatable {
        package var message: String
        package var offset: Int
    }

    static let prefixed: [(String, @Sendable (String) -> Reference)] = [
        ("rule:", { .rule($0) }), ("contra:", { .contradiction($0) }), ("claim:", { .claim($0) }),
        ("residual:", { .residual($0) }), ("guard:", { .guardrail($0) }), ("policy:", { .policy($0) }),
        ("live:", { .live($0) }),
    ]

    package static func parse(_ text: String) throws(Failure) -> Reference {
        let trimmed = text.trimmedSpaces
        for (prefix, make) in prefixed where trimmed.hasPrefix(prefix) {
            let id = String(trimmed.dropFirst(prefix.count))
            guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
                throw Failure(message: "'\(trimmed)' has no valid id after '\(prefix)'", offset: prefix.utf8.count)
            }
            return make(id)
        }
        if trimmed.hasPrefix("cap:") {
            let body = trimmed.dropFirst(4)
            let parts = body.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw Failure(message: "a capability reference is cap:<model>/<feature>", offset: 4)
            }
            return .capability(model: String(parts[0]), feature: String(parts[1]))
        }
        return .item(try ItemReference.parse(trimmed))
    }
}

/// `endpoint#part:path[/constraint][=value|=<absent>][@model]`.
package struct ItemReference: Sendable, Hashable, CustomStringConvertible {
    package enum Value: Sendable, Hashable {
        case literal(JSONValue)
        case absent
    }

    package var endpoint: String
    package var part: Part
    package var path: String
    package var constraint: ConstraintKind?
    package var value: Value?
    package var model: String?

    package init(endpoint: String, part: Part, path: String, constraint: ConstraintKind? = nil, value: Value? = nil, model: String? = nil) {
        self.endpoint = endpoint
        self.part = part
        self.path = path
        self.constraint = constraint
        self.value = value
        self.model = model
    }

    /// The field alone, without constraint, value or model.
    package var field: FieldReference { FieldReference(endpoint: endpoint, part: part, path: path) }

    package var withoutModel: ItemReference {
        var copy = self
        copy.model = nil
        return copy
    }

    package var description: String {
        var text = FieldReference.prefix(endpoint: endpoint, part: part) + path
        if let constraint { text += "/\(constraint.rawValue)" }
        switch value {
        case .literal(let literal)?: text += "=" + JSONWriter(style: .compact).string(literal)
        case .absent?: text += "=<absent>"
        case nil: break
        }
        if let model { text += "@\(model)" }
        return text
    }

    static func parse(_ text: String) throws(Reference.Failure) -> ItemReference {
        guard let hash = text.firstIndex(of: "#") else {
            throw Reference.Failure(message: "'\(text)' is not a reference (expected endpoint#part:path, rule:ID, cap:MODEL/FEATURE, …)", offset: 0)
        }
        let endpoint = String(text[..<hash])
        var rest = text[text.index(after: hash)...]
        guard let colon = rest.firstIndex(of: ":") else {
            throw Reference.Failure(message: "expected ':' after the part in '\(text)'", offset: text.utf8.distance(from: text.startIndex, to: hash) + 1)
        }
        let partName = String(rest[..<colon])
        guard let part = Part(rawValue: partName) else {
            throw Reference.Failure(message: "unknown part '\(partName)'; use header, path, query, body or response", offset: endpoint.utf8.count + 1)
        }
        rest = rest[rest.index(after: colon)...]
        var model: String?
        var value: Value?
        // The path runs up to '/', '=' or '@'.
        let pathEnd = rest.firstIndex { $0 == "/" || $0 == "=" || $0 == "@" } ?? rest.endIndex
        let path = String(rest[..<pathEnd])
        rest = rest[pathEnd...]
        let offsetOf: (Substring.Index) -> Int = { text.utf8.distance(from: text.startIndex, to: $0) }
        guard FieldPath.isWellFormed(path) else {
            throw Reference.Failure(message: "'\(path)' is not a field path", offset: offsetOf(pathEnd) - path.utf8.count)
        }
        var constraint: ConstraintKind?
        if rest.first == "/" {
            let start = rest.index(after: rest.startIndex)
            let end = rest[start...].firstIndex { $0 == "=" || $0 == "@" } ?? rest.endIndex
            let name = String(rest[start..<end])
            guard let kind = ConstraintKind(rawValue: name), kind != .limit else {
                throw Reference.Failure(message: "unknown constraint '\(name)'", offset: offsetOf(start))
            }
            constraint = kind
            rest = rest[end...]
        }
        if rest.first == "=" {
            let start = rest.index(after: rest.startIndex)
            if rest[start...].hasPrefix("<absent>") {
                value = .absent
                rest = rest[rest.index(start, offsetBy: 8)...]
            } else {
                var end = start
                if rest[start...].first == "\"" {
                    end = rest.index(after: start)
                    while end < rest.endIndex, rest[end] != "\"" {
                        if rest[end] == "\\" { end = rest.index(after: end) }
                        if end < rest.endIndex { end = rest.index(after: end) }
                    }
                    if end < rest.endIndex { end = rest.index(after: end) }
                } else {
                    end = rest[start...].firstIndex(of: "@") ?? rest.endIndex
                }
                let literalText = String(rest[start..<end])
                guard let literal = try? JSONReader(maxDepth: 4).parse(literalText) else {
                    throw Reference.Failure(message: "'\(literalText)' is not a JSON literal (strings need double quotes)", offset: offsetOf(start))
                }
                value = .literal(literal)
                rest = rest[end...]
            }
        }
        if rest.first == "@" {
            let name = String(rest.dropFirst())
            guard !name.isEmpty else { throw Reference.Failure(message: "empty model after '@'", offset: offsetOf(rest.startIndex)) }
            model = name
            rest = rest[rest.endIndex...]
        }
        guard rest.isEmpty else {
            throw Reference.Failure(message: "unexpected '\(rest)' in reference", offset: offsetOf(rest.startIndex))
        }
        return ItemReference(endpoint: endpoint, part: part, path: path, constraint: constraint, value: value, model: model)
    }
}
