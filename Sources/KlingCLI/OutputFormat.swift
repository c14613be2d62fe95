import KlingRuntime

/// `--format`: text for people, JSON for programs, markdown for notes and PRs.
enum OutputFormat: String, Sendable, CaseIterable {
    case text
    case json
    case markdown
    /// GitHub workflow annotations (`::error file=…::…`), for `check` and `validate`.
    case github
    /// SARIF 2.1.0, for `check` and `validate`.
    case sarif

    static let option = OptionSpec(
        name: "--format",
        kind: .value(placeholder: "text|json|markdown", allowed: ["text", "json", "markdown"]),
        help: "output format (default text)"
    )

    static func textOrJSON() -> OptionSpec {
        OptionSpec(name: "--format", kind: .value(placeholder: "text|json", allowed: ["text", "json"]), help: "output format (default text)")
    }

    /// For commands whose output is located problems a CI can show.
    static func annotated() -> OptionSpec {
        OptionSpec(name: "--format", kind: .value(placeholder: "text|json|github|sarif", allowed: ["text", "json", "github", "sarif"]), help: "output format (default text); github: workflow annotations; sarif: SARIF 2.1.0")
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
