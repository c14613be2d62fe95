import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing
@testable import KlingCLI

/// Takes the L1 record out of a repository copy, the golden cases whose oracle names it, and the residual row's citation of it.
func removeL1(_ repository: TemporaryFolder) throws {
    try FileManager.default.removeItem(at: repository.url.appendingPathComponent(RecordCommandTests.l1))
    try FileManager.default.removeItem(at: repository.url.appendingPathComponent("evidence/payloads"))
    let id = "2026-03-29-text2video-text2video-kling-v3-final-1774805076"
    let residuals = try #require(repository.read("register/residuals.md"))
    repository.write("register/residuals.md", residuals.replacingOccurrences(of: "`live:\(id)`, ", with: "").replacingOccurrences(of: "\(id), ", with: ""))
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

    static let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBS0VYQU1QTEUiLCJleHAiOjE3NzQ4MDUwNzZ9.c2lnbmF0dXJl"

    /// `(what to put where, the secret it carries)`: the shapes the tracker found written,
    /// placed at the top of the log, in the payload, in the id that names the file, and in the response.
    static let logShapes: [(place: String, json: String, secret: String, refusal: String)] = [
        ("top", #""ak": "AKEXAMPLE0001", "sk": "SKEXAMPLE0002""#, "SKEXAMPLE0002", "a credential under the key \"ak\" at ak"),
        ("payload", #""kling_access_key": "AKEXAMPLE0001""#, "AKEXAMPLE0001", "a credential under the key \"kling_access_key\" at payload.kling_access_key"),
        ("payload", #""accessKeySecret": "SKEXAMPLE0002""#, "SKEXAMPLE0002", "a credential under the key \"accessKeySecret\" at payload.accessKeySecret"),
        ("top", #""headers": {"Authorization": "Bearer\tsk-test-0123456789"}"#, "sk-test-0123456789", "a credential under the key \"Authorization\" at headers.Authorization"),
        ("top", #""headers": {"X-Trace": "Bearer  sk-test-0123456789"}"#, "sk-test-0123456789", "a Bearer credential at headers[\"X-Trace\"]"),
        ("payload", #""part_a": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", "part_b": "eyJpc3MiOiJBS0VYQU1QTEUiLCJleHAiOjE3NzQ4MDUwNzZ9.c2ln""#, "eyJpc3MiOiJBS0VYQU1QTEUiLCJleHAiOjE3NzQ4MDUwNzZ9", "a JWT split across adjacent fields at payload.part_a"),
        ("payload", #""note": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9%2EeyJpc3MiOiJBS0VYQU1QTEUiLCJleHAiOjE3NzQ4MDUwNzZ9%2Ec2ln""#, "eyJpc3MiOiJBS0VYQU1QTEUiLCJleHAiOjE3NzQ4MDUwNzZ9", "a JWT at payload.note"),
        ("payload", #""note": "x\#(jwt)""#, "c2lnbmF0dXJl", "a JWT at payload.note"),
        ("top", #""har": {"headers": [{"name": "Authorization", "value": "AKEXAMPLE0001"}]}"#, "AKEXAMPLE0001", "a credential in a name/value pair named \"Authorization\" at har.headers[0]"),
        ("top", #""headers": [["Authorization", "AKEXAMPLE0001"]]"#, "AKEXAMPLE0001", "a credential in a [name, value] pair named \"Authorization\" at headers[0]"),
        ("payload", #""callback_url": "https://example.com/cb#token=AKEXAMPLE0001""#, "AKEXAMPLE0001", "a credential in a URL fragment at payload.callback_url"),
        ("payload", #""callback_url": "https://example.com/cb?a=1;token=AKEXAMPLE0001""#, "AKEXAMPLE0001", "a credential in a URL query at payload.callback_url"),
        ("payload", #""callback_url": "https://user:AKEXAMPLE0001@example.com/cb""#, "AKEXAMPLE0001", "credentials in a URL's userinfo at payload.callback_url"),
        ("id", #"sk-proj-0123456789abcdefABCD"#, "0123456789abcdefABCD", "an API token at payload.external_task_id"),
        ("id", #"\#(jwt)"#, "c2lnbmF0dXJl", "a JWT at payload.external_task_id"),
        ("top", #""auth": "Basic QUtFWEFNUExFMDAwMTpTS0VYQU1QTEUwMDAy""#, "QUtFWEFNUExFMDAwMTpTS0VYQU1QTEUwMDAy", "a credential under the key \"auth\" at auth"),
        ("payload", #""negative_prompt": "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBg\n-----END PRIVATE KEY-----""#, "MIIBVQIBADANBg", "a PEM block at payload.negative_prompt"),
        ("payload", #""note": "QUtFWEFNUExFMDAwMTpTS0VYQU1QTEUwMDAy""#, "QUtFWEFNUExFMDAwMTpTS0VYQU1QTEUwMDAy", "base64 of a name:secret pair at payload.note"),
        ("message", #"token AKEXAMPLE0001 is not valid: Bearer sk-test-0123456789"#, "sk-test-0123456789", "a Bearer credential at response.message"),
        ("message", #"Authorization: Basic QUtFWEFNUExFMDAwMTpTS0VYQU1QTEUwMDAy"#, "QUtFWEFNUExFMDAwMTpTS0VYQU1QTEUwMDAy", "a Basic credential at response.message"),
    ]

    static func log(with shape: (place: String, json: String, secret: String, refusal: String)) throws -> String {
        let log = try String(contentsOf: fixture, encoding: .utf8)
        switch shape.place {
        case "top": return log.replacingOccurrences(of: "{\n  \"endpoint_type\"", with: "{\n  \(shape.json),\n  \"endpoint_type\"")
        case "payload": return log.replacingOccurrences(of: #""duration": "5","#, with: #""duration": "5", "# + shape.json + ",")
        case "id": return log.replacingOccurrences(of: "text2video_kling_v3_final-1774805076", with: shape.json)
        default: return log.replacingOccurrences(of: #""message": "SUCCEED""#, with: #""message": ""# + shape.json + #"""#)
        }
    }

    @Test(arguments: logShapes.indices)
    func everyShapeOfSecretIsRefusedBeforeAnythingIsWritten(_ index: Int) throws {
        let shape = Self.logShapes[index]
        let log = try Self.log(with: shape)
        #expect(log.contains(shape.secret))
        let repository = TemporaryFolder.repositoryCopy()
        try removeL1(repository)
        repository.write("log.json", log)
        let live = repository.url.appendingPathComponent("evidence/live").path
        let before = try FileManager.default.contentsOfDirectory(atPath: live).sorted()
        let result = record(repository, repository.url.appendingPathComponent("log.json"))
        #expect(result.exit == .findings, "\(shape.json): \(result.stdout)")
        #expect(result.stderr == "klingreg: error: \(repository.url.appendingPathComponent("log.json").path): refused: the log holds \(shape.refusal); nothing was written\n")
        #expect(!result.stderr.contains(shape.secret) && !result.stdout.contains(shape.secret))
        #expect(try FileManager.default.contentsOfDirectory(atPath: live).sorted() == before)
    }

    /// A record that would not load is not written: the run dated after the day
    /// of the run (pinned to 2026-03-31 here), or a model no evidence documents.
    @Test(arguments: [
        ("future", #""created_at": 1774805076166,"#, #""created_at": 1775390400000,"#, "observed 2026-04-05 is after today (2026-03-31)"),
        ("model", #""model_name": "kling-v3","#, #""model_name": "kling-v9-ultra","#, "model \"kling-v9-ultra\" is documented nowhere"),
    ])
    func aRecordThatWouldNotLoadIsNotWritten(_ name: String, _ old: String, _ new: String, _ reason: String) throws {
        let log = try String(contentsOf: Self.fixture, encoding: .utf8).replacingOccurrences(of: old, with: new)
        let repository = TemporaryFolder.repositoryCopy()
        try removeL1(repository)
        repository.write("log.json", log)
        let console = Console.capturing()
        let context = CLI.Context(console: console, environment: [:], currentDirectory: repository.url, today: CalendarDay("2026-03-31")!)
        let exit = CLI.run(["record", "--purpose", "p", repository.url.appendingPathComponent("log.json").path], context: context)
        #expect(exit == .findings)
        #expect(console.stderr.contains("refused: the record would not load (\(reason)"), "\(console.stderr)")
        let live = try FileManager.default.contentsOfDirectory(atPath: repository.url.appendingPathComponent("evidence/live").path)
        #expect(!live.contains { $0.contains("kling-v3-final") })
    }

    @Test func undocumentedKeysKeepOnlyADigestOfTheirValue() throws {
        var log = try String(contentsOf: Self.fixture, encoding: .utf8)
        log = log.replacingOccurrences(of: #""duration": "5","#, with: #""duration": "5", "client_tag": "team-blue-7", "extras": {"seed": 42},"#)
            .replacingOccurrences(of: #""code": 0,"#, with: #""code": 0, "trace_hint": "edge-7f3a","#)
        let repository = TemporaryFolder.repositoryCopy()
        try removeL1(repository)
        repository.write("log.json", log)
        let result = record(repository, repository.url.appendingPathComponent("log.json"))
        #expect(result.exit == .success, "\(result.stderr)")
        let text = try #require(repository.read(Self.l1))
        #expect(!text.contains("team-blue-7") && !text.contains("42") && !text.contains("edge-7f3a"))
        let call = try #require(try JSONReader().parse(text)["calls"]?.arrayValue?.first)
        func digest(_ json: String) -> JSONValue {
            let bytes = Array(json.utf8)
            return .object(JSONObject([(key: "$digest", value: .object(JSONObject([
                (key: "sha256", value: .string(SHA256.hex(bytes))), (key: "bytes", value: .number(JSONNumber(bytes.count))),
                (key: "media", value: .null), (key: "px", value: .null),
            ])))]))
        }
        #expect(call["request"]?["client_tag"] == digest(#""team-blue-7""#))
        #expect(call["request"]?["extras"] == digest(#"{"seed":42}"#))
        #expect(call["response"]?["trace_hint"] == digest(#""edge-7f3a""#))
        // Documented fields keep their values.
        #expect(call["request"]?["mode"] == .string("std"))
        #expect(call["response"]?["data"]?["task_id"] == .string("867283741759111202"))
        // The record loads (the scratch copy lacks the golden cases, so coverage findings remain).
        let check = runCLI(["check"], in: repository.url)
        #expect(check.exit != .failure)
        #expect(!check.stderr.contains("evidence/live/"))
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
