import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// The program cache of `validate`: keyed by the contents it was lowered from, and
/// never trusted when a file of it is missing, truncated or altered.
struct ValidateCacheTests {
    static let payload = #"{ "model_name": "kling-v3-omni", "mode": "standard", "prompt": "A fox.", "aspect_ratio": "16:9" }"#

    struct Setup {
        let repository = TemporaryFolder.fixtureCopy()
        let cache = TemporaryFolder()
        var environment: [String: String] { ["KLINGREG_CACHE_DIR": cache.url.path] }

        func validate() -> CLIResult {
            runCLI(["validate", "-", "--endpoint", "omni-video.create", "--format", "json"], in: repository.url, environment: environment, stdin: ValidateCacheTests.payload)
        }

        /// The one entry's folder, by its key.
        func entries() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: cache.url.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        }

        func programFile() throws -> URL {
            let entry = try #require(entries().first)
            return cache.url.appendingPathComponent(entry).appendingPathComponent("omni-video.create.json")
        }
    }

    @Test func aSecondRunReadsTheEntryAndSaysTheSame() throws {
        let setup = Setup()
        let first = setup.validate()
        #expect(first.exit == .findings, "\(first.stdout)\(first.stderr)")
        let entries = setup.entries()
        #expect(entries.count == 1 && entries[0].count == 64, "\(entries)")
        #expect(FileManager.default.fileExists(atPath: try setup.programFile().path))
        let second = setup.validate()
        #expect(second.exit == first.exit)
        #expect(second.stdout == first.stdout)
        // And both agree with a run without any cache.
        let uncached = runCLI(["validate", "-", "--endpoint", "omni-video.create", "--format", "json"], in: setup.repository.url, stdin: Self.payload)
        #expect(uncached.stdout == first.stdout)
    }

    @Test(arguments: ["altered", "truncated", "removed", "index"])
    func aDamagedEntryIsRebuiltNotTrusted(damage: String) throws {
        let setup = Setup()
        let first = setup.validate()
        let file = try setup.programFile()
        let text = try String(contentsOf: file, encoding: .utf8)
        switch damage {
        case "altered":
            // Still a valid program, but not the one lowered: `mode` takes "standard", so trusting
            // it would drop this payload's enum error.
            let altered = text.replacingOccurrences(of: #"["\"std\"","\"pro\""]"#, with: #"["\"std\"","\"pro\"","\"standard\""]"#)
            #expect(altered != text)
            #expect(first.stdout.contains("enum"), "the payload's error is the enum one")
            try altered.write(to: file, atomically: true, encoding: .utf8)
        case "truncated":
            try String(text.prefix(text.count / 2)).write(to: file, atomically: true, encoding: .utf8)
        case "removed":
            try FileManager.default.removeItem(at: file)
        default:
            try "{\"format\": 1".write(to: file.deletingLastPathComponent().appendingPathComponent("index.json"), atomically: true, encoding: .utf8)
        }
        let again = setup.validate()
        #expect(again.exit == first.exit)
        #expect(again.stdout == first.stdout, "\(damage): \(again.stdout)")
        // The rebuilt entry is whole again.
        #expect(try String(contentsOf: setup.programFile(), encoding: .utf8) == text)
    }

    @Test func anEvidenceEditIsANewKeyAndTheOldEntryGoes() throws {
        let setup = Setup()
        _ = setup.validate()
        let before = setup.entries()
        setup.cache.write("keep-me.txt", "not an entry")
        let file = "evidence/video/omni-video.create.md"
        let text = try #require(setup.repository.read(file))
        let edited = text.replacingOccurrences(of: "| `\"pro\"` | `std`, `pro` |", with: "| `\"pro\"` | `std`, `pro`, `standard` |")
        #expect(edited != text)
        setup.repository.write(file, edited)
        let after = setup.validate()
        #expect(!after.stdout.contains("\"constraint\" : \"enum\"") && !after.stdout.contains(#""constraint":"enum""#), "the edit is seen: \(after.stdout)")
        let entries = setup.entries()
        #expect(entries.count == 2 && !entries.contains(before[0]), "\(entries)")
        #expect(entries.contains("keep-me.txt"), "only entries are removed")
    }

    /// What the load said is said again on a hit: an entry keeps the load's warnings.
    @Test func aHitRepeatsWhatTheLoadSaid() throws {
        let setup = Setup()
        _ = setup.validate()
        let index = try setup.programFile().deletingLastPathComponent().appendingPathComponent("index.json")
        let text = try String(contentsOf: index, encoding: .utf8)
        let said = "evidence/video/omni-video.create.md:3:1: warning: a warning the load gave"
        let edited = text.replacingOccurrences(of: #""diagnostics":[]"#, with: #""diagnostics":[""# + said + #""]"#)
        #expect(edited != text, "\(text.prefix(200))")
        try edited.write(to: index, atomically: true, encoding: .utf8)
        let again = setup.validate()
        #expect(again.stderr.contains(said), "\(again.stderr)")
    }
}
