import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
@testable import KlingValidators
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

/// The CLI's validator over the same evidence, with statuses, built once.
let cliValidator = PayloadValidator(registry: registry, index: StatusIndex(registry: registry))

/// Part of the gate (README, "What a failure means"): the generated programs are
/// the ones the CLI lowers, and running them gives the CLI's findings, whole:
/// message, label, reference, evidence and all.
struct CorpusGateTests {
    @Test func theEvidenceLoadsForTheGeneratedValidators() {
        #expect(checkedInRepository.load.diagnostics.map(\.description) == [], "the evidence is inconsistent: fix each line named above")
        #expect(!goldens.isEmpty)
    }

    @Test(arguments: goldens)
    func generatedValidatorGivesTheCLIsFindingsAndTheCasesVerdict(_ argument: GoldenArgument) throws {
        let golden = argument.golden
        let validator = try #require(ValidatorIndex.validators[golden.endpoint], "no generated validator for \(golden.endpoint)")
        for policy in [false, true] {
            let generated = validator(golden.payload, golden.strict, policy)
            let cli = cliValidator.validate(golden.payload, endpoint: golden.endpoint, options: ValidationOptions(policy: policy, strict: golden.strict)).findings
            #expect(generated == cli, "\(golden.location) policy \(policy)")
        }
        let generated = validator(golden.payload, golden.strict, false)
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

    /// The checked-in program of every endpoint is, text for text, what the CLI lowers now.
    @Test func theCheckedInProgramsAreWhatTheCLILowers() throws {
        for endpoint in registry.endpoints {
            let lowered = try #require(cliValidator.engine(endpoint.id)).program.encoded()
            #expect(ValidatorIndex.programs[endpoint.id] == lowered, "\(endpoint.id): run `swift run klingreg generate`")
        }
    }

    /// A program that does not decode, or is another endpoint's, refuses every payload and says why.
    @Test func anUnreadableProgramRefusesEveryPayload() throws {
        for (text, reason) in [("{", "unreadable"), (try #require(ValidatorIndex.programs["tts.create"]), "it is the program of tts.create")] {
            let findings = GeneratedProgram.validate(.object(JSONObject([])), engine: GeneratedProgram.engine("text2video.create", text: text), strict: false, policy: false)
            #expect(findings.count == 1 && findings[0].severity == .error, "\(findings)")
            #expect(findings.first?.message.contains(reason) == true, "\(findings)")
        }
    }
}

/// KlingRuntime and KlingEngine are shared: one engine evaluates for the CLI and
/// for the generated validators. The tool that regenerates the validators never links them.
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
        #expect(try dependencies("KlingValidators") == ["KlingRuntime", "KlingEngine"])
        #expect(try dependencies("KlingEngine") == ["KlingRuntime"])
        for target in ["KlingRegistry", "KlingCLI", "klingreg"] {
            #expect(try !dependencies(target).contains("KlingValidators"), "\(target)")
        }
        for folder in ["Sources/KlingRegistry", "Sources/KlingCLI", "Sources/klingreg"] {
            #expect(try !imports(in: folder).contains("KlingValidators"), "\(folder)")
        }
        #expect(try imports(in: "Sources/KlingValidators").isSubset(of: ["KlingRuntime", "KlingEngine", "Foundation"]))
        #expect(try imports(in: "Sources/KlingEngine").isSubset(of: ["KlingRuntime", "Foundation"]))
        #expect(try imports(in: "Sources/KlingRuntime").isSubset(of: ["Foundation"]))
    }

    /// The status stage reads what validation found of the records; it never validates itself,
    /// so Status does not depend on Validation, which reads statuses for labels.
    @Test func theStatusStageRunsNoValidator() throws {
        let folder = packageRoot.appendingPathComponent("Sources/KlingRegistry/Status")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for word in ["PayloadValidator", "Lowering.", "Engine(", "RecordedFindings(registry"] {
                #expect(!text.contains(word), "Status/\(name) uses \(word)")
            }
        }
    }

    @Test func generatedFilesSayWhatTheyAre() throws {
        let folder = packageRoot.appendingPathComponent("Sources/KlingValidators/Generated")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count == registry.endpoints.count + 1)
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
    func theCLIAndTheGeneratedValidatorGiveTheSameFindings(_ index: Int) throws {
        let (endpoint, json) = Self.payloads[index]
        let payload = try JSONReader().parse(json)
        let validator = try #require(ValidatorIndex.validators[endpoint])
        for strict in [false, true] {
            for policy in [false, true] {
                let cli = cliValidator.validate(payload, endpoint: endpoint, options: ValidationOptions(policy: policy, strict: strict)).findings
                #expect(validator(payload, strict, policy) == cli, "strict \(strict) policy \(policy)")
            }
        }
    }
}
