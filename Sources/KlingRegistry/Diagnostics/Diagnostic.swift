import KlingRuntime

/// One problem found while reading the repository, printed as
/// `path:line:col: error: message` so editors and CI can jump to it.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
        case note
    }

    /// Path as shown to the user: relative to the repository root when inside it.
    public var file: String
    public var position: SourcePosition
    public var severity: Severity
    public var message: String

    /// Message and path are stored as printed: invisible and non-ASCII characters escaped (``VisibleText``).
    public init(file: String, position: SourcePosition, severity: Severity = .error, message: String) {
        self.file = VisibleText.escaped(file)
        self.position = position
        self.severity = severity
        self.message = VisibleText.escaped(message)
    }

    public init(file: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.init(file: file, position: SourcePosition(line: line, column: column), severity: severity, message: message)
    }

    public var description: String {
        "\(file):\(position.line):\(position.column): \(severity.rawValue): \(message)"
    }

    /// File order: by file, then position, then message, so reports are stable.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        if lhs.position != rhs.position { return lhs.position < rhs.position }
        return lhs.message < rhs.message
    }
}

/// Collects diagnostics for one file so a reader can keep going after an error.
public struct DiagnosticSink: Sendable {
    public let file: String
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: String) { self.file = file }

    public mutating func error(_ message: String, at position: SourcePosition) {
        diagnostics.append(Diagnostic(file: file, position: position, message: message))
    }

    public mutating func error(_ message: String, line: Int, column: Int) {
        error(message, at: SourcePosition(line: line, column: column))
    }

    public mutating func append(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

}
