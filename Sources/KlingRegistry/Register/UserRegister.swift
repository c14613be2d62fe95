import Foundation
import KlingRuntime

/// The user's own hand-kept register (`## \`path\`` headings, `- status: a + b`,
/// `` - `value` -> status ``), read so it can be compared with the derived vectors.
public struct UserRegister: Sendable {
    public struct Entry: Sendable {
        /// The field path as the schema spells it (`multi_prompt`, not `multi_prompt[]`).
        public var path: String
        /// nil for the field itself.
        public var value: String?
        public var words: [StatusWord]
        public var line: Int
    }

    /// The status words, each read per axis (DESIGN §7).
    public enum StatusWord: String, Sendable, CaseIterable {
        case docDerived = "doc-derived"
        case docConfirmedOnly = "doc-confirmed only"
        case liveConfirmed = "live-confirmed"
        case liveRejected = "live-rejected"
        case hypothesisOnly = "hypothesis-only"
        case notEvidenced = "not evidenced"
        case approvalGated = "approval-gated"
    }

    public var entries: [Entry]

    public init(text: String) {
        var entries: [Entry] = []
        var path: String?
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmedSpaces
            if line.hasPrefix("#") {
                // A heading names a field only through a backticked path.
                let spans = line.split(separator: "`", omittingEmptySubsequences: false)
                path = spans.count >= 3 ? Self.normalize(String(spans[1])) : nil
                continue
            }
            guard let current = path, line.hasPrefix("- ") else { continue }
            let body = line.dropFirst(2)
            if body.lowercased().hasPrefix("status:") {
                entries.append(Entry(path: current, value: nil, words: Self.words(String(body.dropFirst(7))), line: offset + 1))
            } else if body.hasPrefix("`"), let close = body.dropFirst().firstIndex(of: "`"), let arrow = body.range(of: "->") {
                let value = String(body[body.index(after: body.startIndex)..<close])
                entries.append(Entry(path: current, value: value, words: Self.words(String(body[arrow.upperBound...])), line: offset + 1))
            }
        }
        self.entries = entries.filter { !$0.words.isEmpty }
    }

    /// `multi_prompt[]` → `multi_prompt`.
    static func normalize(_ path: String) -> String {
        path.hasSuffix("[]") ? String(path.dropLast(2)) : path
    }

    /// Words joined by `+`, each possibly followed by a note in parentheses or after a comma.
    static func words(_ text: String) -> [StatusWord] {
        text.split(separator: "+").compactMap { part in
            let cleaned = part.split(separator: "(").first.map(String.init)?.split(separator: ",").first.map(String.init)?.trimmedSpaces.lowercased() ?? ""
            return StatusWord.allCases.first { cleaned.hasPrefix($0.rawValue) }
        }
    }
}

/// Where the user's register and the derived vectors disagree.
public struct RegisterComparison: Sendable {
    public struct Disagreement: Sendable {
        public var line: Int
        public var item: String
        public var said: String
        public var derived: String
    }

    public var model: String
    public var disagreements: [Disagreement]
    public var unknownPaths: [(line: Int, path: String)]
    public var compared: Int

    public init(_ register: UserRegister, endpoint: Endpoint, model: String, index: StatusIndex) {
        self.model = model
        var disagreements: [Disagreement] = []
        var unknown: [(Int, String)] = []
        var compared = 0
        for entry in register.entries {
            guard let field = endpoint.field(entry.path, in: .body) else {
                if !unknown.contains(where: { $0.1 == entry.path }) { unknown.append((entry.line, entry.path)) }
                continue
            }
            var reference = "\(endpoint.id)#body:\(field.path)"
            if let value = entry.value {
                let literal: JSONValue = field.type == .string ? .string(value) : ((try? JSONReader(maxDepth: 2).parse(value)) ?? .string(value))
                reference += "=" + JSONWriter(style: .compact).string(literal)
            }
            let vector = index.vector(reference, model: model) ?? EvidenceVector(doc: .none, contradictions: [], live: .none, record: nil, modelUnknown: false, outOfScope: nil, notEvidenced: nil)
            compared += 1
            if let problem = Self.disagreement(entry.words, vector) {
                let item = entry.value.map { "`\(field.path)` = \"\($0)\"" } ?? "`\(field.path)`"
                disagreements.append(Disagreement(line: entry.line, item: item, said: entry.words.map(\.rawValue).joined(separator: " + "), derived: "\(vector.label.label) (doc \(vector.doc.rawValue), live \(vector.live.rawValue)\(vector.record.map { " by \($0)" } ?? ""))" + (problem.isEmpty ? "" : ": \(problem)")))
            }
        }
        self.disagreements = disagreements
        self.unknownPaths = unknown
        self.compared = compared
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
