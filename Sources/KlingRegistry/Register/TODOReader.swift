/// The user's TODO: its open lines (`- [ ]` and `- [~]`) seed the residuals.
public enum TODOReader {
    /// The text after the checkbox of every open line, in order.
    public static func openLines(_ text: String) -> [String] {
        var lines: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            for box in ["- [ ] ", "- [~] "] where trimmed.hasPrefix(box) {
                lines.append(String(trimmed.dropFirst(box.count)))
            }
        }
        return lines
    }
}
