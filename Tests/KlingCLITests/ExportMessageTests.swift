import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// What a Python consumer of the exports sees: enum errors that read as enum errors,
/// and the `data:` prefix refused as the validator refuses it.
struct ExportMessageTests {
    static func requestSchemas() throws -> [(Endpoint, JSONValue)] {
        let load = RegistryLoader.load(Repository(root: packageRoot))
        return try load.registry.endpoints.map { endpoint in
            (endpoint, try JSONReader().parse(try String(contentsOf: packageRoot.appendingPathComponent("schemas/jsonschema/\(endpoint.id).request.json"), encoding: .utf8)))
        }
    }

    @Test func enumsStandOutsideTheEmptyStringWrapper() throws {
        var seen = 0
        for (endpoint, schema) in try Self.requestSchemas() {
            for field in endpoint.fields(in: .body) where field.type == .string && !field.path.contains(".") && !field.path.contains("[") {
                guard case .oneOf(let values)? = field.constraint(.enum), let property = schema["properties"]?[field.path] else { continue }
                seen += 1
                let members = property["enum"]?.arrayValue ?? []
                #expect(Set(values.map { JSONWriter(style: .compact).string($0) }).isSubset(of: Set(members.map { JSONWriter(style: .compact).string($0) })), "\(endpoint.id) \(field.path)")
                #expect(property["anyOf"]?.arrayValue?.contains { $0["enum"] != nil } != true, "\(endpoint.id) \(field.path) wraps its enum")
                if field.constraint(.nonEmpty) == nil { #expect(members.contains(.string("")), "\(endpoint.id) \(field.path)") }
                #expect(members.contains(.null) == (field.requirement != .required), "\(endpoint.id) \(field.path)")
            }
        }
        #expect(seen > 0)
    }

    @Test func base64MediaRefusesTheDataPrefix() throws {
        var seen = 0
        for (endpoint, schema) in try Self.requestSchemas() {
            for field in endpoint.fields(in: .body) where field.constraint(.encoding) != nil && !field.path.contains(".") && !field.path.contains("[") {
                seen += 1
                #expect(schema["properties"]?[field.path]?["pattern"] == .string("^(?!data:)"), "\(endpoint.id) \(field.path)")
            }
        }
        #expect(seen > 0)
    }

    @Test(.enabled(if: pythonCrossChecks, "python3 with jsonschema is missing (scripts/setup installs it); skipped"))
    func pythonReadsThemAsEnumAndPatternErrors() throws {
        let (endpoint, schema) = try #require(try Self.requestSchemas().first { pair in
            pair.0.fields(in: .body).contains { $0.constraint(.enum) != nil && $0.type == .string && !$0.path.contains(".") }
        })
        let field = try #require(endpoint.fields(in: .body).first { $0.constraint(.enum) != nil && $0.type == .string && !$0.path.contains(".") })
        let script = """
        import json, sys, jsonschema
        schema = json.loads(sys.stdin.read())
        props = schema.get("properties", {})
        errors = [e for e in jsonschema.Draft202012Validator(schema).iter_errors({"\(field.path)": "no-such-value-xyz"}) if list(e.absolute_path) == ["\(field.path)"]]
        print(errors[0].validator if errors else "none")
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(JSONWriter(style: .compact).string(schema).utf8))
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "enum", "\(endpoint.id) \(field.path): \(output)")
    }
}
