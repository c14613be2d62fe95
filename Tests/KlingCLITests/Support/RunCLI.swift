import Foundation
import KlingRegistry
import KlingTestSupport
@testable import KlingCLI

struct CLIResult {
    var exit: ExitCode
    var stdout: String
    var stderr: String
}

/// Runs the command line in-process with a capturing console, by default on
/// the fixture repository (the gate passes `in: packageRoot`).
func runCLI(_ arguments: [String], in directory: URL = fixtureRoot, terminal: Bool = false, environment: [String: String] = [:], stdin: String = "", today: CalendarDay? = nil) -> CLIResult {
    let console = Console.capturing(isTerminal: terminal, environment: environment)
    let input = Array(stdin.utf8)
    let context = CLI.Context(console: console, environment: environment, currentDirectory: directory, readStandardInput: { input }, today: today)
    let exit = CLI.run(arguments, context: context)
    return CLIResult(exit: exit, stdout: console.stdout, stderr: console.stderr)
}
