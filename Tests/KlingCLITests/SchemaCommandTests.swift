import Foundation
import KlingRuntime
import KlingTestSupport
import Testing

struct SchemaCommandTests {
    func constraints(_ schema: JSONValue, _ path: String) -> [String: JSONValue] {
        let fields = schema["endpoint"]?["fields"]?.arrayValue ?? []
        let field = fields.first { $0["path"] == .string(path) && $0["part"] == .string("body") }
        var byKind: [String: JSONValue] = [:]
        for constraint in field?["constraints"]?.arrayValue ?? [] {
            if case .string(let kind)? = constraint["kind"] { byKind[kind] = constraint }
        }
        return byKind
    }

    func json(_ text: String) -> JSONValue { try! JSONReader().parse(text) }

    @Test func omniVideoCreateConstraintsAreStructured() throws {
        let result = runCLI(["schema", "omni-video.create", "--format", "json"])
        #expect(result.exit == .success)
        let schema = try JSONReader().parse(result.stdout)
        #expect(constraints(schema, "multi_prompt")["items"] == json(#"{"kind":"items","min":1,"max":6}"#))
        #expect(constraints(schema, "prompt")["len"] == json(#"{"kind":"len","max":2500,"unit":"utf16"}"#))
        #expect(constraints(schema, "duration")["int-string"] == json(#"{"kind":"int-string","min":3,"max":15}"#))
        let fields = schema["endpoint"]?["fields"]?.arrayValue ?? []
        #expect(fields.first { $0["path"] == .string("duration") }?["default"] == .string("5"))
        #expect(fields.first { $0["path"] == .string("mode") }?["default"] == .string("pro"))
        let image = constraints(schema, "image_list[].image_url")
        #expect(image["bytes"] == json(#"{"kind":"bytes","max":10,"unit":"MB","decoded":true,"maxBytes":10000000,"needsMedia":true}"#))
        #expect(image["min-side"] == json(#"{"kind":"min-side","min":300,"needsMedia":true}"#))
        #expect(image["aspect"] == json(#"{"kind":"aspect","min":"1:2.5","max":"2.5:1","needsMedia":true}"#))
        #expect(image["format"] == json(#"{"kind":"format","formats":["jpg","jpeg","png"],"needsMedia":true}"#))
        let video = constraints(schema, "video_list[].video_url")
        #expect(video["side"] == json(#"{"kind":"side","min":720,"max":2160,"needsMedia":true}"#))
        #expect(video["duration"] == json(#"{"kind":"duration","min":3,"max":10,"unit":"s","needsMedia":true}"#))
        #expect(video["fps"] == json(#"{"kind":"fps","min":24,"max":60,"needsMedia":true}"#))
        #expect(video["bytes"]?["maxBytes"] == .number(JSONNumber(200_000_000)))
        #expect(video["format"]?["formats"] == json(#"["mp4","mov"]"#))
    }

    @Test func capabilityCellsAnswerThroughSchema() throws {
        let o1 = runCLI(["schema", "cap:kling-video-o1/t2v-duration"])
        #expect(o1.exit == .success)
        #expect(o1.stdout.hasPrefix("cap:kling-video-o1/t2v-duration = `\"5\"`, `\"10\"`"))
        let omni = runCLI(["schema", "cap:kling-v3-omni/duration", "--format", "json"])
        let cell = try JSONReader().parse(omni.stdout)
        #expect(cell["cell"]?["value"] == json(#"{"kind":"int-string","min":3,"max":15}"#))
        #expect(runCLI(["schema", "cap:kling-v3-omni/nope"]).exit == .failure)
        let unknown = runCLI(["schema", "omni-video.craete"])
        #expect(unknown.exit == .failure)
        #expect(unknown.stderr.contains("did you mean 'omni-video.create'?"))
    }

    @Test func wholeSchemaListsEveryEndpointAndNoRawConstraint() throws {
        let result = runCLI(["schema", "--format", "json"])
        #expect(result.exit == .success)
        let schema = try JSONReader().parse(result.stdout)
        let endpoints = schema["schema"]?["endpoints"]?.arrayValue ?? []
        #expect(endpoints.count == 13)
        // Every constraint is structured: a known kind and no text left to parse.
        let kinds = Set(["enum", "range", "int-string", "len", "items", "bytes", "min-side", "side", "aspect", "size", "format", "encoding", "duration", "fps", "non-empty", "children"])
        for endpoint in endpoints {
            for field in endpoint["fields"]?.arrayValue ?? [] {
                for constraint in field["constraints"]?.arrayValue ?? [] {
                    guard case .string(let kind)? = constraint["kind"] else { Issue.record("constraint without kind"); continue }
                    #expect(kinds.contains(kind))
                    #expect(constraint["text"] == nil && constraint["raw"] == nil)
                }
            }
        }
    }

    /// Same bytes on every run, whatever order the folder is listed in.
    @Test func schemaIsDeterministicAcrossRunsAndEnumerationOrder() throws {
        let first = runCLI(["schema", "--format", "json"]).stdout
        let second = runCLI(["schema", "--format", "json"]).stdout
        #expect(first == second)
        // A copy whose files are created in reverse order, so the file system lists them differently.
        let copy = TemporaryFolder.emptyRepository()
        let evidence = fixtureRoot.appendingPathComponent("evidence")
        let files = (FileManager.default.enumerator(at: evidence, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "md" }
            .sorted { $0.path > $1.path }
        for file in files {
            let relative = String(file.standardizedFileURL.path.dropFirst(fixtureRoot.standardizedFileURL.path.count + 1))
            copy.write(relative, try String(contentsOf: file, encoding: .utf8))
        }
        let fromCopy = runCLI(["schema", "--format", "json"], in: copy.url)
        #expect(fromCopy.exit == .success)
        #expect(fromCopy.stdout == first)
    }
}
