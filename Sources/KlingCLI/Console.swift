import Foundation
import KlingRuntime

/// Where a command writes, and what it may assume about the terminal.
/// Tests build one with `Console.capturing()` and read back both streams.
package final class Console: @unchecked Sendable {
    private let lock = NSLock()
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void
    /// Colour is used only on a terminal and when `NO_COLOR` is unset.
    package let useColor: Bool
    private var capturedOut = ""
    private var capturedErr = ""
    private let capturing: Bool

    init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, useColor: Bool, capturing: Bool) {
        self.writeOut = out
        self.writeErr = err
        self.useColor = useColor
        self.capturing = capturing
    }

    package static func standard(environment: [String: String]) -> Console {
        let terminal = isatty(STDERR_FILENO) != 0
        return Console(
            out: { FileHandle.standardOutput.write(Data($0.utf8)) },
            err: { FileHandle.standardError.write(Data($0.utf8)) },
            useColor: colorAllowed(isTerminal: terminal, environment: environment),
            capturing: false
        )
    }

    /// A console that keeps what is written, for in-process tests.
    package static func capturing(isTerminal: Bool = false, environment: [String: String] = [:]) -> Console {
        Console(out: { _ in }, err: { _ in }, useColor: colorAllowed(isTerminal: isTerminal, environment: environment), capturing: true)
    }

    static func colorAllowed(isTerminal: Bool, environment: [String: String]) -> Bool {
        isTerminal && environment["NO_COLOR"] == nil
    }

    package var stdout: String { lock.withLock { capturedOut } }
    package var stderr: String { lock.withLock { capturedErr } }

    /// Data: reports, schemas, findings.
    package func out(_ text: String) {
        if capturing { lock.withLock { capturedOut += text } } else { writeOut(text) }
    }

    package func outLine(_ text: String = "") { out(text + "\n") }

    /// Diagnostics and messages about the run itself.
    package func err(_ text: String) {
        if capturing { lock.withLock { capturedErr += text } } else { writeErr(text) }
    }

    package func errLine(_ text: String) { err(text + "\n") }

    /// `klingreg: error: message`, with the word coloured on a terminal.
    package func error(_ message: String) {
        let message = VisibleText.escaped(message)
        errLine("klingreg: \(paint("error:", .red)) \(message)")
    }

    package enum Color: String { case red = "31", yellow = "33", green = "32", bold = "1", dim = "2" }

    package func paint(_ text: String, _ color: Color) -> String {
        useColor ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// A diagnostic line with its severity coloured.
    package func diagnostic(_ text: String) {
        let text = VisibleText.escaped(text)
        guard useColor else { return errLine(text) }
        var line = text
        for (word, color) in [(": error:", Color.red), (": warning:", .yellow), (": note:", .dim)] {
            if let range = line.range(of: word) {
                line.replaceSubrange(range, with: ": " + paint(String(word.dropFirst(2)), color))
                break
            }
        }
        errLine(line)
    }
}
