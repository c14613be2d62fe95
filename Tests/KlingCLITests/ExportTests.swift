import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// Python with jsonschema and openapi-spec-validator, which scripts/setup installs.
let pythonCrossChecks: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import jsonschema, openapi_spec_validator"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    } catch {
        return false
    }
}()

struct ExportTests {
    let exporter = JSONSchemaExporter(registry: corpus, index: StatusIndex(registry: corpus))

    func schema(_ endpoint: String) throws -> JSONValue {
        try JSONReader().parse(try String(contentsOf: packageRoot.appendingPathComponent("schemas/jsonschema/\(endpoint).request.json"), encoding: .utf8))
    }

    /// The request schema the exporter writes for the fixture repository, whose facts the pins below name.
    func fixtureSchema(_ endpoint: String) throws -> JSONValue {
        let files = JSONSchemaExporter(registry: fixture, index: StatusIndex(registry: fixture)).files()
        let file = try #require(files.first { $0.path.hasSuffix("jsonschema/\(endpoint).request.json") })
        return try JSONReader().parse(file.contents)
    }

    func strings(_ value: JSONValue?) -> [String] { value?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// Expressed plus listed is exactly every rule and every field constraint, each once.
    @Test func expressedAndListedAreExactlyAllRulesAndConstraints() throws {
        for endpoint in corpus.endpoints {
            let value = try schema(endpoint.id)
            let expressed = strings(value["x-klingreg-expressed"])
            let listed = strings(value["x-klingreg-rules"])
            #expect(Set(expressed).isDisjoint(with: listed), "\(endpoint.id)")
            var all = Set(endpoint.rules.map { "rule:\($0.id)" })
            for contradiction in endpoint.contradictions where contradiction.enforcedCheck != nil && !contradiction.refs.contains(where: { if case .rule = $0 { return true } else { return false } }) {
                all.insert("contra:\(contradiction.id)")
            }
            for field in exporter.requestFields(endpoint) {
                let reference = "\(endpoint.id)#\(field.part.rawValue):\(field.path)"
                all.insert("\(reference)/type")
                if field.requirement == .required { all.insert("\(reference)/required") }
                for constraint in field.constraints where constraint.kind != .limit { all.insert("\(reference)/\(constraint.kind.rawValue)") }
            }
            #expect(Set(expressed).union(listed) == all, "\(endpoint.id)")
            #expect(expressed.count + listed.count == all.count, "\(endpoint.id)")
        }
    }

    @Test func everyExpressedFieldConstraintAppearsAsAKeyword() throws {
        let value = try fixtureSchema("omni-video.create")
        let properties = value["properties"]
        #expect(properties?["multi_prompt"]?["maxItems"] == .number(JSONNumber(6)))
        #expect(properties?["multi_prompt"]?["minItems"] == .number(JSONNumber(1)))
        let prompt = properties?["prompt"]?["anyOf"]?.arrayValue?.last
        #expect(prompt?["maxLength"] == .number(JSONNumber(2500)))
        #expect(properties?["prompt"]?["x-klingreg-approx"] != nil)
        let duration = properties?["duration"]?["anyOf"]?.arrayValue?.last?["pattern"]?.stringValue
        #expect(duration?.hasPrefix("^0*(3|4|5") == true)
        #expect(properties?["mode"]?["enum"] == .array([.string("std"), .string("pro"), .string(""), .null]))
        #expect(properties?["mode"]?["x-evidence-label"]?["kling-v3-omni"] == .string("doc+live"))
        #expect(value["additionalProperties"] == .bool(false))
        #expect(properties?["image_list"]?["items"]?["required"] == .array([.string("image_url")]))
        let rules = strings(value["x-klingreg-expressed"])
        for id in ["rule:OV-R1", "rule:OV-R2", "rule:OV-R4", "rule:OV-R8", "rule:OV-R14", "contra:OV-C1"] { #expect(rules.contains(id), "\(id)") }
        #expect(strings(value["x-klingreg-rules"]).contains("omni-video.create#body:image_list[].image_url/min-side"))
        for endpoint in ["text2video.create", "image2video.create"] {
            let expressed = strings(try fixtureSchema(endpoint)["x-klingreg-expressed"])
            let prefix = endpoint.hasPrefix("text") ? "T2V" : "I2V"
            #expect(expressed.contains("rule:\(prefix)-R1") && expressed.contains("rule:\(prefix)-R2"), "\(endpoint) multi-shot rules")
        }
        let export = runCLI(["export", "openapi"])
        #expect(export.exit == .success)
        let openapi = try JSONReader().parse(export.stdout)
        #expect(openapi["openapi"] == .string("3.1.0"))
        #expect(openapi["components"]?["securitySchemes"]?["BearerJWT"]?["bearerFormat"] == .string("JWT"))
        #expect(openapi["paths"]?["/v1/videos/video-extend"] == nil)
        #expect(runCLI(["export", "jsonshema"]).exit == .failure)
    }

    /// The exported schemas agree with klingreg on every golden case whose deciding rule or constraint they express.
    @Test(.enabled(if: pythonCrossChecks, "python3 with jsonschema and openapi-spec-validator is missing (scripts/setup installs them); skipped"))
    func pythonJSONSchemaAgreesOnTheGoldenCases() throws {
        var cases: [JSONValue] = []
        var expectedValid: [String: Bool] = [:]
        var keywordsCovered = Set<String>()
        var skipped = 0
        for golden in corpus.goldens {
            guard let endpoint = corpus.endpoint(golden.endpoint) else { continue }
            let expressed = Set(strings(try schema(endpoint.id)["x-klingreg-expressed"]))
            var decided = golden.valid
            if !golden.valid {
                for expectation in golden.expect where self.expressed(expectation, golden: golden, endpoint: endpoint, in: expressed) {
                    decided = true
                    keywordsCovered.formUnion(Self.keywords(expectation))
                }
            }
            guard decided else { skipped += 1; continue }
            expectedValid[golden.id] = golden.valid
            cases.append(.object(JSONObject([(key: "id", value: .string(golden.id)), (key: "endpoint", value: .string(golden.endpoint)), (key: "payload", value: golden.payload)])))
        }
        let request = JSONValue.object(JSONObject([
            (key: "schemas", value: .string(packageRoot.appendingPathComponent("schemas/jsonschema").path)),
            (key: "openapi", value: .string(packageRoot.appendingPathComponent("schemas/openapi.json").path)),
            (key: "cases", value: .array(cases)),
        ]))
        let output = try runPython(packageRoot.appendingPathComponent("Tests/KlingCLITests/Python/jsonschema_cases.py"), input: JSONWriter(style: .compact).string(request))
        let response = try JSONReader().parse(output)
        #expect(response["openapi"] == .string("valid"))
        var disagreements: [String] = []
        for result in response["results"]?.arrayValue ?? [] {
            guard let id = result["id"]?.stringValue, case .bool(let valid)? = result["valid"] else { continue }
            if expectedValid[id] != valid { disagreements.append("\(id): klingreg \(expectedValid[id]! ? "valid" : "invalid"), jsonschema \(valid ? "valid" : "invalid") \(strings(result["errors"]))") }
        }
        print("JSON Schema differential: \(cases.count) golden cases compared, \(skipped) decided only by what the export cannot express, \(disagreements.count) disagreements")
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
        #expect(cases.count > 100)
        // At least one compared invalid case per keyword the exports decide with.
        for keyword in ["enum", "pattern", "maxLength", "maxItems", "minItems", "required", "additionalProperties", "type", "minimum", "maximum", "not"] {
            #expect(keywordsCovered.contains(keyword), "no compared case is decided by \(keyword)")
        }
    }

    func expressed(_ expectation: GoldenCase.Expectation, golden: GoldenCase, endpoint: Endpoint, in expressed: Set<String>) -> Bool {
        if let rule = expectation.rule {
            return expressed.contains("rule:\(rule)") || expressed.contains("contra:\(rule)")
        }
        guard let constraint = expectation.constraint else { return false }
        if constraint == "unknown" { return true }
        let generic = expectation.path.replacingOccurrences(of: #"\[[0-9]+\]"#, with: "[]", options: .regularExpression)
        guard let field = exporter.requestFields(endpoint).first(where: { $0.path == generic }) else { return false }
        let value = golden.payload.objectValue.flatMap { Engine.value(at: expectation.path, in: $0) }
        // Not expressed: a fractional-looking integer (JSON Schema's integer takes 5.0) and non-BMP lengths.
        if constraint == "type", case .number(let number)? = value, !number.isInteger, let double = number.doubleValue, double == double.rounded() { return false }
        if constraint == "len", case .string(let text)? = value, text.unicodeScalars.contains(where: { $0.value > 0xFFFF }) { return false }
        return expressed.contains("\(endpoint.id)#\(field.part.rawValue):\(field.path)/\(constraint)")
    }

    static func keywords(_ expectation: GoldenCase.Expectation) -> Set<String> {
        if expectation.rule != nil { return ["not"] }
        switch expectation.constraint {
        case "enum": return ["enum"]
        case "range": return ["minimum", "maximum"]
        case "int-string": return ["pattern"]
        case "len": return ["maxLength"]
        case "items": return ["maxItems", "minItems"]
        case "non-empty": return ["minItems"]
        case "required": return ["required"]
        case "unknown": return ["additionalProperties"]
        case "type": return ["type"]
        default: return []
        }
    }

    func runPython(_ script: URL, input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: errors, as: UTF8.self))")
        return String(decoding: data, as: UTF8.self)
    }
}
