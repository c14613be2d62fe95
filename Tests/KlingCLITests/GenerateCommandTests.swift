import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing
@testable import KlingCLI

/// The fixture's derived files, computed once per test process.
let fixtureGeneratedFiles = Generator.files(fixtureRepository.load.registry)

/// A fixture copy with its derived files written, as `generate` writes them,
/// so `generate --check` starts fresh (StaleOutputTests shows it does).
func generatedFixtureCopy() -> TemporaryFolder {
    let repository = TemporaryFolder.fixtureCopy()
    for file in fixtureGeneratedFiles { repository.write(file.path, file.contents) }
    return repository
}

struct GenerateCommandTests {
    @Test func aValuesEditMakesCheckFailWithADiffAndGenerateRepairsIt() throws {
        let repository = generatedFixtureCopy()
        let file = "evidence/video/omni-video.create.md"
        let text = try #require(repository.read(file))
        let edited = text.replacingOccurrences(of: "| `\"pro\"` | `std`, `pro` |", with: "| `\"pro\"` | `std`, `pro`, `max` |")
        #expect(edited != text)
        repository.write(file, edited)
        let stale = runCLI(["generate", "--check"], in: repository.url)
        #expect(stale.exit == .findings)
        #expect(stale.stdout.contains(#"+omni-video.create#body:mode="max" @* doc=official"#))
        #expect(stale.stdout.contains("--- a/register/status-snapshot.txt"))
        #expect(runCLI(["generate"], in: repository.url).exit == .success)
        #expect(runCLI(["generate", "--check"], in: repository.url).exit == .success)
    }

    @Test func aLengthEditShowsUpInTheGeneratedValidator() throws {
        let repository = generatedFixtureCopy()
        let file = "evidence/video/omni-video.create.md"
        let text = try #require(repository.read(file))
        repository.write(file, text.replacingOccurrences(of: "| len <= 2500 chars |", with: "| len <= 2400 chars |"))
        let stale = runCLI(["generate", "--check"], in: repository.url)
        #expect(stale.exit == .findings)
        #expect(stale.stdout.contains("--- a/Sources/KlingValidators/Generated/OmniVideoCreate.swift"))
        #expect(stale.stdout.contains("+                run.length(value, 0, 2400, path: path, field: \"omni-video.create#body:prompt\")"))
        // Moving lines touches only the index, not the endpoint validators.
        let moved = generatedFixtureCopy()
        moved.write(file, text.replacingOccurrences(of: "## Request Body\n", with: "## Request Body\n\n\n"))
        let shifted = runCLI(["generate", "--check"], in: moved.url)
        let stalePaths = shifted.stdout.split(separator: "\n").filter { $0.hasPrefix("--- a/") }
        #expect(stalePaths == ["--- a/Sources/KlingValidators/Generated/Index.swift"])
    }

    @Test func aFailedWriteLeavesEveryPreviousFileIntact() throws {
        let repository = generatedFixtureCopy()
        let file = "evidence/video/omni-video.create.md"
        let text = try #require(repository.read(file))
        repository.write(file, text.replacingOccurrences(of: "| `\"pro\"` | `std`, `pro` |", with: "| `\"pro\"` | `std`, `pro`, `max` |"))
        let generated = ["register/status-snapshot.txt", "Sources/KlingValidators/Generated/OmniVideoCreate.swift", "Sources/KlingValidators/Generated/Index.swift"]
        let before = generated.map { repository.read($0) }
        let console = Console.capturing()
        let context = CLI.Context(console: console, environment: [:], currentDirectory: repository.url)
        let invocation = Invocation(arguments: Arguments(), context: context)
        let exit = GenerateCommand.run(invocation, writer: AtomicWriter(failAfter: 1))
        #expect(exit == .failure)
        #expect(console.stderr.contains("cannot write"))
        #expect(generated.map { repository.read($0) } == before)
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: repository.url.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
        #expect(GenerateCommand.run(invocation) == .success)
        #expect(repository.read(generated[1]) != before[1])
    }

    @Test func deletedFilesAreRestoredByteIdentical() throws {
        let repository = generatedFixtureCopy()
        for path in ["register/status-snapshot.txt", "Sources/KlingValidators/Generated/OmniVideoCreate.swift"] {
            let original = try #require(repository.read(path))
            try FileManager.default.removeItem(at: repository.url.appendingPathComponent(path))
            #expect(runCLI(["generate"], in: repository.url).exit == .success)
            #expect(repository.read(path) == original)
        }
    }
}

/// What `generate --check` prints: the remedy and the stale files first, then
/// a diff per file cut to a few hunks, each cut said so.
struct StaleOutputTests {
    @Test func theFirstLineNamesTheRemedyAndTheStaleFiles() throws {
        let repository = generatedFixtureCopy()
        let snapshot = "register/status-snapshot.txt"
        let text = try #require(repository.read(snapshot))
        #expect(text.split(separator: "\n").count > 500)
        // Edits far apart, so each is a hunk of its own.
        var edited = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in stride(from: 10, to: edited.count - 1, by: 100) { edited[index] += " hand-edited" }
        repository.write(snapshot, edited.joined(separator: "\n"))
        let validator = "Sources/KlingValidators/Generated/OmniVideoCreate.swift"
        try FileManager.default.removeItem(at: repository.url.appendingPathComponent(validator))
        let result = runCLI(["generate", "--check"], in: repository.url)
        #expect(result.exit == .findings)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "run: swift run klingreg generate (2 stale: \(validator), \(snapshot))")
        #expect(result.stderr == "2 generated files are stale; run `swift run klingreg generate`\n")
        // Three hunks of the hand-edited snapshot, then one line for the rest.
        let snapshotPart = lines.drop { $0 != "--- a/\(snapshot)" }
        #expect(snapshotPart.filter { $0.hasPrefix("@@ ") }.count == 3)
        let cut = try #require(snapshotPart.last { $0.hasPrefix("… ") } as String?)
        #expect(cut.hasSuffix("changed lines cut from \(snapshot)"))
        #expect(cut.contains("more hunks not shown"))
        // The deleted validator is one hunk, cut after twelve lines.
        let validatorPart = Array(lines.drop { $0 != "--- a/\(validator)" }.prefix { $0 != "--- a/\(snapshot)" })
        #expect(validatorPart.filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.count == 12)
        #expect(validatorPart.contains { $0.hasPrefix("… ") && $0.hasSuffix("more changed lines in this hunk not shown") })
        #expect(result.stdout.utf8.count < 8_000, "\(result.stdout.utf8.count) bytes")
    }

    @Test func aSmallDiffIsShownWhole() {
        let diff = UnifiedDiff.render(path: "x.txt", old: "a\nb\nc\n", new: "a\nB\nc\n")
        #expect(diff == "--- a/x.txt\n+++ b/x.txt\n@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n \n")
    }

    /// Texts too far apart for Myers' trace are shown as removed then added, still cut short.
    @Test func textsFarApartStillDiffAndAreCut() {
        let old = (0..<3_000).map { "old \($0)" }.joined(separator: "\n")
        let new = (0..<3_000).map { "new \($0)" }.joined(separator: "\n")
        let edits = UnifiedDiff.edits(old.split(separator: "\n").map(String.init), new.split(separator: "\n").map(String.init))
        #expect(edits.count == 6_000)
        #expect(edits.first == .removed("old 0") && edits.last == .added("new 2999"))
        let diff = UnifiedDiff.render(path: "x.txt", old: old, new: new)
        #expect(diff.split(separator: "\n").count == 2 + 1 + 12 + 2)
        #expect(diff.hasSuffix("… 5988 changed lines cut from x.txt\n"))
    }

    @Test func editsAreMinimalAndReproduceBothTexts() {
        let old = ["a", "b", "c", "d", "e", "f", "g"]
        let new = ["a", "x", "c", "d", "f", "g", "h"]
        let edits = UnifiedDiff.edits(old, new)
        let kept = edits.compactMap { edit -> String? in if case .same(let line) = edit { return line } else { return nil } }
        #expect(kept == ["a", "c", "d", "f", "g"])
        #expect(edits.compactMap { if case .added(let line) = $0 { return line } else { return nil } } == ["x", "h"])
        #expect(edits.compactMap { if case .removed(let line) = $0 { return line } else { return nil } } == ["b", "e"])
    }
}

/// `register/schema-snapshot.txt` on the fixture: one sorted line per item,
/// each with its Source keys and file, and an edit shows up as its own lines.
struct SchemaSnapshotTests {
    static let path = "register/schema-snapshot.txt"

    var lines: [String] {
        let text = fixtureGeneratedFiles.first { $0.path == Self.path }?.contents ?? ""
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("# ") }
    }

    @Test func oneSortedLinePerItemWithItsSource() {
        let lines = lines
        #expect(lines == lines.sorted())
        #expect(Set(lines).count == lines.count)
        for line in [
            #"omni-video.create endpoint POST /v1/videos/omni-video family=video scope=current captured=2026-11-20 source="OFF-3.0 \"KlingAI Series 3.0 Model API Specification\", Omni-Video" evidence/video/omni-video.create.md"#,
            #"omni-video.create#body:duration field string optional default="5" [OFF-3.0, OFF-DEV] evidence/video/omni-video.create.md"#,
            "omni-video.create#body:duration/int-string constraint int-string 3..15 [OFF-3.0, OFF-DEV] evidence/video/omni-video.create.md",
            #"rule:OV-R5 rule omni-video.create error `multi_shot == true && shot_type == "customize" => sum(num(multi_prompt[].duration)) == num(duration)` digest=omni-video.md#rule-2,envelope-and-capability-map.md#top-2 [OFF-3.0, OFF-DEV] evidence/video/omni-video.create.md"#,
            #"contra:OV-C1 contradiction refs=[omni-video.create#body:shot_type="intelligence"] A=[OFF-3.0] B=[OFF-DEV] enforced="shot_type != \"intelligence\"" evidence/video/omni-video.create.md"#,
            "cap:kling-v3-omni/duration cell int-string 3..15 [OFF-MAP, OFF-3.0] evidence/capability-map.md",
            "error-code:1201 error-code http=400 outcome=rejected [OFF-DEV] evidence/common/envelope.md",
        ] {
            #expect(lines.contains(line), "\(line)")
        }
        let endpoints = lines.filter { $0.split(separator: " ").dropFirst().first == "endpoint" }
        #expect(endpoints.count == fixture.endpoints.count)
    }

    /// A new documented optional field is two new lines (field and constraint) and nothing else in the snapshot.
    @Test func aNewFieldIsItsOwnLines() throws {
        let repository = generatedFixtureCopy()
        let file = "evidence/video/omni-video.create.md"
        let text = try #require(repository.read(file))
        let anchor = "| `callback_url` | string | optional |"
        #expect(text.contains(anchor))
        repository.write(file, text.replacingOccurrences(of: anchor, with: "| `audio_hint` | string | optional | | len <= 200 chars | OFF-3.0 | A spoken hint. |\n" + anchor))
        let stale = runCLI(["generate", "--check"], in: repository.url)
        #expect(stale.exit == .findings)
        let diff = stale.stdout.split(separator: "\n").map(String.init).drop { $0 != "--- a/\(Self.path)" }.dropFirst(2).prefix { !$0.hasPrefix("--- a/") }
        #expect(diff.filter { $0.hasPrefix("+") || $0.hasPrefix("-") } == [
            "+omni-video.create#body:audio_hint field string optional [OFF-3.0] evidence/video/omni-video.create.md",
            "+omni-video.create#body:audio_hint/len constraint len <= 200 chars [OFF-3.0] evidence/video/omni-video.create.md",
        ])
    }
}
