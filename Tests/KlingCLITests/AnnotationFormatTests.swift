import Foundation
@testable import KlingCLI
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// `--format github` and `--format sarif` for `check` and `validate`: each problem at its file, line and column.
struct AnnotationFormatTests {
    static let payload = "{\n  \"model_name\": \"kling-v3\",\n  \"mode\": \"no-such-mode-xyz\",\n  \"prompt\": \"p\"\n}\n"

    @Test func validatePlacesAFindingAtItsValue() {
        let folder = TemporaryFolder()
        folder.write("p.json", Self.payload)
        let result = runCLI(["validate", "p.json", "--endpoint", "text2video.create", "--format", "github", "--root", fixtureRoot.path], in: folder.url)
        #expect(result.exit == .findings)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("::error file=p.json,line=3,col=11,title=enum::mode: \"no-such-mode-xyz\" is not one of ") }, "\(result.stdout)")
    }

    @Test func jsonlFindingsSitOnTheirLine() {
        let folder = TemporaryFolder()
        folder.write("p.jsonl", "{\"prompt\": \"p\"}\n{\"prompt\": \"p\", \"mode\": \"no-such-mode-xyz\"}\n{ broken\n")
        let result = runCLI(["validate", "p.jsonl", "--jsonl", "--endpoint", "text2video.create", "--format", "github", "--root", fixtureRoot.path], in: folder.url)
        #expect(result.exit == .failure)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("::error file=p.jsonl,line=2,col=1,title=enum::mode: ") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("::error file=p.jsonl,line=3,col=3::") }, "\(result.stdout)")
    }

    @Test func sarifIsAValidLogShape() throws {
        let folder = TemporaryFolder()
        folder.write("p.json", Self.payload)
        let result = runCLI(["validate", "p.json", "--endpoint", "text2video.create", "--format", "sarif", "--root", fixtureRoot.path], in: folder.url)
        let log = try JSONReader().parse(result.stdout)
        #expect(log["version"] == .string("2.1.0"))
        let run = try #require(log["runs"]?.arrayValue?.first)
        #expect(run["tool"]?["driver"]?["name"] == .string("klingreg"))
        let results = run["results"]?.arrayValue ?? []
        let enumResult = try #require(results.first { $0["ruleId"] == .string("enum") })
        #expect(enumResult["level"] == .string("error"))
        let region = enumResult["locations"]?.arrayValue?.first?["physicalLocation"]?["region"]
        #expect(region?["startLine"] == .number(JSONNumber(3)))
        #expect(region?["startColumn"] == .number(JSONNumber(11)))
        let rules = run["tool"]?["driver"]?["rules"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(rules.contains("enum"))
    }

    @Test func checkAnnotatesLoadErrorsAtTheirPlace() {
        let folder = TemporaryFolder.repositoryCopy()
        let path = "evidence/video/omni-video.create.md"
        var lines = folder.read(path)!.components(separatedBy: "\n")
        let row = lines.firstIndex { $0.hasPrefix("| `") }!
        lines[row] = lines[row].replacingOccurrences(of: " | string | ", with: " | strng | ")
        folder.write(path, lines.joined(separator: "\n"))
        let result = runCLI(["check", "--format", "github", "--root", folder.url.path])
        #expect(result.exit == .failure)
        #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix("::error file=\(path),line=\(row + 1),col=") && $0.contains("::unknown type 'strng'") }, "\(result.stdout)")
        let clean = runCLI(["check", "--format", "sarif"])
        #expect(clean.exit == .success, "\(clean.stderr)")
        #expect((try? JSONReader().parse(clean.stdout))?["runs"]?.arrayValue?.first?["results"] == .array([]))
    }

    @Test func workflowCommandsAreEscaped() {
        let text = Annotations.github([Annotation(level: .warning, file: "a,b:c.json", line: 2, column: 3, message: "50% done\nnext", ruleID: "R:1")])
        #expect(text == "::warning file=a%2Cb%3Ac.json,line=2,col=3,title=R%3A1::50%25 done%0Anext\n")
    }

    @Test func onlyCheckAndValidateOfferThem() {
        let result = runCLI(["residuals", "--format", "sarif"])
        #expect(result.exit == .failure)
    }
}
