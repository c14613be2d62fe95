import Foundation
@testable import KlingCLI

/// The package's own checkout, found from this file's path.
let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    }
    fatalError("Package.swift not found above \(#filePath)")
}()

/// A scratch folder that removes itself.
final class TemporaryFolder {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("klingreg-test-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` at `path` (relative), creating folders.
    func write(_ path: String, _ text: String) {
        let file = url.appendingPathComponent(path)
        try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: file)
    }

    func makeFolder(_ path: String) {
        try! FileManager.default.createDirectory(at: url.appendingPathComponent(path), withIntermediateDirectories: true)
    }

    /// An empty repository: both folders, nothing in them.
    static func emptyRepository() -> TemporaryFolder {
        let folder = TemporaryFolder()
        folder.makeFolder("evidence")
        folder.makeFolder("register")
        return folder
    }
}

struct CLIResult {
    var exit: ExitCode
    var stdout: String
    var stderr: String
}

/// Runs the command line in-process with a capturing console.
func runCLI(_ arguments: [String], in directory: URL = packageRoot, terminal: Bool = false, environment: [String: String] = [:]) -> CLIResult {
    let console = Console.capturing(isTerminal: terminal, environment: environment)
    let context = CLI.Context(console: console, environment: environment, currentDirectory: directory)
    let exit = CLI.run(arguments, context: context)
    return CLIResult(exit: exit, stdout: console.stdout, stderr: console.stderr)
}
