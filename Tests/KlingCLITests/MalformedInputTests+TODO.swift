import Foundation
import KlingTestSupport
import Testing

/// The user's TODO against register/residuals.md: a mismatch is a consistency
/// finding (`check` exits 1), never a load error, so payload commands keep
/// working; a TODO that is missing while rows cite it cannot be checked at all.
struct MalformedTODOTests {
    typealias Case = MalformedInputTests.Case

    static let todoPath = "register/sources/kling-priority-todo.md"
    static let residualsPath = "register/residuals.md"

    static func todo(_ lines: String) -> [UInt8] { Array("# TODO\n\n\(lines)\n".utf8) }

    static func residuals(_ rows: String) -> [UInt8] {
        Array("# Residuals\n\n## Residuals\n\n| Id | Seed | Kind | Phase | State | Classification | Refs | Evidence | Next |\n|---|---|---|---|---|---|---|---|---|\n\(rows)\n".utf8)
    }

    static func row(_ id: String, _ seed: String) -> String {
        "| \(id) | \(seed) | evidence | 1 | open | — | `omni-video.create#body:mode` | — | Look again. |"
    }

    static let payload = Array(#"{"mode": "std"}"#.utf8)

    static func files(todo lines: String?, rows: String) -> [String: [UInt8]] {
        var files = [residualsPath: residuals(rows), "p.json": payload]
        if let lines { files[todoPath] = todo(lines) }
        return files
    }

    static let consistent = files(todo: "- [ ] Keep the tiers straight\n- [x] Done already", rows: row("R-1", "Keep the tiers straight"))
    static let newOpenLine = files(todo: "- [ ] Keep the tiers straight\n- [ ] Price the 4k tier", rows: row("R-1", "Keep the tiers straight"))
    static let tickedButCited = files(todo: "- [x] Keep the tiers straight", rows: row("R-1", "Keep the tiers straight"))

    static let cases: [Case] = [
        Case(name: "TODO and rows agree", files: consistent, arguments: ["check"], exit: 0, diagnostics: []),
        Case(name: "a new open TODO line without a row", files: newOpenLine, arguments: ["check"], exit: 1, diagnostics: ["register/sources/kling-priority-todo.md:4:1: error: this open line has no row in register/residuals.md: add one whose Seed quotes it"]),
        Case(name: "a new open TODO line does not stop validate", files: newOpenLine, arguments: ["validate", "p.json", "--endpoint", "omni-video.create"], exit: 0, diagnostics: []),
        Case(name: "a ticked TODO line still cited", files: tickedButCited, arguments: ["check"], exit: 1, diagnostics: ["register/residuals.md:7:9: error: R-1: Seed quotes a line ticked at register/sources/kling-priority-todo.md:3; close or remove the row"]),
        Case(name: "a ticked TODO line does not stop validate", files: tickedButCited, arguments: ["validate", "p.json", "--endpoint", "omni-video.create"], exit: 0, diagnostics: []),
        Case(name: "a row quoting no TODO line", files: files(todo: "- [ ] Keep the tiers straight", rows: row("R-1", "Keep the tiers straight") + "\n" + row("R-2", "Keep the tires straight")), arguments: ["check"], exit: 1, diagnostics: ["register/residuals.md:8:9: error: R-2: Seed quotes no open line of register/sources/kling-priority-todo.md"]),
        Case(name: "two rows for one TODO line", files: files(todo: "- [ ] Keep the tiers straight", rows: row("R-1", "Keep the tiers straight") + "\n" + row("R-2", "Keep the tiers straight")), arguments: ["check"], exit: 1, diagnostics: ["register/residuals.md:8:9: error: a second row for the TODO line already seeded by R-1"]),
        Case(name: "rows without the TODO cannot be checked", files: files(todo: nil, rows: row("R-1", "Keep the tiers straight")), arguments: ["check"], exit: 2, diagnostics: ["register/residuals.md:1:1: error: register/sources/kling-priority-todo.md is missing: the seeds cannot be checked"]),
    ]

    @Test(arguments: cases)
    func todoAgainstTheRegister(_ testCase: Case) throws {
        try MalformedInputTests.expectDiagnostics(testCase)
    }
}

/// The same on a whole repository: a TODO edit fails `check` and nothing else.
struct TODOEditTests {
    @Test func aTODOEditFailsCheckButNotThePayloadCommands() throws {
        let repository = TemporaryFolder.fixtureCopy()
        let path = "register/sources/kling-priority-todo.md"
        let todo = try #require(repository.read(path))
        let cited = "- [ ] Close deeper nested child-row parity for camera / mask / voice / element subobjects"
        #expect(todo.contains(cited))
        repository.write(path, todo.replacingOccurrences(of: cited, with: cited.replacingOccurrences(of: "- [ ] ", with: "- [x] ")) + "- [ ] Price the 4k tier before any create\n")
        let lines = todo.split(separator: "\n", omittingEmptySubsequences: false).count
        let check = runCLI(["check"], in: repository.url)
        #expect(check.exit == .findings)
        #expect(check.stderr.split(separator: "\n").filter { $0.contains(": error: ") } == [
            "register/residuals.md:9:9: error: R-1: Seed quotes a line ticked at register/sources/kling-priority-todo.md:46; close or remove the row",
            "register/sources/kling-priority-todo.md:\(lines):1: error: this open line has no row in register/residuals.md: add one whose Seed quotes it",
        ])
        let fixtures = packageRoot.appendingPathComponent("Tests/KlingCLITests/Fixtures")
        let payload = fixtures.appendingPathComponent("classify/b-l1-payload.json").path
        #expect(runCLI(["validate", payload, "--endpoint", "text2video.create"], in: repository.url).exit == .success)
        #expect(runCLI(["classify", payload, "--endpoint", "text2video.create"], in: repository.url).exit == .success)
        let preflight = runCLI(["preflight", fixtures.appendingPathComponent("plans/production-go.json").path], in: repository.url)
        #expect(preflight.exit == .success, "\(preflight.stderr)")
        #expect(preflight.stdout.hasPrefix("GO"))
    }
}
