import KlingRuntime

/// One located problem, for the formats a CI reads: GitHub workflow
/// annotations and SARIF 2.1.0. `check` and `validate` both speak them.
struct Annotation: Sendable {
    enum Level: String, Sendable {
        case error
        case warning
        case note
    }

    var level: Level
    var file: String
    var line: Int
    var column: Int
    var message: String
    /// A rule, constraint or check id, when there is one.
    var ruleID: String?
}

enum Annotations {
    /// `::error file=F,line=L,col=C,title=ID::message`, escaped as the workflow commands require.
    static func github(_ annotations: [Annotation]) -> String {
        func data(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        }
        func property(_ text: String) -> String { data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C") }
        return annotations.map { annotation in
            let command = annotation.level == .note ? "notice" : annotation.level.rawValue
            var properties = ["file=\(property(annotation.file))", "line=\(annotation.line)", "col=\(annotation.column)"]
            if let rule = annotation.ruleID { properties.append("title=\(property(rule))") }
            return "::\(command) \(properties.joined(separator: ","))::\(data(annotation.message))\n"
        }.joined()
    }

    static func sarif(_ annotations: [Annotation], version: String) -> String {
        func object(_ members: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(members.map { (key: $0.0, value: $0.1) })) }
        let rules = Array(Set(annotations.compactMap(\.ruleID))).sorted()
        let results: [JSONValue] = annotations.map { annotation in
            var members: [(String, JSONValue)] = [
                ("level", .string(annotation.level.rawValue)),
                ("message", object([("text", .string(annotation.message))])),
                ("locations", .array([object([("physicalLocation", object([
                    ("artifactLocation", object([("uri", .string(annotation.file))])),
                    ("region", object([("startLine", .number(JSONNumber(max(1, annotation.line)))), ("startColumn", .number(JSONNumber(max(1, annotation.column))))])),
                ]))])])),
            ]
            if let rule = annotation.ruleID { members.insert(("ruleId", .string(rule)), at: 0) }
            return object(members)
        }
        let driver = object([
            ("name", .string("klingreg")), ("version", .string(version)), ("informationUri", .string("https://klingreg.local/")),
            ("rules", .array(rules.map { object([("id", .string($0))]) })),
        ])
        let log = object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([object([("tool", object([("driver", driver)])), ("results", .array(results))])])),
        ])
        return JSONWriter(style: .pretty, sortKeys: true).string(log) + "\n"
    }
}
