import Foundation
import KlingRuntime
import KlingTestSupport
import Testing

/// `completion`: scripts written from the command table, checked by the shells themselves.
struct CompletionCommandTests {
    static func shell(_ name: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: "/bin/\(name)") || FileManager.default.isExecutableFile(atPath: "/usr/bin/\(name)")
    }

    /// Runs `script` in bash with the completion loaded and COMP_WORDS set to `words`.
    static func complete(_ words: [String]) throws -> [String] {
        let folder = TemporaryFolder()
        folder.write("k.bash", runCLI(["completion", "bash"]).stdout)
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", "-c", "source '\(folder.url.appendingPathComponent("k.bash").path)'; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _klingreg; printf '%s\\n' \"${COMPREPLY[@]}\""]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test(.enabled(if: shell("bash")))
    func bashCompletesCommandsOptionsAndValues() throws {
        #expect(try Self.complete(["klingreg", "prefl"]) == ["preflight"])
        #expect(try Self.complete(["klingreg", "validate", "--pol"]) == ["--policy"])
        #expect(try Self.complete(["klingreg", "validate", "--policy", ""]).sorted() == ["off", "on"])
        #expect(try Self.complete(["klingreg", "diff", "--format", "m"]) == ["markdown"])
    }

    @Test func everyCommandAndOptionIsInBothScripts() {
        let bash = runCLI(["completion", "bash"]).stdout
        let zsh = runCLI(["completion", "zsh"]).stdout
        #expect(zsh.hasPrefix("#compdef klingreg\n"))
        for command in ["check", "validate", "preflight", "diff", "completion", "residuals"] {
            #expect(bash.contains("        \(command))\n"), "\(command)")
            #expect(zsh.contains("        '\(command):"), "\(command)")
        }
        #expect(zsh.contains("'--policy=[") && zsh.contains(":(on off)'"))
    }

    @Test(.enabled(if: shell("zsh")))
    func zshParsesItsScript() throws {
        let folder = TemporaryFolder()
        folder.write("_klingreg", runCLI(["completion", "zsh"]).stdout)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zsh", "-n", folder.url.appendingPathComponent("_klingreg").path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func anUnknownShellIsRefused() {
        let result = runCLI(["completion", "fsh"])
        #expect(result.exit == .failure)
        #expect(result.stderr.contains("completion: no shell 'fsh'; one of bash, zsh"))
    }
}
