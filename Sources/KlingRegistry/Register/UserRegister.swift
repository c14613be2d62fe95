import Foundation
import KlingRuntime

/// The user's own hand-kept register (`## \`path\`` headings, `- status: a + b`,
/// `` - `value` -> status ``, `- type:` and `- enum:` bullets), read so it can be
/// compared with the derived vectors. A line that looks like a status, type or
/// enum line but cannot be read is a warning at its line, never skipped quietly.
package struct UserRegister: Sendable {
    package enum Claim: Sendable {
        case status([StatusWord])
        case type(String)
        case enumeration([String])
    }

    package struct Entry: Sendable {
        /// The field path as the schema spells it (`multi_prompt`, not `multi_prompt[]`).
        package var path: String
        /// nil for the field itself.
        package var value: String?
        package var claim: Claim
        package var line: Int

        package var words: [StatusWord] {
            if case .status(let words) = claim { return words }
            return []
        }
    }

    package struct Warning: Sendable {
        package var line: Int
        package var message: String
    }

    /// The status words, each read per axis (docs/status-model.md#evidence-and-status).
    package enum StatusWord: String, Sendable, CaseIterable {
        case docDerived = "doc-derived"
        case docConfirmedOnly = "doc-confirmed only"
        case liveConfirmed = "live-confirmed"
        case liveRejected = "live-rejected"
        case hypothesisOnly = "hypothesis-only"
        case notEvidenced = "not evidenced"
        case approvalGated = "approval-gated"
    }

    package var entries: [Entry]
    package var warnings: [Warning]

    package init(text: String) {
        var entries: [Entry] = []
        var warnings: [Warning] = []
        var path: String?
        var heading = ""
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = raw.trimmedSpaces
            if line.hasPrefix("#") {
                // A heading names a field only through a backticked path.
                let spans = line.split(separator: "`", omittingEmptySubsequences: false)
                heading = line
                if spans.count % 2 == 0 {
                    warnings.append(Warning(line: number, message: "heading has an unclosed backtick, so it names no field: \(line)"))
                    path = nil
                } else {
                    path = spans.count >= 3 ? Self.normalize(String(spans[1])) : nil
                }
                continue
            }
            guard line.hasPrefix("- ") else { continue }
            let body = line.dropFirst(2)
            let lowered = body.lowercased()
            var claim: Claim?
            var value: String?
            if lowered.hasPrefix("status:") {
                claim = .status(Self.words(String(body.dropFirst(7)), line: number, warnings: &warnings))
            } else if lowered.hasPrefix("status") {
                warnings.append(Warning(line: number, message: "a status line is `- status: word + word`; this one has no ':'"))
                continue
            } else if lowered.hasPrefix("type:") {
                claim = .type(String(body.dropFirst(5)).trimmedSpaces.replacingOccurrences(of: "`", with: ""))
            } else if lowered.hasPrefix("enum:") {
                let values = body.dropFirst(5).split(separator: ",").map { $0.trimmedSpaces.replacingOccurrences(of: "`", with: "") }.filter { !$0.isEmpty }
                if values.isEmpty {
                    warnings.append(Warning(line: number, message: "an enum line lists no values"))
                    continue
                }
                claim = .enumeration(values)
            } else if body.hasPrefix("`"), let close = body.dropFirst().firstIndex(of: "`"), let arrow = body.range(of: "->") {
                value = String(body[body.index(after: body.startIndex)..<close])
                claim = .status(Self.words(String(body[arrow.upperBound...]), line: number, warnings: &warnings))
            }
            guard let claim else { continue }
            guard let current = path else {
                warnings.append(Warning(line: number, message: "this line is under a heading that names no field (\(heading.isEmpty ? "no heading above" : heading)); give the heading the field's path in backticks"))
                continue
            }
            if case .status(let words) = claim, words.isEmpty { continue }
            entries.append(Entry(path: current, value: value, claim: claim, line: number))
        }
        self.entries = entries
        self.warnings = warnings
    }

    /// `multi_prompt[]` → `multi_prompt`.
    static func normalize(_ path: String) -> String {
        path.hasSuffix("[]") ? String(path.dropLast(2)) : path
    }

    /// Words joined by `+`, each possibly followed by a note in parentheses or after a comma;
    /// a part that starts with no known word is a warning.
    static func words(_ text: String, line: Int, warnings: inout [Warning]) -> [StatusWord] {
        var words: [StatusWord] = []
        for part in text.split(separator: "+") {
            let cleaned = part.split(separator: "(").first.map(String.init)?.split(separator: ",").first.map(String.init)?.trimmedSpaces.lowercased() ?? ""
            if let word = StatusWord.allCases.first(where: { cleaned.hasPrefix($0.rawValue) }) {
                words.append(word)
            } else {
                var message = "unknown status word '\(cleaned)'"
                let names = StatusWord.allCases.map(\.rawValue)
                if let near = Suggestion.closest(to: cleaned.split(separator: " ").first.map(String.init) ?? cleaned, among: names) { message += "; did you mean '\(near)'?" }
                warnings.append(Warning(line: line, message: message + " (known: \(names.joined(separator: ", ")))"))
            }
        }
        return words
    }
}

/// Where the user's register and the derived vectors disagree, and where they agree.
package struct RegisterComparison: Sendable {
    package struct Item: Sendable {
        package var line: Int
        package var item: String
        package var said: String
        package var derived: String
    }

    package struct UnknownPath: Sendable {
        package var line: Int
        package var path: String
        package var suggestion: String?
    }

    package var model: String
    package var disagreements: [Item]
    package var agreements: [Item]
    package var unknownPaths: [UnknownPath]
    package var warnings: [UserRegister.Warning]
    package var compared: Int { disagreements.count + agreements.count }

    package init(_ register: UserRegister, endpoint: Endpoint, model: String, index: StatusIndex) {
        self.model = model
        var disagreements: [Item] = []
        var agreements: [Item] = []
        var unknown: [UnknownPath] = []
        let paths = endpoint.fields(in: .body).map(\.path)
        for entry in register.entries {
            guard let field = endpoint.field(entry.path, in: .body) else {
                if !unknown.contains(where: { $0.path == entry.path }) {
                    unknown.append(UnknownPath(line: entry.line, path: entry.path, suggestion: Suggestion.closest(to: entry.path, among: paths)))
                }
                continue
            }
            let item = entry.value.map { "`\(field.path)` = \"\($0)\"" } ?? "`\(field.path)`"
            switch entry.claim {
            case .status(let words):
                var reference = FieldReference(endpoint: endpoint.id, part: .body, path: field.path).description
                if let value = entry.value {
                    let literal: JSONValue = field.type == .string ? .string(value) : ((try? JSONReader(maxDepth: 2).parse(value)) ?? .string(value))
                    reference += "=" + JSONWriter(style: .compact).string(literal)
                }
                let vector = index.vector(reference, model: model) ?? EvidenceVector(doc: .none, contradictions: [], live: .none, record: nil, modelUnknown: false, outOfScope: nil, notEvidenced: nil)
                let derived = "\(vector.label.label) (doc \(vector.doc.rawValue), live \(vector.live.rawValue)\(vector.record.map { " by \($0)" } ?? ""))"
                let said = words.map(\.rawValue).joined(separator: " + ")
                if let problem = Self.disagreement(words, vector) {
                    disagreements.append(Item(line: entry.line, item: item, said: said, derived: derived + (problem.isEmpty ? "" : ": \(problem)")))
                } else {
                    agreements.append(Item(line: entry.line, item: item, said: said, derived: derived))
                }
            case .type(let said):
                let documented = field.type.description
                let word = said.split(separator: " ").first.map { $0.lowercased() } ?? ""
                let target = word == "int" ? "integer" : word == "bool" ? "boolean" : word
                let record = Item(line: entry.line, item: item, said: "type \(said)", derived: "type \(documented)")
                if target == documented.lowercased() || (target == "array" && documented.hasPrefix("array")) { agreements.append(record) } else { disagreements.append(record) }
            case .enumeration(let said):
                let documented = Self.enumeration(field)
                if let documented, Set(said) == Set(documented) {
                    agreements.append(Item(line: entry.line, item: item, said: "enum \(said.joined(separator: ", "))", derived: "enum \(documented.joined(separator: ", "))"))
                } else {
                    let derived = documented.map { "enum \($0.joined(separator: ", "))" } ?? "no enumeration of values"
                    var problem = ""
                    if let documented {
                        let missing = documented.filter { !said.contains($0) }, extra = said.filter { !documented.contains($0) }
                        problem = [missing.isEmpty ? nil : "the evidence also admits \(missing.joined(separator: ", "))", extra.isEmpty ? nil : "the evidence does not admit \(extra.joined(separator: ", "))"].compactMap { $0 }.joined(separator: "; ")
                    }
                    disagreements.append(Item(line: entry.line, item: item, said: "enum \(said.joined(separator: ", "))", derived: derived + (problem.isEmpty ? "" : ": \(problem)")))
                }
            }
        }
        self.disagreements = disagreements
        self.agreements = agreements
        self.unknownPaths = unknown
        self.warnings = register.warnings
    }

    /// The values a field admits when they can be listed: an enum, or a small int-string range.
    static func enumeration(_ field: Field) -> [String]? {
        for constraint in field.constraints {
            switch constraint {
            case .oneOf(let values): return values.map { $0.stringValue ?? JSONWriter(style: .compact).string($0) }
            case .intString(let low, let high) where high - low <= 100: return (low...high).map(String.init)
            default: continue
            }
        }
        return nil
    }

    /// Why the words do not fit the vector, or nil when every axis they name matches.
    static func disagreement(_ words: [UserRegister.StatusWord], _ vector: EvidenceVector) -> String? {
        var problems: [String] = []
        let docWord = words.contains(.docDerived) || words.contains(.docConfirmedOnly)
        let liveWords: [UserRegister.StatusWord] = [.liveConfirmed, .liveRejected]
        let liveWord = words.contains { liveWords.contains($0) }
        if docWord, vector.doc != .official, vector.doc != .contested { problems.append("the doc axis is \(vector.doc.rawValue)") }
        if docWord, !liveWord, vector.live != .none { problems.append("doc-derived alone says no live evidence, but the live axis is \(vector.live.rawValue)") }
        if words.contains(.liveConfirmed), vector.live != .accepted, vector.live != .enforced { problems.append("live-confirmed, but the live axis is \(vector.live.rawValue)") }
        if words.contains(.liveRejected), vector.live != .rejected { problems.append("live-rejected, but the live axis is \(vector.live.rawValue)") }
        if words.contains(.hypothesisOnly), !((vector.doc == .thirdParty || vector.doc == .none) && vector.live == .none) { problems.append("hypothesis-only, but doc is \(vector.doc.rawValue) and live \(vector.live.rawValue)") }
        if words.contains(.notEvidenced), vector.notEvidenced == nil { problems.append("not evidenced, but the register has no not-evidenced finding") }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }
}
