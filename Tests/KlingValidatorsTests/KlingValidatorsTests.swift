import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import KlingValidators
import Testing

/// The checked-in evidence and its golden cases, which the generated
/// validators were compiled from; loaded once per test process.
var registry: Registry { checkedInRepository.registry }

/// A golden case, named by its id in the test list.
struct GoldenArgument: CustomTestStringConvertible, Sendable {
    let golden: GoldenCase
    var testDescription: String { "\(golden.id) \(golden.description)" }
}

/// Computed before any test runs: none when the evidence does not load, and
/// then `theEvidenceLoadsForTheGeneratedValidators` fails with the diagnostics.
let goldens = (checkedInRepository.registryIfLoaded?.goldens ?? []).map(GoldenArgument.init)

/// What a finding is matched on: errors by path and rule or constraint, and ignored-rule notes.
func keys(_ findings: [Finding]) -> Set<String> {
    Set(findings.filter { $0.severity == .error || ($0.severity == .note && $0.rule != nil) }.map { finding in
        "\(finding.severity.rawValue) \(finding.path) \(finding.rule ?? finding.constraint ?? finding.contradiction.map { "contra \($0)" } ?? "")"
    })
}

/// Part of the gate (README, "What a failure means"): the generated validators
/// agree with the interpreter on the checked-in corpus, which they were
/// compiled from.
struct CorpusGateTests {
    @Test func theEvidenceLoadsForTheGeneratedValidators() {
        #expect(checkedInRepository.load.diagnostics.map(\.description) == [], "the evidence is inconsistent: fix each line named above")
        #expect(!goldens.isEmpty)
    }

    @Test(arguments: goldens)
    func generatedValidatorAgreesWithTheInterpreterAndTheCase(_ argument: GoldenArgument) throws {
        let golden = argument.golden
        let validator = try #require(ValidatorIndex.validators[golden.endpoint], "no generated validator for \(golden.endpoint)")
        let generated = validator(golden.payload, golden.strict)
        let interpreted = PayloadValidator(registry: registry).validate(golden.payload, endpoint: golden.endpoint, options: ValidationOptions(policy: false, strict: golden.strict)).findings
        #expect(keys(generated) == keys(interpreted), "\(golden.location)")
        let errors = Set(generated.filter { $0.severity == .error }.map(GoldenCase.Expectation.init))
        #expect(errors == Set(golden.expect), "\(golden.location)")
        let warnings = Set(generated.filter { $0.severity == .warning }.map(GoldenCase.Expectation.init))
        #expect(warnings == Set(golden.warnings ?? []), "\(golden.location)")
    }

    @Test func everyEndpointHasAValidatorAndTheCorpusIsSummarised() {
        #expect(Set(ValidatorIndex.validators.keys) == Set(registry.endpoints.map(\.id)))
        var lines: [String] = []
        for endpoint in registry.endpoints where endpoint.id.hasSuffix(".create") {
            let cases = registry.goldens.filter { $0.endpoint == endpoint.id }
            let mix = Dictionary(grouping: cases) { String($0.oracle.prefix { $0 != ":" }) }.map { "\($0.key) \($0.value.count)" }.sorted().joined(separator: ", ")
            lines.append("  \(endpoint.id): \(cases.count) cases (\(mix))")
        }
        print("golden cases: \(registry.goldens.count)\n" + lines.joined(separator: "\n"))
        #expect(registry.goldens.count == registry.goldens.map(\.id).count)
    }

    /// Every field and rule of the corpus has its `file:line` and labels in the index, the ones the registry gives it.
    @Test func indexPointsAtEvidenceLines() throws {
        let registry = registry
        let status = StatusIndex(registry: registry)
        for endpoint in registry.endpoints {
            for field in endpoint.fields where field.part.isRequest {
                let reference = "\(endpoint.id)#\(field.part.rawValue):\(field.path)"
                let entry = ValidatorIndex.entries[reference]
                #expect(entry?.location == field.location.description, "\(reference)")
                let labels = Dictionary(status.labels(reference).map { ($0.model, $0.label) }, uniquingKeysWith: { first, _ in first })
                #expect(entry?.labels == labels, "\(reference)")
            }
            for rule in endpoint.rules {
                #expect(ValidatorIndex.location("rule:\(rule.id)") == rule.location.description, "rule:\(rule.id)")
            }
        }
    }
}

/// KlingRuntime is shared; rule evaluation is not. The tool that regenerates
/// the validators never links them.
struct TargetBoundaryTests {
    func dependencies(_ target: String) throws -> [String] {
        let manifest = try String(contentsOf: packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        for line in manifest.split(separator: "\n") where line.contains("name: \"\(target)\"") && (line.contains(".target(") || line.contains("Target(")) {
            guard let open = line.range(of: "dependencies: [") else { return [] }
            let list = line[open.upperBound...].prefix { $0 != "]" }
            return list.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }.filter { !$0.isEmpty }
        }
        Issue.record("no target \(target) in Package.swift")
        return []
    }

    func imports(in folder: String) throws -> Set<String> {
        let root = packageRoot.appendingPathComponent(folder)
        var found = Set<String>()
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)! where url.pathExtension == "swift" {
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@_exported import ") || line.hasPrefix("@testable import ") {
                found.insert(String(line.split(separator: " ").last!))
            }
        }
        return found
    }

    @Test func dependencyDirection() throws {
        #expect(try dependencies("KlingRuntime") == [])
        #expect(try dependencies("KlingValidators") == ["KlingRuntime"])
        for target in ["KlingRegistry", "KlingCLI", "klingreg"] {
            #expect(try !dependencies(target).contains("KlingValidators"), "\(target)")
        }
        for folder in ["Sources/KlingRegistry", "Sources/KlingCLI", "Sources/klingreg"] {
            #expect(try !imports(in: folder).contains("KlingValidators"), "\(folder)")
        }
        #expect(try imports(in: "Sources/KlingValidators").isSubset(of: ["KlingRuntime", "Foundation"]))
        #expect(try imports(in: "Sources/KlingRuntime").isSubset(of: ["Foundation"]))
    }

    @Test func generatedFilesSayWhatTheyAre() throws {
        let folder = packageRoot.appendingPathComponent("Sources/KlingValidators/Generated")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count == registry.endpoints.count + 2)
        for file in files {
            let first = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).prefix { $0 != "\n" }
            #expect(first.hasPrefix("// generated by klingreg from "), "\(file)")
            #expect(first.hasSuffix("do not edit; regenerate with `swift run klingreg generate`"), "\(file)")
        }
    }
}

/// Payloads beyond the goldens that exercise media, defaults and unknown values.
struct ExtraAgreementTests {
    static let png = TestImages.base64(TestImages.png(width: 512, height: 512))
    static let jpeg = TestImages.base64(TestImages.jpeg(width: 640, height: 480))

    static let payloads: [(String, String)] = [
        ("omni-video.create", #"{"model_name":"kling-v3-omni","prompt":"Two hosts <<<image_1>>> and <<<image_2>>>.","image_list":[{"image_url":"\#(png)"},{"image_url":"\#(jpeg)"}],"sound":"on","mode":"std","aspect_ratio":"16:9","duration":"5"}"#),
        ("omni-video.create", #"{"model_name":"kling-v3-omni","prompt":"x","image_list":[{"image_url":"\#(TestImages.base64(TestImages.png(width: 200, height: 200)))"}],"mode":"standard","aspect_ratio":"16:9"}"#),
        ("omni-video.create", #"{"model_name":"kling-v3-omni","prompt":"x","image_list":[{"image_url":"data:image/png;base64,\#(png)","type":"end_frame"}],"multi_shot":1}"#),
        ("omni-video.create", #"{"model_name":"kling-v3-omni","multi_shot":true,"shot_type":"customize","prompt":"ignored","multi_prompt":[{"index":1,"prompt":"Wide.","duration":"2"},{"index":2,"prompt":"Close.","duration":"2"}],"aspect_ratio":"16:9"}"#),
        ("omni-video.create", #"{"model_name":"kling-video-o1","prompt":"A lighthouse.","aspect_ratio":"16:9","mode":"std","duration":"12"}"#),
        ("omni-video.create", #"{"model_name":"kling-v3-omni","prompt":"x","video_list":[{"video_url":"https://example.com/a.mp4","refer_type":"feature"}],"sound":"on","aspect_ratio":"16:9","element_list":[{"element_id":160}],"negative_promt":"x"}"#),
        ("omni-video.create", #"{"image_list":[{"image_url":"\#(TestImages.base64(TestImages.webp()))"},{"image_url":{"$digest":{"sha256":null,"bytes":20000000,"media":"image/png","px":"100x100"}}}],"watermark_info":{},"shot_type":"intelligence","multi_shot":true,"prompt":"p"}"#),
        ("text2video.create", #"{"model_name":"kling-v3","prompt":"A calm woman <<<voice_1>>> says hi.","duration":"5","mode":"std","aspect_ratio":"16:9","voice_list":[{"voice_id":"v1"}],"camera_control":{"type":"simple","config":{"horizontal":0,"vertical":0,"pan":2,"tilt":3,"roll":0,"zoom":0}},"cfg_scale":0.5}"#),
        ("image2video.create", #"{"model_name":"kling-v3","image":"\#(jpeg)","image_tail":"\#(png)","static_mask":"\#(png)","multi_shot":true,"prompt":""}"#),
        ("element.create", #"{"element_name":"A very long element name here","reference_type":"video_refer","element_image_list":{"frontal_image":"\#(png)"},"tag_list":[{"tag_id":"o_101"}]}"#),
        ("omni-image.create", #"{"model_name":"kling-v3-omni","prompt":"p","result_type":"series","n":3,"resolution":"4k","image_list":[{"image":"https://example.com/a.png"}]}"#),
        ("image-generation.create", #"{"model_name":"kling-v3","prompt":"p","image":"\#(png)","negative_prompt":"blur","image_reference":"subject","n":"9"}"#),
        ("text2video.query-single", #"{"task_id":"1","external_task_id":"2"}"#),
        ("omni-video.query-list", #"{"pageNum":0,"pageSize":30.5}"#),
    ]

    @Test(arguments: 0..<payloads.count)
    func interpreterAndGeneratedValidatorAgree(_ index: Int) throws {
        let (endpoint, json) = Self.payloads[index]
        let payload = try JSONReader().parse(json)
        let validator = try #require(ValidatorIndex.validators[endpoint])
        let interpreted = PayloadValidator(registry: registry).validate(payload, endpoint: endpoint, options: ValidationOptions(policy: false)).findings
        #expect(keys(validator(payload, false)) == keys(interpreted))
        let strict = PayloadValidator(registry: registry).validate(payload, endpoint: endpoint, options: ValidationOptions(policy: false, strict: true)).findings
        #expect(keys(validator(payload, true)) == keys(strict))
    }
}
