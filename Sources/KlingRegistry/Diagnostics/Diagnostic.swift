import KlingRuntime

/// One problem found while reading the repository, printed as
/// `path:line:col: error: message` so editors and CI can jump to it.
package struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    package enum Severity: String, Sendable, Hashable {
        case error
        case warning
        case note
    }

    /// Path as shown to the user: relative to the repository root when inside it.
    package var file: String
    package var position: SourcePosition
    package var severity: Severity
    package var message: String

    /// Message and path are stored as printed: invisible and non-ASCII characters escaped (``VisibleText``).
    package init(file: String, position: SourcePosition, severity: Severity = .error, message: String) {
        self.file = VisibleText.escaped(file)
        self.position = position
        self.severity = severity
        self.message = VisibleText.escaped(message)
    }

    package init(file: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.init(file: file, position: SourcePosition(line: line, column: column), severity: severity, message: message)
    }

    package var description: String {
        "\(file):\(position.line):\(position.column): \(severity.rawValue): \(message)"
    }

    /// File order: by file, then position, then message, so reports are stable.
    package static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        if lhs.position != rhs.position { return lhs.position < rhs.position }
        return lhs.message < rhs.message
    }
}

/// Collects diagnostics for one file so a reader can keep going after an error.
package struct DiagnosticSink: Sendable {
    package let file: String
    package private(set) var diagnostics: [Diagnostic] = []

    package init(file: String) { self.file = file }

    package mutating func error(_ message: String, at position: SourcePosition) {
        diagnostics.append(Diagnostic(file: file, position: position, message: message))
    }

    package mutating func error(_ message: String, line: Int, column: Int) {
        error(message, at: SourcePosition(line: line, column: column))
    }

    package mutating func append(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

}
