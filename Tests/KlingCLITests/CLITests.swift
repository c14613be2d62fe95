import Foundation
import KlingRuntime
import KlingTestSupport
import Testing
@testable import KlingCLI

struct CLITests {
    @Test func unknownVerbSuggestsTheNearestAndExitsTwo() {
        let result = runCLI(["chekc"])
        #expect(result.exit == .failure)
        #expect(result.stderr.contains("unknown command 'chekc'; did you mean 'check'?"))
        #expect(result.stdout.isEmpty)
    }

    @Test func unknownOptionSuggestsTheNearest() {
        let result = runCLI(["check", "--formt", "json"])
        #expect(result.exit == .failure)
        #expect(result.stderr.contains("unknown option '--formt' for 'check'; did you mean '--format'?"))
    }

    @Test func badOptionValueIsRefused() {
        let result = runCLI(["check", "--format", "jsno"])
        #expect(result.exit == .failure)
        #expect(result.stderr.contains("does not accept 'jsno'"))
        #expect(result.stderr.contains("did you mean 'json'?"))
    }

    @Test func versionAndHelp() {
        let version = runCLI(["--version"])
        #expect(version.exit == .success)
        #expect(version.stdout == "klingreg \(CLI.version)\n")
        let help = runCLI(["help"])
        #expect(help.exit == .success)
        #expect(help.stdout.contains("check"))
        #expect(help.stdout.contains("exit codes"))
        let commandHelp = runCLI(["help", "check"])
        #expect(commandHelp.stdout.hasPrefix("usage: klingreg check"))
    }

    @Test func colourOnlyOnATerminalWithoutNoColor() {
        let plain = runCLI(["chekc"], terminal: true, environment: ["NO_COLOR": "1"])
        #expect(!plain.stderr.contains("\u{1B}["))
        let notTerminal = runCLI(["chekc"], terminal: false)
        #expect(!notTerminal.stderr.contains("\u{1B}["))
        let coloured = runCLI(["chekc"], terminal: true)
        #expect(coloured.stderr.contains("\u{1B}[31m"))
    }

    @Test func checkOnAnEmptyRepository() {
        let folder = TemporaryFolder.emptyRepository()
        let result = runCLI(["check"], in: folder.url)
        #expect(result.exit == .success)
        #expect(result.stdout == "0 endpoints, 0 records, 0 register rows, 0 golden cases\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func rootIsFoundUpwardOrGivenExplicitly() {
        let folder = TemporaryFolder.emptyRepository()
        folder.makeFolder("evidence/video")
        let nested = runCLI(["check"], in: folder.url.appendingPathComponent("evidence/video"))
        #expect(nested.exit == .success)
        let outside = TemporaryFolder()
        let explicit = runCLI(["check", "--root", folder.url.path], in: outside.url)
        #expect(explicit.exit == .success)
    }

    @Test func outsideAnyRepositoryExitsTwoNamingTheFolders() {
        let outside = TemporaryFolder()
        let result = runCLI(["check"], in: outside.url)
        #expect(result.exit == .failure)
        #expect(result.stderr.contains("no folder holds both evidence/ and register/"))
        outside.makeFolder("evidence")
        let partial = runCLI(["check", "--root", outside.url.path], in: outside.url)
        #expect(partial.exit == .failure)
        #expect(partial.stderr.contains("missing register/"))
    }

    @Test func jsonOutputHasVersionAndSortedKeys() throws {
        let folder = TemporaryFolder.emptyRepository()
        let result = runCLI(["check", "--format", "json"], in: folder.url)
        #expect(result.exit == .success)
        let value = try JSONReader().parse(result.stdout)
        #expect(value["version"] == .number(JSONNumber(1)))
        let keys = try #require(value.objectValue?.keys)
        #expect(keys == keys.sorted())
        #expect(value["endpoints"] == .number(JSONNumber(0)))
    }

    /// The spine's acceptance file: a ragged row, a `|` block that is not a
    /// table and an empty required cell, reported in file order, exit 2.
    @Test func lossyMarkdownYieldsExactlyThreeDiagnostics() {
        let folder = TemporaryFolder.emptyRepository()
        folder.write("evidence/SOURCES.md", """
        # Sources

        | Key | Class | Title | Address |
        |---|---|---|---|
        | OFF-3.0 | official | Series 3.0 specification | https://docs.qingque.cn/ |
        """)
        folder.write("evidence/video/omni-video.query-list.md", """
        # Omni-Video: list tasks

        | Key | Value |
        |---|---|
        | id | omni-video.query-list |
        | method | GET |
        | path | /v1/videos/omni-video |
        | source | OFF-3.0 |
        | captured | 2026-11-20 |
        | scope | current |

        ## Query Parameters

        | Field | Type | Required | Default | Values | Source | Description |
        |---|---|---|---|---|---|---|
        | `pageNum` | integer | optional | `1` | [1, 1000] | OFF-3.0 | Page number. | extra |
        | `pageSize` | integer |  | `30` | [1, 500] | OFF-3.0 | Tasks per page. |

        | Key | Value
        | x | y |
        """)
        let result = runCLI(["check"], in: folder.url)
        #expect(result.exit == .failure)
        let lines = result.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") }
        #expect(lines == [
            "evidence/video/omni-video.query-list.md:16:79: error: row has 8 cells but the header has 7; the extra cells would be dropped",
            "evidence/video/omni-video.query-list.md:17:25: error: empty cell in column 'Required'",
            "evidence/video/omni-video.query-list.md:19:1: error: lines starting with '|' are not a table (is the delimiter row '|---|' missing or malformed?)",
        ])
    }
}
