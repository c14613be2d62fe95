import KlingRuntime

/// The plan `preflight` reads, declared once: the reader, the JSON Schema in
/// `schemas/plan.schema.json` and the key table of `help preflight` and the
/// README are all derived from `keys`.
package enum PlanFormat {
    package indirect enum Kind: Sendable {
        /// A string with at least one non-space character.
        case text
        case choice([String])
        /// A calendar date `YYYY-MM-DD`, not after the day of the run.
        case date
        case integer(minimum: Int)
        /// A number, zero or more.
        case amount
        case flag
        /// The id of a documented `.create` endpoint.
        case createEndpoint
        /// A model some endpoint's `model_name` or the capability map names.
        case model
        /// A file path, relative to the plan.
        case file
        /// An index into `creates`.
        case createIndex
        case object([Key])
        case list(of: Kind, minimum: Int, unique: Bool)
    }

    package struct Key: Sendable {
        package var name: String
        package var kind: Kind
        package var required: Bool
        package var meaning: String
    }

    package static let createKinds = ["verification", "production", "quality-comparison"]

    package static let createKeys: [Key] = [
        Key(name: "endpoint", kind: .createEndpoint, required: true, meaning: "the create endpoint the call goes to, e.g. `text2video.create`"),
        Key(name: "model", kind: .model, required: true, meaning: "the model binding; must equal the payload's `model_name` (or its documented default)"),
        Key(name: "payload", kind: .file, required: true, meaning: "the request body as JSON, or a request log `{endpoint_type, payload}`, relative to the plan"),
        Key(name: "purpose", kind: .text, required: true, meaning: "what this create is for; a record with the same purpose counts as already done"),
        Key(name: "kind", kind: .choice(createKinds), required: true, meaning: "`verification` (settles an open question), `production`, or `quality-comparison`"),
    ]

    package static let approvalKeys: [Key] = [
        Key(name: "by", kind: .text, required: true, meaning: "who approved"),
        Key(name: "at", kind: .date, required: true, meaning: "the day of the approval, `YYYY-MM-DD`, not in the future"),
        Key(name: "creates", kind: .list(of: .createIndex, minimum: 1, unique: true), required: true, meaning: "the indexes into `creates` the approval covers"),
    ]

    package static let reviewedKeys: [Key] = [
        Key(name: "guardrails", kind: .flag, required: true, meaning: "the guardrails were re-read for this round"),
        Key(name: "register", kind: .flag, required: true, meaning: "the field register was re-read for this round"),
    ]

    package static let keys: [Key] = [
        Key(name: "round", kind: .text, required: true, meaning: "a name for this round of creates"),
        Key(name: "creates", kind: .list(of: .object(createKeys), minimum: 1, unique: false), required: true, meaning: "the billable creates, in the order they will be sent"),
        Key(name: "expected_count", kind: .integer(minimum: 1), required: true, meaning: "how many creates the round sends, stated in advance"),
        Key(name: "max_units", kind: .amount, required: true, meaning: "the cap on the round's billed units"),
        Key(name: "approval", kind: .object(approvalKeys), required: false, meaning: "the user's explicit approval, for the creates it names"),
        Key(name: "reviewed", kind: .object(reviewedKeys), required: true, meaning: "what was re-read before this round"),
    ]

    /// `schemas/plan.schema.json`, refreshed by `generate` like the other exports.
    package static func file(_ registry: Registry) -> GeneratedFile {
        let endpoints = registry.endpoints.map(\.id).filter { $0.hasSuffix(".create") }
        let models = ReferenceResolver(registry: registry).knownModels.sorted()
        let text = JSONWriter(style: .pretty, sortKeys: true).string(schema(endpoints: endpoints, models: models)) + "\n"
        return GeneratedFile(path: "schemas/plan.schema.json", contents: text)
    }

    // MARK: - Derived texts

    /// One line per key, dotted paths for nested keys: the table of `help preflight` and the README.
    package static func keyTable(markdown: Bool) -> String {
        var rows: [(String, String, String)] = []
        func walk(_ keys: [Key], prefix: String) {
            for key in keys {
                let path = prefix + key.name
                rows.append((path, typeName(key.kind) + (key.required ? "" : ", optional"), key.meaning))
                switch key.kind {
                case .object(let inner): walk(inner, prefix: path + ".")
                case .list(of: .object(let inner), _, _): walk(inner, prefix: path + "[].")
                default: break
                }
            }
        }
        walk(keys, prefix: "")
        if markdown {
            return "| key | type | meaning |\n|---|---|---|\n" + rows.map { "| `\($0.0)` | \($0.1) | \($0.2) |" }.joined(separator: "\n") + "\n"
        }
        let width = (rows.map(\.0.count).max() ?? 0) + 2
        let typeWidth = (rows.map(\.1.count).max() ?? 0) + 2
        return rows.map { "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + $0.1.padding(toLength: typeWidth, withPad: " ", startingAt: 0) + $0.2.replacingOccurrences(of: "`", with: "") }.joined(separator: "\n") + "\n"
    }

    static func typeName(_ kind: Kind) -> String {
        switch kind {
        case .text: return "string"
        case .choice(let values): return "one of " + values.joined(separator: ", ")
        case .date: return "date"
        case .integer(let minimum): return "integer ≥ \(minimum)"
        case .amount: return "number ≥ 0"
        case .flag: return "boolean"
        case .createEndpoint: return "endpoint id"
        case .model: return "model name"
        case .file: return "path"
        case .createIndex: return "index"
        case .object: return "object"
        case .list(let element, let minimum, _): return "array of \(typeName(element))" + (minimum > 0 ? ", ≥ \(minimum)" : "")
        }
    }

    /// The JSON Schema (2020-12) of a plan, with the endpoint and model names the registry knows.
    package static func schema(endpoints: [String], models: [String]) -> JSONValue {
        func schema(_ kind: Kind, meaning: String?) -> JSONValue {
            var members: [(key: String, value: JSONValue)] = []
            if let meaning { members.append((key: "description", value: .string(meaning.replacingOccurrences(of: "`", with: "")))) }
            func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
            switch kind {
            case .text, .file:
                members += [(key: "type", value: .string("string")), (key: "pattern", value: .string("\\S"))]
            case .choice(let values):
                members += [(key: "enum", value: strings(values))]
            case .date:
                members += [(key: "type", value: .string("string")), (key: "pattern", value: .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
            case .integer(let minimum):
                members += [(key: "type", value: .string("integer")), (key: "minimum", value: .number(JSONNumber(minimum)))]
            case .amount:
                members += [(key: "type", value: .string("number")), (key: "minimum", value: .number(JSONNumber(0)))]
            case .flag:
                members += [(key: "type", value: .string("boolean"))]
            case .createEndpoint:
                members += [(key: "enum", value: strings(endpoints))]
            case .model:
                members += [(key: "enum", value: strings(models))]
            case .createIndex:
                members += [(key: "type", value: .string("integer")), (key: "minimum", value: .number(JSONNumber(0)))]
            case .object(let keys):
                let properties = JSONObject(keys.map { (key: $0.name, value: schema($0.kind, meaning: $0.meaning)) })
                members += [
                    (key: "type", value: .string("object")), (key: "properties", value: .object(properties)),
                    (key: "required", value: strings(keys.filter(\.required).map(\.name))), (key: "additionalProperties", value: .bool(false)),
                ]
            case .list(let element, let minimum, let unique):
                members += [(key: "type", value: .string("array")), (key: "items", value: schema(element, meaning: nil)), (key: "minItems", value: .number(JSONNumber(minimum)))]
                if unique { members.append((key: "uniqueItems", value: .bool(true))) }
            }
            return .object(JSONObject(members))
        }
        guard case .object(let body) = schema(.object(keys), meaning: nil) else { return .null }
        return .object(JSONObject([
            (key: "$schema", value: .string("https://json-schema.org/draft/2020-12/schema")),
            (key: "$id", value: .string("https://klingreg.local/schemas/plan.schema.json")),
            (key: "title", value: .string("A plan of billable creates for klingreg preflight")),
            (key: "description", value: .string("Generated by klingreg from Sources/KlingRegistry/Plans/PlanFormat.swift and the registry's endpoints and models; do not edit; regenerate with `\(Generator.regenerateCommand)`. Dates must also exist in the calendar and not be in the future, and approval indexes must name creates: preflight checks those.")),
        ] + body.members))
    }
}
