import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// `diff`: two copies of the repository, one edited the way a doc revision
/// edits it; the edits are chosen from whatever the evidence holds, so these
/// tests keep working when the transcription changes.
struct DiffCommandTests {
    /// One edit of a field row's Values cell, found in the loaded copy.
    struct Edit {
        var file: String
        var line: Int
        var values: String
        var subject: String
    }

    /// Rewrites the Values cell (the fifth) of the row at `line`.
    static func rewriteValues(in folder: TemporaryFolder, _ edit: Edit) {
        var lines = folder.read(edit.file)!.components(separatedBy: "\n")
        var cells = lines[edit.line - 1].components(separatedBy: " | ")
        cells[4] = edit.values
        lines[edit.line - 1] = cells.joined(separator: " | ")
        folder.write(edit.file, lines.joined(separator: "\n"))
    }

    struct Scenario {
        var old: TemporaryFolder
        var new: TemporaryFolder
        var enumSubject: String
        var rangeSubject: String
        var ruleID: String
    }

    /// Narrows one enum and one int-string range of the first endpoint that has both, and adds one rule.
    static func scenario() throws -> Scenario {
        let old = TemporaryFolder.repositoryCopy()
        let load = RegistryLoader.load(Repository(root: old.url))
        try #require(!load.failed, "the repository copy does not load")
        func onlyConstraint(_ field: Field) -> Constraint? { field.constraints.count == 1 ? field.constraints[0] : nil }
        for endpoint in load.registry.endpoints {
            let new = TemporaryFolder.repositoryCopy()
            // The model enum is named across the register; narrowing it is another test's business.
            let fields = endpoint.fields(in: .body).filter { $0.includedFrom == nil && !$0.path.contains(".") && !$0.path.contains("[") && $0.path != "model_name" }
            guard let enumField = fields.first(where: { if case .oneOf(let values)? = onlyConstraint($0) { return values.count >= 3 } else { return false } }),
                  let rangeField = fields.first(where: { if case .intString(let low, let high)? = onlyConstraint($0) { return high > low } else { return false } }),
                  let lastRule = endpoint.rules.last, let prefix = endpoint.idPrefix,
                  case .oneOf(let values)? = onlyConstraint(enumField), case .intString(let low, let high)? = onlyConstraint(rangeField) else { continue }
            // Drop a value that is not the default, so the row stays consistent.
            let atoms = values.compactMap(\.stringValue)
            let fallback: String? = { if case .value(.string(let text)) = enumField.defaultValue { return text } else { return nil } }()
            let dropped = atoms.last != fallback ? atoms.count - 1 : 0
            let kept = atoms.enumerated().filter { $0.offset != dropped }.map { "`\($0.element)`" }.joined(separator: ", ")
            rewriteValues(in: new, Edit(file: enumField.location.file, line: enumField.location.line, values: kept, subject: ""))
            let fallbackSeconds: Int? = { if case .value(.string(let text)) = rangeField.defaultValue { return Int(text) } else { return nil } }()
            let upper = fallbackSeconds == high ? high : high - 1
            let lower = upper == high ? low + 1 : low
            rewriteValues(in: new, Edit(file: rangeField.location.file, line: rangeField.location.line, values: "int-string \(lower)..\(upper)", subject: ""))
            let ruleID = "\(prefix)-R990"
            var lines = new.read(lastRule.location.file)!.components(separatedBy: "\n")
            lines.insert("| \(ruleID) | `present(\(enumField.path)) => \(enumField.path) != \"\(atoms[dropped == 0 ? 1 : 0])\"` | error | must | OFF-3.0 | \(lastRule.digest.first ?? "x.md#y") | A rule a revision added. |", at: lastRule.location.line)
            new.write(lastRule.location.file, lines.joined(separator: "\n"))
            // An edit the rest of the corpus cannot take (a value named elsewhere) is skipped, not guessed around.
            guard !RegistryLoader.load(Repository(root: new.url)).failed else { continue }
            return Scenario(old: old, new: new, enumSubject: "\(endpoint.id)#body:\(enumField.path) enum", rangeSubject: "\(endpoint.id)#body:\(rangeField.path) int-string", ruleID: ruleID)
        }
        throw ScenarioMissing()
    }

    struct ScenarioMissing: Error {}

    @Test func reportsExactlyTheThreeEditsWithTheirBreakingFlagsAndFlips() throws {
        let scenario = try Self.scenario()
        let result = runCLI(["diff", scenario.old.url.path, scenario.new.url.path, "--format", "json", "--root", scenario.old.url.path])
        #expect(result.exit == .findings, "\(result.stderr)")
        let value = try JSONReader().parse(result.stdout)
        let items = value["items"]?.arrayValue ?? []
        let subjects = items.compactMap { $0["subject"]?.stringValue }
        #expect(Set(subjects) == [scenario.enumSubject, scenario.rangeSubject, scenario.ruleID], "\(result.stdout)")
        #expect(items.count == 3)
        for item in items {
            #expect(item["direction"] == .string("narrows"))
            #expect(item["breaking"] == .bool(true))
        }
        #expect(items.first { $0["subject"] == .string(scenario.ruleID) }?["change"] == .string("added"))
        // Narrowing only: a golden case can only go from valid to invalid, and the
        // new validator must really refuse it.
        let newRegistry = RegistryLoader.load(Repository(root: scenario.new.url)).registry
        for flip in value["goldenFlips"]?.arrayValue ?? [] {
            #expect(flip["validBefore"] == .bool(true))
            #expect(flip["validAfter"] == .bool(false))
            let id = flip["golden"]?.stringValue ?? ""
            let golden = try #require(newRegistry.goldens.first { $0.id == id })
            #expect(!PayloadValidator(registry: newRegistry).validate(golden.payload, endpoint: golden.endpoint, options: ValidationOptions(policy: false)).isValid)
        }
    }

    @Test func theReverseDiffWidens() throws {
        let scenario = try Self.scenario()
        let result = runCLI(["diff", scenario.new.url.path, scenario.old.url.path, "--format", "json", "--root", scenario.old.url.path])
        let items = try JSONReader().parse(result.stdout)["items"]?.arrayValue ?? []
        #expect(items.count == 3)
        #expect(items.allSatisfy { $0["direction"] == .string("widens") })
    }

    @Test func aCopyWithOnlyProseEditsHasNoDifference() throws {
        let old = TemporaryFolder.repositoryCopy()
        let new = TemporaryFolder.repositoryCopy()
        let load = RegistryLoader.load(Repository(root: new.url))
        let field = try #require(load.registry.endpoints.flatMap(\.fields).first { $0.includedFrom == nil && !$0.description.isEmpty })
        var lines = new.read(field.location.file)!.components(separatedBy: "\n")
        lines[field.location.line - 1] = lines[field.location.line - 1].replacingOccurrences(of: field.description, with: "A description in other words.")
        lines.insert("", at: 1)
        new.write(field.location.file, lines.joined(separator: "\n"))
        let result = runCLI(["diff", old.url.path, new.url.path, "--root", old.url.path])
        #expect(result.exit == .success, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("diff "))
        #expect(result.stdout.contains(": 0 changes, 0 breaking"))
    }

    @Test func gitRevisionsAreRead() throws {
        let scenario = try Self.scenario()
        let repo = scenario.old.url.path
        func git(_ arguments: [String]) -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com"] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        try #require(git(["init", "-q"]) == 0 && git(["add", "-A"]) == 0 && git(["commit", "-qm", "base"]) == 0)
        // Move the edited evidence into the working tree of the git copy.
        for name in ["evidence", "register"] {
            try FileManager.default.removeItem(at: scenario.old.url.appendingPathComponent(name))
            try FileManager.default.copyItem(at: scenario.new.url.appendingPathComponent(name), to: scenario.old.url.appendingPathComponent(name))
        }
        let result = runCLI(["diff", "HEAD", "--root", repo])
        #expect(result.exit == .findings, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("diff HEAD → working tree: 3 changes, 3 breaking\n"), "\(result.stdout)")
        let unknown = runCLI(["diff", "no-such-revision", "--root", repo])
        #expect(unknown.exit == .failure)
        #expect(unknown.stderr.contains("'no-such-revision' is neither a folder nor a revision"))
    }

    @Test func markdownIsATable() throws {
        let scenario = try Self.scenario()
        let result = runCLI(["diff", scenario.old.url.path, scenario.new.url.path, "--format", "markdown", "--root", scenario.old.url.path])
        #expect(result.stdout.contains("| direction | kind | subject | change | before | after |"))
        #expect(result.stdout.contains("| narrows | rule | `\(scenario.ruleID)` | added |"))
    }
}
