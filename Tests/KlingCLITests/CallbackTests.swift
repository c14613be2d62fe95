import Foundation
@testable import KlingCLI
@testable import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// The callback body: a documented endpoint the server posts to the caller,
/// validated like a payload, recorded from a callback log, seen live once recorded.
struct CallbackTests {
    static let body = #"{ "task_id": "860000000001", "task_status": "succeed", "task_status_msg": "", "created_at": 1774805076000, "updated_at": 1774805176000, "final_unit_deduction": "1.5", "task_info": { "external_task_id": "job-7", "parent_video": { "id": "p1", "url": "https://cdn.example/p.mp4", "duration": "5" } }, "task_result": { "videos": [ { "id": "v2", "url": "https://cdn.example/b.mp4", "duration": "10" } ] } }"#

    @Test func aDocumentedCallbackBodyValidates() {
        let result = runCLI(["validate", "-", "--endpoint", "callback.notify"], stdin: Self.body)
        #expect(result.exit == .success, "\(result.stdout)\(result.stderr)")
    }

    @Test func aCallbackBodyWithAWrongStatusOrAnUnknownKeyIsRefused() {
        let wrong = Self.body.replacingOccurrences(of: #""succeed""#, with: #""succeeded""#)
        let result = runCLI(["validate", "-", "--endpoint", "callback.notify"], stdin: wrong)
        #expect(result.exit == .findings)
        #expect(result.stdout.contains("task_status"), "\(result.stdout)")
        let extra = runCLI(["validate", "-", "--endpoint", "callback.notify"], stdin: Self.body.replacingOccurrences(of: #""task_id""#, with: #""final_balance_deduction": {"quota": "1"}, "task_id""#))
        #expect(extra.exit == .findings)
        #expect(extra.stdout.contains("unknown field `final_balance_deduction`"), "\(extra.stdout)")
    }

    @Test func aCallbackLogRecordsAndItsFieldsAreThenSeenLive() throws {
        let folder = TemporaryFolder.fixtureCopy()
        let before = StatusIndex(registry: RegistryLoader.load(Repository(root: folder.url)).registry)
        #expect(before.vector("callback.notify#body:final_unit_deduction")?.label.label == "doc-only")
        folder.write("cb.json", #"{ "endpoint_type": "callback", "callback": \#(Self.body.dropLast()), "undocumented": "x7" } }"#)
        let result = runCLI(["record", "cb.json", "--purpose", "a callback arrived", "--root", folder.url.path], in: folder.url)
        #expect(result.exit == .success, "\(result.stderr)")
        #expect(result.stdout.contains("wrote evidence/live/2026-03-29-callback-job-7-succeed.json"), "\(result.stdout)")
        let written = try String(contentsOf: folder.url.appendingPathComponent("evidence/live/2026-03-29-callback-job-7-succeed.json"), encoding: .utf8)
        #expect(written.contains(#""endpoint": "callback.notify""#))
        #expect(written.contains(#""task": "succeed""#))
        // An undocumented key keeps only a digest of its value.
        #expect(!written.contains("x7") && written.contains(#""undocumented": {"#))
        let load = RegistryLoader.load(Repository(root: folder.url))
        #expect(!load.failed)
        let after = StatusIndex(registry: load.registry)
        #expect(after.vector("callback.notify#body:final_unit_deduction")?.label.label == "doc+live")
        #expect(after.vector("callback.notify#body:task_info.parent_video.duration")?.label.label == "doc+live")
        #expect(after.vector("callback.notify#body:task_result.images[].index")?.label.label == "doc-only")
    }

    @Test(arguments: [
        (#"{ "endpoint_type": "callback", "callback": { "task_id": "1" } }"#, "callback.updated_at and callback.created_at are missing"),
        (#"{ "endpoint_type": "callback", "callback": { "updated_at": 1774805176000 } }"#, "neither callback.task_info.external_task_id nor callback.task_id names the task"),
        (#"{ "endpoint_type": "omni-video", "callback": { "task_id": "1", "updated_at": 1774805176000 } }"#, #"a callback log has endpoint_type "callback" or none"#),
        (#"{ "callback": { "task_id": "1", "updated_at": 1774805176000 }, "payload": {} }"#, "a callback log holds endpoint_type and callback only, not payload"),
    ])
    func aMalformedCallbackLogIsRefused(log: String, message: String) {
        let folder = TemporaryFolder.fixtureCopy()
        folder.write("cb.json", log)
        let result = runCLI(["record", "cb.json", "--root", folder.url.path], in: folder.url)
        #expect(result.exit == .findings)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        let live = (try? FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("evidence/live").path)) ?? []
        #expect(!live.contains { $0.contains("callback") })
    }

    @Test func theOpenAPIExportPutsTheCallbackUnderWebhooks() throws {
        let registry = RegistryLoader.load(Repository(root: fixtureRoot)).registry
        let document = JSONSchemaExporter(registry: registry, index: StatusIndex(registry: registry)).openAPI()
        guard case .object(let root) = document, case .object(let paths)? = root["paths"], case .object(let webhooks)? = root["webhooks"] else {
            Issue.record("no paths or webhooks")
            return
        }
        #expect(!paths.keys.contains(Endpoint.callbackPath))
        #expect(webhooks.keys == ["callback.notify"])
    }
}
