import Foundation
import KlingRuntime
import KlingTestSupport
import Testing

/// The validation issue's acceptance payloads, built on its base payload.
struct ValidateCommandTests {
    static let png512 = TestImages.base64(TestImages.png(width: 512, height: 512))
    static let jpeg640 = TestImages.base64(TestImages.jpeg(width: 640, height: 480))

    static func base() -> [(key: String, value: JSONValue)] {
        [
            (key: "model_name", value: .string("kling-v3-omni")),
            (key: "prompt", value: .string("Two hosts <<<image_1>>> and <<<image_2>>> greet the audience.")),
            (key: "image_list", value: .array([
                .object(JSONObject([(key: "image_url", value: .string(png512))])),
                .object(JSONObject([(key: "image_url", value: .string(jpeg640))])),
            ])),
            (key: "sound", value: .string("on")),
            (key: "mode", value: .string("std")),
            (key: "aspect_ratio", value: .string("16:9")),
            (key: "duration", value: .string("5")),
        ]
    }

    /// The base payload with members replaced, added (JSON text) or removed (nil).
    static func payload(_ changes: [String: String?] = [:], firstImage: String? = nil) -> String {
        var members = base()
        for (key, json) in changes.sorted(by: { $0.key < $1.key }) {
            members.removeAll { $0.key == key }
            if let json { members.append((key: key, value: try! JSONReader().parse(json))) }
        }
        if let firstImage, let index = members.firstIndex(where: { $0.key == "image_list" }) {
            members[index].value = .array([
                .object(JSONObject([(key: "image_url", value: .string(firstImage))])),
                .object(JSONObject([(key: "image_url", value: .string(jpeg640))])),
            ])
        }
        return JSONWriter(style: .compact, sortKeys: false).string(.object(JSONObject(members)))
    }

    func validate(_ json: String, endpoint: String = "omni-video.create", extra: [String] = []) -> (CLIResult, [JSONValue]) {
        let folder = TemporaryFolder()
        folder.write("p.json", json)
        let result = runCLI(["validate", folder.url.appendingPathComponent("p.json").path, "--endpoint", endpoint, "--format", "json", "--root", fixtureRoot.path] + extra)
        let findings = (try? JSONReader().parse(result.stdout))?["results"]?.arrayValue?.first?["findings"]?.arrayValue ?? []
        return (result, findings)
    }

    func errors(_ findings: [JSONValue]) -> [JSONValue] { findings.filter { $0["severity"] == .string("error") } }

    /// A base64 error says where and why, not only that the text is not base64.
    @Test func base64ErrorsNameTheOffsetAndTheReason() throws {
        let cases = [("iVBORw0K\\nGgoAAAAN", "a line break at offset 8"), ("iVBORw0KGgo", "length 11 is not a multiple of 4"), ("iVBO-w0K", "a URL-safe alphabet character at offset 4")]
        for (text, reason) in cases {
            let (result, findings) = validate(Self.payload(["image_list": #"[{"image_url": "\#(text)"}]"#]))
            #expect(result.exit == .findings)
            let messages = errors(findings).compactMap { $0["message"]?.stringValue }
            #expect(messages.contains { $0.contains("neither an http(s) URL nor strict base64: \(reason)") }, "\(messages)")
        }
    }

    @Test func basePayloadIsClean() {
        let (result, findings) = validate(Self.payload())
        #expect(result.exit == .success)
        #expect(errors(findings).isEmpty)
    }

    @Test func standardModeIsOneEnumErrorNamingItsEvidence() throws {
        let (result, findings) = validate(Self.payload(["mode": "\"standard\""]))
        #expect(result.exit == .findings)
        let only = try #require(errors(findings).count == 1 ? errors(findings).first : nil)
        #expect(only["path"] == .string("mode"))
        #expect(only["constraint"] == .string("enum"))
        #expect(only["reference"] == .string("omni-video.create#body:mode/enum"))
        let evidence = only["evidence"]?.stringValue ?? ""
        #expect(evidence.hasPrefix("evidence/video/omni-video.create.md:"))
        // Text output from standard input names the reference and the evidence line.
        let text = runCLI(["validate", "-", "--endpoint", "omni-video.create", "--root", fixtureRoot.path], stdin: Self.payload(["mode": "\"standard\""]))
        #expect(text.exit == .findings)
        #expect(text.stdout.contains("error  mode: \"standard\" is not one of \"std\", \"pro\" [enum] omni-video.create#body:mode/enum {live-rejected [model unknown]} (\(evidence))"))
        #expect(runCLI(["validate", "-", "--endpoint", "omni-video.create", "--root", fixtureRoot.path], stdin: "").exit == .failure)
    }

    @Test func integerForBooleanIsOneTypeError() {
        let (result, findings) = validate(Self.payload(["multi_shot": "1"]))
        #expect(result.exit == .findings)
        #expect(errors(findings).map { [$0["path"], $0["constraint"]] } == [[.string("multi_shot"), .string("type")]])
    }

    @Test(arguments: [
        (TestImages.base64(TestImages.png(width: 200, height: 200)), "min-side"),
        (TestImages.base64(TestImages.png(width: 1000, height: 350)), "aspect"),
        (TestImages.base64(TestImages.pngWithoutIHDR()), "format"),
        ("data:image/png;base64," + TestImages.base64(TestImages.png(width: 512, height: 512)), "encoding"),
        (TestImages.base64(TestImages.webp()), "format"),
    ])
    func imageProblemsOnTheFirstImage(image: String, constraint: String) {
        let (result, findings) = validate(Self.payload(firstImage: image))
        #expect(result.exit == .findings)
        #expect(errors(findings).map { [$0["path"], $0["constraint"]] } == [[.string("image_list[0].image_url"), .string(constraint)]])
    }

    @Test func soundWithAReferenceVideo() {
        let video = #"[ { "video_url": "https://example.com/a.mp4", "refer_type": "feature" } ]"#
        let (result, findings) = validate(Self.payload(["video_list": video]))
        #expect(result.exit == .findings)
        let rules = errors(findings).compactMap { $0["rule"]?.stringValue }
        #expect(rules.count == 1)
        #expect(errors(findings).first?["path"] == .string("sound"))
        // The URL's limits are reported as unverifiable offline, not passed silently.
        #expect(findings.contains { $0["severity"] == .string("note") && $0["path"] == .string("video_list[0].video_url") })
        let (empty, _) = validate(Self.payload(["video_list": "[]"]))
        #expect(empty.exit == .success)
    }

    @Test func shotDurationsAgainstTheDefault() throws {
        let shots = #"[ {"index": 1, "prompt": "Wide shot.", "duration": "2"}, {"index": 2, "prompt": "Close-up.", "duration": "2"} ]"#
        let (result, findings) = validate(Self.payload(["multi_shot": "true", "shot_type": "\"customize\"", "multi_prompt": shots, "duration": nil]))
        #expect(result.exit == .findings)
        let only = try #require(errors(findings).count == 1 ? errors(findings).first : nil)
        #expect(only["path"] == .string("multi_prompt"))
        let message = only["message"]?.stringValue ?? ""
        #expect(message.contains("is 4; expected == 5"))
        #expect(findings.contains { $0["severity"] == .string("note") && $0["path"] == .string("prompt") })
    }

    @Test func unknownFieldSuggestsOnlyWhatTheEndpointHas() throws {
        let (result, findings) = validate(Self.payload(["negative_promt": "\"blur\""]))
        #expect(result.exit == .findings)
        let only = try #require(errors(findings).first)
        #expect(only["path"] == .string("negative_promt"))
        #expect(only["message"] == .string("unknown field `negative_promt`"))
        // text2video documents negative_prompt, so there the suggestion appears.
        let t2v = #"{"model_name": "kling-v3", "prompt": "A lighthouse.", "negative_promt": "blur"}"#
        let (_, t2vFindings) = validate(t2v, endpoint: "text2video.create")
        #expect(errors(t2vFindings).first?["message"] == .string("unknown field `negative_promt`; did you mean `negative_prompt`?"))
    }

    @Test func unreadableInputExitsTwo() {
        let (result, _) = validate("{ \"mode\": \"std\", }")
        #expect(result.exit == .failure)
        #expect(result.stderr.contains("p.json:1:16: error: trailing comma"))
        let unknownEndpoint = runCLI(["validate", "x.json", "--endpoint", "omni-vidoe.create", "--root", fixtureRoot.path])
        #expect(unknownEndpoint.exit == .failure)
        #expect(unknownEndpoint.stderr.contains("did you mean 'omni-video.create'?"))
    }

    @Test func jsonlReportsEachLine() throws {
        let cases = [
            Self.payload(),
            Self.payload(["mode": "\"standard\""]),
            Self.payload(["multi_shot": "1"]),
            Self.payload(["video_list": "[]"]),
        ]
        let lines = (0..<10_000).map { cases[$0 % cases.count] }
        let folder = TemporaryFolder()
        folder.write("all.jsonl", lines.joined(separator: "\n") + "\n")
        let result = runCLI(["validate", folder.url.appendingPathComponent("all.jsonl").path, "--jsonl", "--endpoint", "omni-video.create", "--format", "json", "--root", fixtureRoot.path])
        #expect(result.exit == .findings)
        let results = try #require(try JSONReader().parse(result.stdout)["results"]?.arrayValue)
        #expect(results.count == 10_000)
        #expect(results[1]["line"] == .number(JSONNumber(2)))
        #expect(results[1]["valid"] == .bool(false))
        #expect(results[3]["valid"] == .bool(true))
        #expect(results.filter { $0["valid"] == .bool(false) }.count == 5_000)
    }
}

/// `--jobs N`: the threads a `--jsonl` run uses change the time, never the output.
struct ValidateJobsTests {
    @Test func everyJobCountGivesTheSameOutputInFileOrder() {
        // 700 lines: three chunks, so several threads take part; every third payload is invalid.
        let lines = (0..<700).map { index in
            index % 3 == 0 ? #"{ "prompt": \#(index) }"# : #"{ "prompt": "line \#(index)", "mode": "std" }"#
        }
        let input = lines.joined(separator: "\n") + "\n"
        let one = runCLI(["validate", "-", "--jsonl", "--jobs", "1", "--endpoint", "text2video.create", "--format", "json"], stdin: input)
        #expect(one.exit == .findings)
        let results = (try? JSONReader().parse(one.stdout))?["results"]?.arrayValue ?? []
        #expect(results.count == 700)
        #expect(results.map { $0["valid"] == .bool(true) } == (0..<700).map { $0 % 3 != 0 }, "outcomes in file order")
        for jobs in ["2", "3", "64"] {
            let many = runCLI(["validate", "-", "--jsonl", "--jobs", jobs, "--endpoint", "text2video.create", "--format", "json"], stdin: input)
            #expect(many.exit == one.exit)
            #expect(many.stdout == one.stdout, "--jobs \(jobs) differs from --jobs 1")
        }
    }

    @Test(arguments: [
        (["--jsonl", "--jobs", "0"], "validate: --jobs takes a whole number from 1 to 1024, not '0'"),
        (["--jsonl", "--jobs", "two"], "validate: --jobs takes a whole number from 1 to 1024, not 'two'"),
        (["--jobs", "2"], "validate: --jobs needs --jsonl: one payload per file is validated on one thread"),
    ])
    func aJobCountThatMeansNothingIsRefused(arguments: [String], message: String) {
        let result = runCLI(["validate", "-", "--endpoint", "text2video.create"] + arguments, stdin: "{}\n")
        #expect(result.exit == .failure)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
