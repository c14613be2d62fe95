import Foundation
import KlingRuntime
import KlingTestSupport
import Testing
@testable import KlingCLI

/// Takes the L1 record out of a repository copy, and the golden cases whose oracle names it.
func removeL1(_ repository: TemporaryFolder) throws {
    try FileManager.default.removeItem(at: repository.url.appendingPathComponent(RecordCommandTests.l1))
    try FileManager.default.removeItem(at: repository.url.appendingPathComponent("evidence/payloads"))
}

struct RecordCommandTests {
    static let fixture = packageRoot.appendingPathComponent("Tests/KlingCLITests/Fixtures/request-log-text2video-kling-v3.json")
    static let l1 = "evidence/live/2026-03-29-text2video-text2video-kling-v3-final-1774805076.json"

    func record(_ repository: TemporaryFolder, _ log: URL) -> CLIResult {
        runCLI(["record", "--purpose", "verify text2video with kling-v3", "--label", "L1", log.path], in: repository.url)
    }

    @Test func writesTheCheckedInL1RecordByteForByteAndIsIdempotent() throws {
        let repository = TemporaryFolder.repositoryCopy()
        try removeL1(repository)
        let first = record(repository, Self.fixture)
        #expect(first.exit == .success)
        #expect(first.stdout == "wrote \(Self.l1)\n")
        let written = try #require(repository.read(Self.l1))
        let checkedIn = try String(contentsOf: packageRoot.appendingPathComponent(Self.l1), encoding: .utf8)
        #expect(written == checkedIn)
        let second = record(repository, Self.fixture)
        #expect(second.exit == .success)
        #expect(second.stdout == "unchanged \(Self.l1)\n")
        #expect(repository.read(Self.l1) == checkedIn)
    }

    @Test(arguments: [
        ("headers", #"{"Authorization": "Bearer sk-test-0123456789"}"#, "sk-test-0123456789"),
        ("prompt", #""Smile. eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJBS0VZMTIzIn0.c2lnbmF0dXJl""#, "eyJhbGciOiJIUzI1NiJ9"),
        ("access_key", #""AKEXAMPLE123""#, "AKEXAMPLE123"),
    ])
    func secretsAreRefusedAndNothingIsWritten(where place: String, json: String, secret: String) throws {
        var log = try String(contentsOf: Self.fixture, encoding: .utf8)
        switch place {
        case "headers": log = log.replacingOccurrences(of: "{\n  \"endpoint_type\"", with: "{\n  \"headers\": \(json),\n  \"endpoint_type\"")
        case "prompt": log = log.replacingOccurrences(of: #""prompt": "A calm woman looks at the camera and slowly smiles, natural motion, clean lighting.""#, with: #""prompt": "# + json)
        default: log = log.replacingOccurrences(of: #""duration": "5","#, with: #""duration": "5", "access_key": "# + json + ",")
        }
        #expect(log.contains(secret))
        let repository = TemporaryFolder.repositoryCopy()
        try removeL1(repository)
        repository.write("log.json", log)
        let before = try FileManager.default.contentsOfDirectory(atPath: repository.url.appendingPathComponent("evidence/live").path).sorted()
        let result = record(repository, repository.url.appendingPathComponent("log.json"))
        #expect(result.exit == .findings)
        #expect(result.stderr.contains("refused"))
        #expect(!result.stderr.contains(secret) && !result.stdout.contains(secret))
        let after = try FileManager.default.contentsOfDirectory(atPath: repository.url.appendingPathComponent("evidence/live").path).sorted()
        #expect(after == before)
    }

    @Test func aRejectionNeedsABlame() throws {
        var log = try String(contentsOf: Self.fixture, encoding: .utf8)
        log = log.replacingOccurrences(of: #""code": 0,"#, with: #""code": 1201,"#).replacingOccurrences(of: #""message": "SUCCEED""#, with: #""message": "request is wrong""#)
        let repository = TemporaryFolder.repositoryCopy()
        try removeL1(repository)
        repository.write("log.json", log)
        let refused = record(repository, repository.url.appendingPathComponent("log.json"))
        #expect(refused.exit == .findings)
        #expect(refused.stderr.contains("give --blame REF"))
        let blamed = runCLI(["record", repository.url.appendingPathComponent("log.json").path, "--blame", #"text2video.create#body:mode="std""#], in: repository.url)
        #expect(blamed.exit == .success)
        let text = try #require(repository.read(Self.l1))
        #expect(text.contains(#""create": "rejected""#))
        #expect(text.contains(#""text2video.create#body:mode=\"std\"""#))
        // The new record loads and the repository stays consistent.
        let check = runCLI(["check"], in: repository.url)
        #expect(check.exit != .failure)
        #expect(!check.stderr.contains("evidence/live/2026-03-29-text2video"))
    }

    @Test func inlineImagesBecomeDigests() throws {
        var log = try String(contentsOf: Self.fixture, encoding: .utf8)
        let png = TestImages.base64(TestImages.png(width: 640, height: 480))
        log = log.replacingOccurrences(of: #""endpoint_type": "text2video""#, with: #""endpoint_type": "image2video""#)
            .replacingOccurrences(of: #""duration": "5","#, with: #""duration": "5", "image": "\#(png)","#)
        let repository = TemporaryFolder.repositoryCopy()
        repository.write("log.json", log)
        let result = runCLI(["record", repository.url.appendingPathComponent("log.json").path], in: repository.url)
        #expect(result.exit == .success)
        let path = "evidence/live/2026-03-29-image2video-text2video-kling-v3-final-1774805076.json"
        let record = try JSONReader().parse(try #require(repository.read(path)))
        let digest = record["calls"]?.arrayValue?.first?["request"]?["image"]?["$digest"]
        #expect(digest?["sha256"] == .string(SHA256.hex(TestImages.png(width: 640, height: 480))))
        #expect(digest?["media"] == .string("image/png"))
        #expect(digest?["px"] == .string("640x480"))
        #expect(!(repository.read(path) ?? "").contains(png))
    }
}
