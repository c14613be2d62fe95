import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// `classify` says why a payload is only doc-derived, and exits 1 for an invalid one.
struct ClassifyReasonTests {
    /// An accepted record with a complete request: its own request, less one key, is the case.
    static func completeRecordRequest() throws -> (endpoint: String, request: JSONObject, record: String) {
        let load = RegistryLoader.load(Repository(root: fixtureRoot))
        for record in load.registry.records where record.contributes && record.requestKnown == .complete && !record.calls.contains(where: { $0.create == .rejected }) {
            for call in record.calls where call.create == .accepted && call.endpoint.hasSuffix(".create") {
                if let request = call.request, request.members.count >= 3 { return (call.endpoint, request, record.label ?? record.id) }
            }
        }
        throw Missing()
    }

    struct Missing: Error {}

    @Test func droppingAKeyOfTheRecordSaysWhichAndWhichRecord() throws {
        let (endpoint, request, record) = try Self.completeRecordRequest()
        // Drop an optional key that is not the model, so the rest still matches the record.
        let load = RegistryLoader.load(Repository(root: fixtureRoot))
        let dropped = try #require(request.keys.first { key in key != "model_name" && load.registry.endpoint(endpoint)?.field(key, in: .body)?.requirement == .optional })
        let folder = TemporaryFolder()
        folder.write("p.json", JSONWriter(style: .compact).string(.object(JSONObject(request.members.filter { $0.key != dropped }))))
        let result = runCLI(["classify", folder.url.appendingPathComponent("p.json").path, "--endpoint", endpoint, "--format", "json"])
        let value = try JSONReader().parse(result.stdout)
        #expect(value["class"] != .string("live-confirmed"), "\(result.stdout)")
        #expect(value["nearest"]?["record"] == .string(record))
        #expect(value["nearest"]?["onlyInRecord"]?.arrayValue?.contains(.string("key:\(dropped)")) == true, "\(result.stdout)")
        let text = runCLI(["classify", folder.url.appendingPathComponent("p.json").path, "--endpoint", endpoint])
        #expect(text.stdout.contains("not live-confirmed: the nearest accepted record is \(record) (complete request), which differs in:"))
        #expect(text.stdout.contains("  - key:\(dropped)  (the record sent it; this payload does not)"))
    }

    @Test func anInvalidPayloadExitsOne() {
        let folder = TemporaryFolder()
        folder.write("p.json", #"{ "prompt": "p", "seed": 42 }"#)
        let result = runCLI(["classify", folder.url.appendingPathComponent("p.json").path, "--endpoint", "text2video.create"])
        #expect(result.exit == .findings)
        #expect(result.stdout.hasPrefix("invalid"))
    }

    @Test func aMissingOrNearMissEndpointListsTheIDs() throws {
        let load = RegistryLoader.load(Repository(root: fixtureRoot))
        let missing = runCLI(["classify", "p.json"])
        #expect(missing.exit == .failure)
        #expect(missing.stderr.contains("classify: --endpoint ID is required; one of: " + load.registry.endpoints.map(\.id).joined(separator: ", ")))
        let validate = runCLI(["validate", "p.json"])
        #expect(validate.stderr.contains("validate: --endpoint ID is required; one of: "))
        let family = try #require(load.registry.endpoints.first { $0.id.hasSuffix(".create") }).id.replacingOccurrences(of: ".create", with: "")
        let near = runCLI(["validate", "p.json", "--endpoint", family])
        let members = load.registry.endpoints.map(\.id).filter { $0.hasPrefix(family + ".") }
        #expect(near.stderr.contains("no endpoint '\(family)'; did you mean one of " + members.map { "'\($0)'" }.joined(separator: ", ") + "?"), "\(near.stderr)")
    }
}
