/// Process exit status. docs/cli.md#the-command-line gives each verb the same three meanings.
public struct ExitCode: Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int32

    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// Clean, GO, agree, fresh.
    public static let success = ExitCode(0)
    /// The command ran and found something: errors, findings, NO-GO, stale files.
    public static let findings = ExitCode(1)
    /// The command could not run: bad arguments, unreadable input, a repository that does not load.
    public static let failure = ExitCode(2)

    public var description: String { String(rawValue) }
}
