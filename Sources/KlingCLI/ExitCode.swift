/// Process exit status. docs/cli.md#the-command-line gives each verb the same three meanings.
package struct ExitCode: Sendable, Hashable, CustomStringConvertible {
    package var rawValue: Int32

    package init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// Clean, GO, agree, fresh.
    package static let success = ExitCode(0)
    /// The command ran and found something: errors, findings, NO-GO, stale files.
    package static let findings = ExitCode(1)
    /// The command could not run: bad arguments, unreadable input, a repository that does not load.
    package static let failure = ExitCode(2)

    package var description: String { String(rawValue) }
}
