import Foundation
@testable import KlingCLI
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// `record` for every create endpoint the evidence documents, one label per record,
/// and the derived files a new record makes stale.
struct RecordReachTests {
    static func response(_ requestID: String) -> String {
        #"{ "code": 0, "message": "SUCCEED", "request_id": "\#(requestID)", "data": { "task_id": "867283741759111299", "task_status": "submitted", "created_at": 1774805076166, "updated_at": 1774805076166 } }"#
    }

    /// A valid golden payload of each create endpoint of the fixture, logged under its family name.
    @Test func everyCreateEndpointOfTheEvidenceRecords() throws {
        let folder = TemporaryFolder.fixtureCopy()
        let registry = RegistryLoader.load(Repository(root: folder.url)).registry
        var recorded = 0
        for endpoint in registry.endpoints where endpoint.id.hasSuffix(".create") && endpoint.scope == .current {
            guard let golden = registry.goldens.first(where: { $0.endpoint == endpoint.id && $0.valid }) else { continue }
            let family = String(endpoint.id.dropLast(".create".count))
            folder.write("log-\(family).json", #"{ "endpoint_type": "\#(family)", "payload": \#(JSONWriter(style: .compact).string(golden.payload)), "response": \#(Self.response("req-\(family)")) }"#)
            let result = runCLI(["record", "log-\(family).json", "--purpose", "reach \(family)", "--root", folder.url.path], in: folder.url)
            #expect(result.exit == .success, "\(endpoint.id): \(result.stderr)")
            #expect(result.stdout.contains("wrote evidence/live/"), "\(endpoint.id): \(result.stdout)")
            recorded += 1
        }
        #expect(recorded >= 3)
        #expect(RegistryLoader.load(Repository(root: folder.url)).failed == false)
    }

    @Test func anUnknownEndpointTypeListsTheKnownOnes() throws {
        let folder = TemporaryFolder.fixtureCopy()
        folder.write("log.json", #"{ "endpoint_type": "text2vidoe", "payload": {}, "response": \#(Self.response("r")) }"#)
        let result = runCLI(["record", "log.json", "--root", folder.url.path], in: folder.url)
        #expect(result.exit == .findings)
        #expect(result.stderr.contains("endpoint_type must be one of ") && result.stderr.contains("element") && result.stderr.contains("text2video"))
    }

    @Test func aLabelAlreadyHeldIsRefusedAndNothingIsWritten() throws {
        let folder = TemporaryFolder.fixtureCopy()
        let registry = RegistryLoader.load(Repository(root: folder.url)).registry
        let held = try #require(registry.records.compactMap(\.label).first)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("evidence/live").path).count
        folder.write("log.json", #"{ "endpoint_type": "text2video", "payload": { "prompt": "p", "model_name": "kling-v3", "duration": "5", "mode": "std", "external_task_id": "label-test-1" }, "response": \#(Self.response("r-1")) }"#)
        let result = runCLI(["record", "log.json", "--label", held, "--root", folder.url.path], in: folder.url)
        #expect(result.exit == .findings)
        #expect(result.stderr.contains("--label \(held): already the label of "))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("evidence/live").path).count == before)
        let two = runCLI(["record", "log.json", "log.json", "--label", "L99", "--root", folder.url.path], in: folder.url)
        #expect(two.exit == .findings)
        #expect(two.stderr.contains("--label L99: one label names one record, and 2 logs were given"))
    }

    @Test func writingARecordNamesTheStaleDerivedFiles() throws {
        let folder = TemporaryFolder.repositoryCopy()
        folder.write("log.json", #"{ "endpoint_type": "text2video", "payload": { "prompt": "p", "model_name": "kling-v3", "duration": "5", "mode": "pro", "external_task_id": "stale-test-1" }, "response": \#(Self.response("r-2")) }"#)
        let result = runCLI(["record", "log.json", "--purpose", "stale files", "--root", folder.url.path], in: folder.url)
        #expect(result.exit == .success, "\(result.stderr)")
        #expect(result.stderr.contains("register/status-snapshot.txt"), "\(result.stderr)")
        #expect(result.stderr.contains("run: swift run klingreg generate"))
    }

    /// A `data:` header sent with base64 stays in the digest, so the record can show
    /// it was sent, and the recorded request is judged as the one that sent it.
    @Test func aDataPrefixStaysInTheMediaDigest() throws {
        let folder = TemporaryFolder.fixtureCopy()
        let png = TestImages.base64(TestImages.png(width: 512, height: 512))
        folder.write("log.json", #"{ "endpoint_type": "image2video", "payload": { "model_name": "kling-v1", "image": "data:image/png;base64,\#(png)", "prompt": "A fox." }, "response": \#(Self.response("req-prefix")) }"#)
        let result = runCLI(["record", "log.json", "--purpose", "prefix sent", "--root", folder.url.path], in: folder.url)
        #expect(result.exit == .success, "\(result.stderr)")
        let live = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("evidence/live").path).filter { $0.contains("req-prefix") }
        let file = try #require(live.first)
        let text = try String(contentsOf: folder.url.appendingPathComponent("evidence/live/\(file)"), encoding: .utf8)
        #expect(text.contains(#""prefix": "data:image/png;base64,""#), "\(text)")
        #expect(!text.contains(png))
        let load = RegistryLoader.load(Repository(root: folder.url))
        let record = try #require(load.registry.records.first { $0.id == String(file.dropLast(5)) })
        let request = try #require(record.calls.first?.request)
        let findings = PayloadValidator(registry: load.registry).validate(.object(request), endpoint: "image2video.create", options: ValidationOptions(policy: false)).errors
        #expect(findings.contains { $0.path == "image" && $0.message.contains("data:image/png;base64,") }, "\(findings.map(\.message))")
    }
}
