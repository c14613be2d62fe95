import KlingRuntime

/// The user's TODO: its open lines (`- [ ]` and `- [~]`) seed the residuals.
package enum TODOReader {
    /// One checkbox line: where it is, whether it is still open, and its text after the box.
    package struct Item: Sendable, Hashable {
        package var line: Int
        package var open: Bool
        package var text: String
    }

    /// Every checkbox line, in order: `[ ]` and `[~]` are open, `[x]` and `[X]` ticked.
    package static func items(_ text: String) -> [Item] {
        var items: [Item] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            for (box, open) in [("- [ ] ", true), ("- [~] ", true), ("- [x] ", false), ("- [X] ", false)] where trimmed.hasPrefix(box) {
                items.append(Item(line: index + 1, open: open, text: String(trimmed.dropFirst(box.count))))
            }
        }
        return items
    }

    /// The text after the checkbox of every open line, in order.
    package static func openLines(_ text: String) -> [String] {
        items(text).filter(\.open).map(\.text)
    }
}

/// Whether `register/residuals.md` still matches the user's TODO: every open
/// line has exactly one row quoting it, and every row quotes an open line.
/// A mismatch is a consistency finding (`check` exits 1, the gate fails), not a
/// load error: the schema, the validators and the guardrails do not depend on
/// it, so `validate`, `classify` and `preflight` keep working while the
/// register is brought up to date.
package enum SeedCheck {
    /// `seedPositions` gives the Seed cell of each row by residual id, where known.
    package static func findings(todo text: String, todoPath: String, residuals: [Residual], seedPositions: [String: SourcePosition]) -> [Diagnostic] {
        let items = TODOReader.items(text)
        var findings: [Diagnostic] = []
        var rowsBySeed: [String: [Residual]] = [:]
        for residual in residuals { rowsBySeed[residual.seed, default: []].append(residual) }
        for item in items where item.open {
            let rows = rowsBySeed[item.text] ?? []
            if rows.isEmpty {
                findings.append(Diagnostic(file: todoPath, line: item.line, column: 1, message: "this open line has no row in register/residuals.md: add one whose Seed quotes it"))
            }
            for extra in rows.dropFirst() {
                findings.append(Diagnostic(file: extra.location.file, position: position(extra, seedPositions), message: "a second row for the TODO line already seeded by \(rows[0].id)"))
            }
        }
        let open = Set(items.filter(\.open).map(\.text))
        let ticked = Dictionary(items.filter { !$0.open }.map { ($0.text, $0.line) }, uniquingKeysWith: { first, _ in first })
        for residual in residuals where !open.contains(residual.seed) {
            let message = ticked[residual.seed].map { "\(residual.id): Seed quotes a line ticked at \(todoPath):\($0); close or remove the row" }
                ?? "\(residual.id): Seed quotes no open line of \(todoPath)"
            findings.append(Diagnostic(file: residual.location.file, position: position(residual, seedPositions), message: message))
        }
        return findings.sorted()
    }

    static func position(_ residual: Residual, _ seedPositions: [String: SourcePosition]) -> SourcePosition {
        seedPositions[residual.id] ?? SourcePosition(line: residual.location.line, column: residual.location.column)
    }
}
