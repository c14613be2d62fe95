import KlingRuntime

/// One golden payload case (docs/generated.md#golden-cases): plain data with a stable id.
package struct GoldenCase: Sendable {
    /// `path` with exactly one of a rule (or contradiction) id and a constraint kind.
    package struct Expectation: Sendable, Hashable, Comparable, CustomStringConvertible {
        package var path: String
        package var rule: String?
        package var constraint: String?

        package init(path: String, rule: String? = nil, constraint: String? = nil) {
            self.path = path
            self.rule = rule
            self.constraint = constraint
        }

        /// The key a finding is matched on.
        package init(_ finding: Finding) {
            path = finding.path
            if let constraint = finding.constraint {
                self.constraint = constraint
            } else {
                rule = finding.rule ?? finding.contradiction
            }
        }

        package var description: String { "\(path) \(rule.map { "rule \($0)" } ?? "constraint \(constraint ?? "?")")" }
        package static func < (lhs: Expectation, rhs: Expectation) -> Bool { lhs.description < rhs.description }
    }

    package var id: String
    package var endpoint: String
    package var group: String
    package var description: String
    package var payload: JSONValue
    package var valid: Bool
    package var expect: [Expectation]
    package var notes: [Expectation]?
    /// The `unsupported` rules it breaks, reported as warnings under the text's posture.
    package var warnings: [Expectation]?
    /// Validated under the strict posture (`unsupported` is an error) rather than the text's.
    package var strict: Bool = false
    package var oracle: String
    package var file: String
    package var position: SourcePosition

    package var location: String { "\(file):\(position.line)" }
}

/// Reads `evidence/payloads/<endpoint-id>.json`, refusing unknown keys and malformed cases.
struct GoldenFileReader {
    let file: String
    let endpoint: String
    let bytes: [UInt8]

    static let groupKeys = ["description", "cases"]
    static let caseKeys = ["id", "description", "payload", "valid", "expect", "notes", "warnings", "posture", "oracle"]

    func read(sink: inout DiagnosticSink) -> [GoldenCase] {
        let parsed: (value: JSONValue, positions: [String: SourcePosition])
        do {
            parsed = try JSONReader().parseWithPositions(bytes)
        } catch {
            sink.error(error.message, at: error.position)
            return []
        }
        func at(_ path: String) -> SourcePosition { parsed.positions[path] ?? SourcePosition(line: 1, column: 1) }
        guard case .array(let groups) = parsed.value else {
            sink.error("a golden file is an array of groups { description, cases }", line: 1, column: 1)
            return []
        }
        // A case that holds a credential is an error, so the file does not load.
        _ = SecretScanner.report(parsed.value, positions: parsed.positions, sink: &sink)
        var cases: [GoldenCase] = []
        for (g, groupValue) in groups.enumerated() {
            let groupPath = "[\(g)]"
            guard case .object(let group) = groupValue else { sink.error("a group is an object", at: at(groupPath)); continue }
            for key in group.keys where !Self.groupKeys.contains(key) { sink.error("unknown key \"\(key)\" in a group", at: at(JSONPath.appending(groupPath, key: key))) }
            let groupDescription = group["description"]?.stringValue ?? ""
            guard case .array(let items)? = group["cases"] else { sink.error("a group has a cases array", at: at(groupPath)); continue }
            for (c, item) in items.enumerated() {
                let path = JSONPath.appending(JSONPath.appending(groupPath, key: "cases"), index: c)
                guard case .object(let object) = item else { sink.error("a case is an object", at: at(path)); continue }
                var ok = true
                for key in object.keys where !Self.caseKeys.contains(key) {
                    var message = "unknown key \"\(key)\" in a case"
                    if let near = Suggestion.closest(to: key, among: Self.caseKeys) { message += "; did you mean \"\(near)\"?" }
                    sink.error(message, at: at(JSONPath.appending(path, key: key)))
                    ok = false
                }
                guard let id = object["id"]?.stringValue, let description = object["description"]?.stringValue, let payload = object["payload"], case .bool(let valid)? = object["valid"], let oracle = object["oracle"]?.stringValue else {
                    sink.error("a case has id, description, payload, valid and oracle", at: at(path))
                    continue
                }
                if !(oracle == "author" || oracle.hasPrefix("live:") || oracle.hasPrefix("doc-example:")) {
                    sink.error("oracle is live:<record-id>, doc-example:<source> or author", at: at(JSONPath.appending(path, key: "oracle")))
                    ok = false
                }
                let expect = expectations(object["expect"], at: JSONPath.appending(path, key: "expect"), positions: parsed.positions, sink: &sink, ok: &ok)
                var notes: [GoldenCase.Expectation]?
                if object["notes"] != nil {
                    notes = expectations(object["notes"], at: JSONPath.appending(path, key: "notes"), positions: parsed.positions, sink: &sink, ok: &ok)
                }
                var warnings: [GoldenCase.Expectation]?
                if object["warnings"] != nil {
                    warnings = expectations(object["warnings"], at: JSONPath.appending(path, key: "warnings"), positions: parsed.positions, sink: &sink, ok: &ok)
                }
                var strict = false
                if let posture = object["posture"] {
                    switch posture {
                    case .string("strict"): strict = true
                    case .string("text"): strict = false
                    default:
                        sink.error("posture is \"text\" (the default: unsupported is a warning) or \"strict\" (unsupported is an error)", at: at(JSONPath.appending(path, key: "posture")))
                        ok = false
                    }
                }
                if strict, warnings != nil {
                    sink.error("a strict case has no warnings: under the strict posture they are errors, listed in expect", at: at(JSONPath.appending(path, key: "warnings")))
                    ok = false
                }
                if valid != expect.isEmpty {
                    sink.error(valid ? "a valid case expects no errors" : "an invalid case lists the errors it expects", at: at(path))
                    ok = false
                }
                guard ok else { continue }
                cases.append(GoldenCase(id: id, endpoint: endpoint, group: groupDescription, description: description, payload: payload, valid: valid, expect: expect, notes: notes, warnings: warnings, strict: strict, oracle: oracle, file: file, position: at(path)))
            }
        }
        return cases
    }

    private func expectations(_ value: JSONValue?, at path: String, positions: [String: SourcePosition], sink: inout DiagnosticSink, ok: inout Bool) -> [GoldenCase.Expectation] {
        guard case .array(let items)? = value else {
            sink.error("\(FieldPath.leaf(of: path)) is an array", at: positions[path] ?? SourcePosition(line: 1, column: 1))
            ok = false
            return []
        }
        var result: [GoldenCase.Expectation] = []
        for (index, item) in items.enumerated() {
            let itemPath = JSONPath.appending(path, index: index)
            guard case .object(let object) = item, let findingPath = object["path"]?.stringValue,
                  Set(object.keys).isSubset(of: ["path", "rule", "constraint"]),
                  (object["rule"] == nil) != (object["constraint"] == nil) else {
                sink.error("an expectation is { path, rule } or { path, constraint }", at: positions[itemPath] ?? SourcePosition(line: 1, column: 1))
                ok = false
                continue
            }
            result.append(GoldenCase.Expectation(path: findingPath, rule: object["rule"]?.stringValue, constraint: object["constraint"]?.stringValue))
        }
        return result
    }
}
