/// Text as diagnostics print it: every character that is invisible, a
/// control, or outside ASCII is written `\u200b` (`\u{1f600}` beyond the
/// BMP), so a zero-width joiner or a Cyrillic look-alike in a name can be
/// seen and two names that print the same are told apart. The few visible
/// symbols klingreg's own messages and formats use (`└`, `…`, `—`, `✅`, …)
/// stay as they are. Idempotent: escaped text is unchanged by a second pass.
public enum VisibleText {
    static let kept: Set<Unicode.Scalar> = ["└", "…", "—", "×", "→", "·", "✅", "❌", "≤", "≥", "§"]

    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else { result.unicodeScalars.append(scalar); continue }
            let hex = String(scalar.value, radix: 16)
            result += scalar.value > 0xFFFF ? "\\u{\(hex)}" : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        return result
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value == 0x09 { return false }
        if scalar.value < 0x20 || scalar.value == 0x7F { return true }
        if scalar.value < 0x80 { return false }
        return !kept.contains(scalar)
    }
}
