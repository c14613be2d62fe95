import KlingRuntime

/// `--format`: text for people, JSON for programs, markdown for notes and PRs.
enum OutputFormat: String, Sendable, CaseIterable {
    case text
    case json
    case markdown

    static let option = OptionSpec(
        name: "--format",
        kind: .value(placeholder: "text|json|markdown", allowed: allCases.map(\.rawValue)),
        help: "output format (default text)"
    )

    static func textOrJSON() -> OptionSpec {
        OptionSpec(name: "--format", kind: .value(placeholder: "text|json", allowed: ["text", "json"]), help: "output format (default text)")
    }

    init(_ arguments: Arguments) {
        self = arguments.value("--format").flatMap(OutputFormat.init(rawValue:)) ?? .text
    }
}

/// Every JSON report carries this version so consumers can refuse a shape they do not know.
enum ReportJSON {
    static let formatVersion = 1

    /// `object` plus the `version` key, written with sorted keys.
    static func render(_ members: [(String, JSONValue)]) -> String {
        var all = members
        all.append(("version", .number(JSONNumber(formatVersion))))
        return JSONWriter(style: .pretty, sortKeys: true).string(.object(JSONObject(all.map { (key: $0.0, value: $0.1) }))) + "\n"
    }
}
