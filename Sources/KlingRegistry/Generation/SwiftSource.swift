import KlingRuntime

/// Writing Swift source text: literals and names the generated files use.
enum SwiftSource {
    /// A Swift string literal for any text.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// A raw string literal holding `text` (one line) as it is: as many `#` as it takes
    /// that neither a quote nor a backslash followed by them occurs in the text.
    static func raw(_ text: String) -> String {
        var hashes = "#"
        while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
        return hashes + "\"" + text + "\"" + hashes
    }

    static func json(_ value: JSONValue) -> String {
        switch value {
        case .null: return "JSONValue.null"
        case .bool(let flag): return "JSONValue.bool(\(flag))"
        case .number(let number): return "JSONValue.number(JSONNumber(lexeme: \(string(number.lexeme))))"
        case .string(let text): return "JSONValue.string(\(string(text)))"
        case .array(let items): return "JSONValue.array([\(items.map(json).joined(separator: ", "))])"
        case .object(let object): return "JSONValue.object(JSONObject([\(object.members.map { "(key: \(string($0.key)), value: \(json($0.value)))" }.joined(separator: ", "))]))"
        }
    }

    static func double(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int(value)).0" : "\(value)"
    }

    /// `omni-video.create` → `OmniVideoCreate`.
    static func typeName(_ endpoint: String) -> String {
        endpoint.split { $0 == "." || $0 == "-" }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A field path as part of a function name: `image_list[]` → `image_list_items`.
    static func identifier(_ path: String) -> String {
        path.replacingOccurrences(of: "[]", with: "_items").map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }
}
