/// A location in a source text.
///
/// Both fields are 1-based. `column` counts UTF-8 bytes from the start of the line, not
/// characters: a tab advances it by 1, `é` by 2, `😀` by 4.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `line:column`, the form used in diagnostics.
    public var description: String { "\(line):\(column)" }
}
