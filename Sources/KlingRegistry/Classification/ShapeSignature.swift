import KlingRuntime

/// What makes two payloads "the same shape" for the approval gate
/// (docs/validation.md#validation-and-classification): the body references sent, enum and int-string values, the image
/// input kind, and list counts as 0 / 1 / 2+.
package struct ShapeSignature: Sendable, Hashable {
    package var tokens: Set<String>
    /// Paths whose value was sent but not kept (`$unknown`): any value of them matches.
    package var wildcards: Set<String>

    package init(_ object: JSONObject, endpoint: Endpoint) {
        var tokens = Set<String>()
        var wildcards = Set<String>()
        Self.walk(object, parent: "", endpoint: endpoint, tokens: &tokens, wildcards: &wildcards)
        self.tokens = tokens
        self.wildcards = wildcards
    }

    private static func walk(_ object: JSONObject, parent: String, endpoint: Endpoint, tokens: inout Set<String>, wildcards: inout Set<String>) {
        for member in object.members {
            let path = parent.isEmpty ? member.key : parent + "." + member.key
            tokens.insert("key:\(path)")
            let field = endpoint.field(path, in: .body)
            let isMedia = field?.constraints.contains { $0.kind == .encoding || $0.kind.needsMedia } ?? false
            switch member.value {
            case .object(let inner) where inner.keys == ["$unknown"]:
                wildcards.insert(path)
            case .object(let inner) where inner.keys == ["$digest"]:
                // A digest that kept its `data:` header is the shape that sent it.
                tokens.insert(MediaDigest.read(member.value)?.prefix != nil ? "media:\(path)=data" : "media:\(path)=base64")
            case .object(let inner):
                walk(inner, parent: path, endpoint: endpoint, tokens: &tokens, wildcards: &wildcards)
            case .array(let items):
                tokens.insert("count:\(path)=\(items.count >= 2 ? "2+" : String(items.count))")
                for case .object(let inner) in items { walk(inner, parent: path + "[]", endpoint: endpoint, tokens: &tokens, wildcards: &wildcards) }
            case .string(let text) where isMedia:
                switch MediaString.inspect(.string(text), readImageHeader: false) {
                case .url: tokens.insert("media:\(path)=url")
                case .base64: tokens.insert("media:\(path)=base64")
                case .dataURL: tokens.insert("media:\(path)=data")
                default: tokens.insert("media:\(path)=other")
                }
            case .string, .number, .bool:
                let enumerable = field.map { $0.constraint(.enum) != nil || $0.constraint(.intString) != nil || $0.type == .boolean } ?? true
                if enumerable { tokens.insert("value:\(path)=\(JSONWriter(style: .compact).string(member.value))") }
            case .null:
                break
            }
        }
    }

    /// Whether every token of `self` is in `other` or matched by one of its wildcards.
    package func isCovered(by other: ShapeSignature) -> Bool {
        tokens.allSatisfy { token in
            if other.tokens.contains(token) { return true }
            guard token.hasPrefix("value:"), let equals = token.firstIndex(of: "=") else { return false }
            return other.wildcards.contains(String(token[token.index(token.startIndex, offsetBy: 6)..<equals]))
        }
    }

    /// Equal shapes, a wildcard on either side matching any value of its path.
    package func matches(_ other: ShapeSignature) -> Bool {
        isCovered(by: other) && other.isCovered(by: self)
    }
}
