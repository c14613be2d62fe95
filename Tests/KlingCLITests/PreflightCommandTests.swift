import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// `preflight`: the plan format, three-valued guardrails and the reasons of a NO-GO.
struct PreflightCommandTests {
    static let today = "2026-06-30"

    /// Runs preflight on `plan` (JSON text) beside `payloads` (file name → JSON text).
    static func preflight(_ plan: String, payloads: [String: String] = [:], format: String = "json") -> CLIResult {
        let folder = TemporaryFolder()
        folder.write("plan.json", plan)
        for (name, text) in payloads { folder.write(name, text) }
        return runCLI(["preflight", folder.url.appendingPathComponent("plan.json").path, "--format", format], today: CalendarDay(today))
    }

    static func verdicts(_ result: CLIResult) throws -> [String: String] {
        let value = try JSONReader().parse(result.stdout)
        var verdicts: [String: String] = [:]
        for row in value["rows"]?.arrayValue ?? [] {
            if let id = row["id"]?.stringValue, let verdict = row["verdict"]?.stringValue { verdicts[id] = verdict }
        }
        return verdicts
    }

    static func reasons(_ result: CLIResult, _ id: String) throws -> [String] {
        let value = try JSONReader().parse(result.stdout)
        let row = value["rows"]?.arrayValue?.first { $0["id"] == .string(id) }
        return row?["reasons"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    // MARK: - Plans built from parts

    static let t2v = #"{ "prompt": "A calm woman looks at the camera and slowly smiles.", "duration": "5", "mode": "std", "aspect_ratio": "16:9", "model_name": "kling-v3" }"#
    static let image = TestImages.base64(TestImages.png(width: 512, height: 512))
    static func i2v(_ extra: String = "", image: String? = nil) -> String {
        #"{ "model_name": "kling-v3", "image": "\#(image ?? Self.image)", "prompt": "The lighthouse keeper waves.", "duration": "5", "mode": "std"\#(extra) }"#
    }

    struct Create {
        var endpoint = "text2video.create"
        var model = "kling-v3"
        var payload = "t2v.json"
        var purpose = "episode 3 scene 12"
        var kind = "production"
        var json: String {
            #"{ "endpoint": "\#(endpoint)", "model": "\#(model)", "payload": "\#(payload)", "purpose": "\#(purpose)", "kind": "\#(kind)" }"#
        }
    }

    static func plan(_ creates: [Create] = [Create()], expected: Int? = nil, maxUnits: String = "10", reviewed: String = #"{ "guardrails": true, "register": true }"#, approval: String? = nil) -> String {
        var text = #"{ "round": "r", "creates": [ \#(creates.map(\.json).joined(separator: ", ")) ], "expected_count": \#(expected ?? creates.count), "max_units": \#(maxUnits), "reviewed": \#(reviewed)"#
        if let approval { text += #", "approval": \#(approval)"# }
        return text + " }"
    }

    static func approval(_ creates: [Int]) -> String {
        #"{ "by": "the user", "at": "2026-06-01", "creates": [\#(creates.map(String.init).joined(separator: ", "))] }"#
    }

    static let payloads: [String: String] = [
        "t2v.json": t2v,
        "l1.json": try! String(contentsOf: fixtures.appendingPathComponent("plans/l1-payload.json"), encoding: .utf8),
        "t2v-pro.json": t2v.replacingOccurrences(of: #""mode": "std""#, with: #""mode": "pro""#),
        "t2v-10s.json": t2v.replacingOccurrences(of: #""duration": "5""#, with: #""duration": "10""#),
        "t2v-nomode.json": t2v.replacingOccurrences(of: #", "mode": "std""#, with: ""),
        "t2v-multi.json": t2v.replacingOccurrences(of: #""mode": "std""#, with: #""mode": "std", "multi_shot": true, "shot_type": "intelligence""#),
        "t2v-ultra.json": t2v.replacingOccurrences(of: #""mode": "std""#, with: #""mode": "ultra""#),
        "t2v-omni.json": t2v.replacingOccurrences(of: #""kling-v3""#, with: #""kling-v3-omni""#),
        "t2v-negative.json": t2v.replacingOccurrences(of: #""mode": "std""#, with: #""mode": "std", "negative_prompt": "blur""#),
        "i2v.json": i2v(),
        "i2v-10s.json": i2v().replacingOccurrences(of: #""duration": "5""#, with: #""duration": "10""#),
        "i2v-url.json": i2v(image: "https://example.com/a.png"),
        "i2v-tail.json": i2v(#", "image_tail": "\#(image)""#),
        "omni-4k.json": ValidateCommandTests.payload(["mode": "\"4k\""]),
        "mi2v.json": #"{ "model_name": "kling-v1-6", "image_list": [ { "image": "https://example.com/a.png" } ], "prompt": "p" }"#,
        "extend.json": #"{ "video_id": "1", "prompt": "p" }"#,
    ]

    // MARK: - Every guardrail row: one plan on which it fails, one on which it passes

    struct RowCase: Sendable, CustomTestStringConvertible {
        var id: String
        var failing: String
        var passing: String
        var testDescription: String { id }
    }

    static let verification = Create(purpose: "verify text2video with kling-v3 and a negative prompt", kind: "verification")

    static let rowCases: [RowCase] = {
        var v = verification
        v.payload = "t2v-negative.json"
        var v2 = v
        v2.purpose = "a second verification"
        var i2vVerify = Create(endpoint: "image2video.create", payload: "i2v.json", purpose: "verify image2video", kind: "verification")
        func with(_ create: Create, _ change: (inout Create) -> Void) -> Create { var copy = create; change(&copy); return copy }
        return [
            RowCase(id: "G-1", failing: plan([Create(payload: "t2v-ultra.json")]), passing: plan()),
            RowCase(id: "G-3", failing: plan(expected: 2), passing: plan(expected: 1)),
            RowCase(id: "G-4", failing: plan([v]), passing: plan([v], approval: approval([0]))),
            RowCase(id: "G-5", failing: plan([v, v2], approval: approval([0, 1])), passing: plan([v], approval: approval([0]))),
            RowCase(id: "G-6", failing: plan([with(v) { $0.payload = "t2v-pro.json" }], approval: approval([0])), passing: plan([v], approval: approval([0]))),
            RowCase(id: "G-7", failing: plan([with(v) { $0.payload = "t2v-multi.json" }], approval: approval([0])), passing: plan([v], approval: approval([0]))),
            RowCase(id: "G-10", failing: plan([with(i2vVerify) { $0.payload = "i2v-10s.json" }], approval: approval([0])), passing: plan([i2vVerify], approval: approval([0]))),
            RowCase(id: "G-11", failing: plan([with(i2vVerify) { $0.payload = "i2v-tail.json" }], approval: approval([0])), passing: plan([i2vVerify], approval: approval([0]))),
            RowCase(id: "G-12", failing: plan([Create(endpoint: "multi-image2video.create", model: "kling-v1-6", payload: "mi2v.json")]), passing: plan()),
            RowCase(id: "G-13", failing: plan([Create(endpoint: "video-extend.create", model: "kling-v1", payload: "extend.json")]), passing: plan()),
            RowCase(id: "G-14", failing: plan([Create(), Create(model: "kling-v3-omni", payload: "t2v-omni.json", purpose: "other")], approval: approval([0, 1])), passing: plan()),
            RowCase(id: "G-15", failing: plan([Create(model: "kling-v3-omni", payload: "t2v-omni.json")]), passing: plan()),
            RowCase(id: "G-16", failing: plan([Create(endpoint: "image2video.create", payload: "i2v-url.json")]), passing: plan([Create(endpoint: "image2video.create", payload: "i2v.json")])),
            RowCase(id: "G-18", failing: plan([Create(), v], approval: approval([0, 1])), passing: plan([v], approval: approval([0]))),
            RowCase(id: "G-19", failing: plan([Create(endpoint: "omni-video.create", model: "kling-v3-omni", payload: "omni-4k.json")]), passing: plan([Create(endpoint: "omni-video.create", model: "kling-v3-omni", payload: "omni-4k.json")], approval: approval([0]))),
            RowCase(id: "G-20", failing: plan(reviewed: #"{ "guardrails": false, "register": true }"#), passing: plan()),
            RowCase(id: "G-21", failing: plan(reviewed: #"{ "guardrails": true, "register": false }"#), passing: plan()),
            RowCase(id: "G-23", failing: plan([v, with(v) { $0.endpoint = "image2video.create"; $0.payload = "i2v.json" }], approval: approval([0, 1])), passing: plan([v], approval: approval([0]))),
            RowCase(id: "G-26", failing: plan(maxUnits: "2"), passing: plan(maxUnits: "3")),
            RowCase(id: "G-27", failing: plan([with(v) { $0.payload = "l1.json" }], approval: approval([0])), passing: plan([v], approval: approval([0]))),
            RowCase(id: "G-29", failing: plan([v, v2], approval: approval([0, 1])), passing: plan([v], approval: approval([0]))),
            RowCase(id: "G-31", failing: plan([Create(purpose: "verify text2video with kling-v3")]), passing: plan()),
            RowCase(id: "G-32", failing: plan([Create(kind: "quality-comparison")]), passing: plan([Create(kind: "quality-comparison")], approval: approval([0]))),
        ]
    }()

    @Test(arguments: rowCases)
    func everyRowFailsOnOnePlanAndPassesOnAnother(_ row: RowCase) throws {
        let failing = Self.preflight(row.failing, payloads: Self.payloads)
        #expect(failing.exit == .findings, "\(failing.stderr)")
        #expect(try Self.verdicts(failing)[row.id] == "fail", "\(failing.stdout)")
        #expect(try !Self.reasons(failing, row.id).isEmpty)
        let passing = Self.preflight(row.passing, payloads: Self.payloads)
        #expect(try Self.verdicts(passing)[row.id] == "pass", "\(passing.stdout)\(passing.stderr)")
    }

    /// Rows the plan format itself guarantees (a plan without them does not load) and
    /// rows a plan cannot show are accounted for, so no expressible row goes untested.
    @Test func everyGuardrailRowIsWalked() throws {
        let load = RegistryLoader.load(Repository(root: fixtureRoot))
        let byFormat: Set<String> = ["G-2"]
        var expressible: Set<String> = []
        for guardrail in load.registry.register.guardrails {
            if case .expression = guardrail.check { expressible.insert(guardrail.id) }
        }
        #expect(expressible == Set(Self.rowCases.map(\.id)).union(byFormat))
    }

    @Test func g2IsEnforcedByThePlanFormat() {
        let result = Self.preflight(Self.plan().replacingOccurrences(of: #""model": "kling-v3", "#, with: ""), payloads: Self.payloads)
        #expect(result.exit == .failure)
        #expect(result.stderr.contains("error: creates[0]: missing required key \"model\""))
    }

    @Test func theProductionPlanIsGo() throws {
        let result = Self.preflight(Self.plan(maxUnits: "3"), payloads: Self.payloads)
        #expect(result.exit == .success, "\(result.stdout)")
        let value = try JSONReader().parse(result.stdout)
        #expect(value["verdict"] == .string("GO"))
        #expect(value["totalUnits"] == .number(JSONNumber(lexeme: "3")))
        #expect(try Self.verdicts(result).values.allSatisfy { $0 == "pass" })
    }

    // MARK: - Reasons

    @Test func g6SaysWhetherItWasDurationOrMode() throws {
        let mode = Self.preflight(Self.plan([Create(payload: "t2v-pro.json", kind: "verification")], approval: Self.approval([0])), payloads: Self.payloads)
        let modeReasons = try Self.reasons(mode, "G-6")
        #expect(modeReasons.contains { $0.hasPrefix("creates[0]: ") && $0.contains("payload.mode is \"pro\"") }, "\(modeReasons)")
        #expect(!modeReasons.contains { $0.contains("payload.duration") })
        let duration = Self.preflight(Self.plan([Create(payload: "t2v-10s.json", kind: "verification")], approval: Self.approval([0])), payloads: Self.payloads)
        let durationReasons = try Self.reasons(duration, "G-6")
        #expect(durationReasons.contains { $0.contains("payload.duration is \"10\"") }, "\(durationReasons)")
        #expect(!durationReasons.contains { $0.contains("payload.mode") })
    }

    @Test func g15NamesTheModelOnTheWrongEndpoint() throws {
        let result = Self.preflight(Self.plan([Create(model: "kling-v3-omni", payload: "t2v-omni.json")]), payloads: Self.payloads)
        let reasons = try Self.reasons(result, "G-15")
        #expect(reasons.contains { $0.hasPrefix("creates[0]: ") && $0.contains("\"kling-v3-omni\"") }, "\(reasons)")
    }

    @Test func theCapShowsTheExposureAndItsBillingLines() throws {
        let result = Self.preflight(Self.plan(maxUnits: "2"), payloads: Self.payloads)
        let reasons = try Self.reasons(result, "G-26")
        #expect(reasons.contains("exposure 3 units against max_units 2"))
        #expect(reasons.contains { $0.contains("0.6 units per duration × 5 (evidence/billing.md:") }, "\(reasons)")
        let text = Self.preflight(Self.plan(maxUnits: "2"), payloads: Self.payloads, format: "text")
        #expect(text.stdout.contains("  G-26 failed: "))
        #expect(text.stdout.contains("    - exposure 3 units against max_units 2"))
    }

    @Test func anAbsentOperandIsCannotTellAndNoGo() throws {
        // text2video documents a default for mode, so drop one that has none: the unknown
        // units of a model without billing make G-26 cannot-tell, never pass.
        let result = Self.preflight(Self.plan([Create(endpoint: "omni-video.create", model: "kling-video-o1", payload: "o1.json")]), payloads: ["o1.json": #"{ "model_name": "kling-video-o1", "prompt": "p", "mode": "std", "duration": "5" }"#])
        #expect(result.exit == .findings)
        #expect(try Self.verdicts(result)["G-26"] == "cannot-tell")
        #expect(try Self.reasons(result, "G-26").contains { $0.contains("units(): creates[0] has no exposure (no billing line for omni-video.create kling-video-o1 std)") })
        let text = Self.preflight(Self.plan([Create(endpoint: "omni-video.create", model: "kling-video-o1", payload: "o1.json")]), payloads: ["o1.json": #"{ "model_name": "kling-video-o1", "prompt": "p", "mode": "std", "duration": "5" }"#], format: "text")
        #expect(text.stdout.hasPrefix("NO-GO\n"))
        #expect(text.stdout.contains("  G-26 cannot tell: "))
    }

    @Test func documentedDefaultsFillAbsentFields() throws {
        // mode is absent; its documented default std applies, so G-6 can tell.
        let result = Self.preflight(Self.plan([Create(payload: "t2v-nomode.json", kind: "verification")], approval: Self.approval([0])), payloads: Self.payloads)
        #expect(try Self.verdicts(result)["G-6"] == "pass", "\(result.stdout)")
    }

    // MARK: - The plan format: exit 2 at the place

    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var plan: String
        var diagnostic: String
        var testDescription: String { name }
    }

    static let base = plan()
    static let refusals: [Refusal] = [
        Refusal(name: "numbers as strings", plan: base.replacingOccurrences(of: #""max_units": 10"#, with: #""max_units": "1""#), diagnostic: "plan.json:1:202: error: max_units: must be a number, not \"1\""),
        Refusal(name: "count as a string", plan: base.replacingOccurrences(of: #""expected_count": 1"#, with: #""expected_count": "7""#), diagnostic: "plan.json:1:186: error: expected_count: must be an integer, not \"7\""),
        Refusal(name: "reviewed flag as a word", plan: base.replacingOccurrences(of: #""guardrails": true"#, with: #""guardrails": "yes""#), diagnostic: "plan.json:1:234: error: reviewed.guardrails: must be true or false, not \"yes\""),
        Refusal(name: "no reviewed block", plan: base.replacingOccurrences(of: #", "reviewed": { "guardrails": true, "register": true }"#, with: ""), diagnostic: "plan.json:1:1: error: the plan: missing required key \"reviewed\""),
        Refusal(name: "approval as a word", plan: plan(approval: #""yes""#), diagnostic: "plan.json:1:272: error: approval: must be an object, not \"yes\""),
        Refusal(name: "approval without a date", plan: plan(approval: #"{ "by": "me", "creates": [0] }"#), diagnostic: "plan.json:1:272: error: approval: missing required key \"at\""),
        Refusal(name: "approval without creates", plan: plan(approval: #"{ "by": "me", "at": "2026-06-01" }"#), diagnostic: "plan.json:1:272: error: approval: missing required key \"creates\""),
        Refusal(name: "approval naming no create", plan: plan(approval: #"{ "by": "me", "at": "2026-06-01", "creates": [1] }"#), diagnostic: "plan.json:1:318: error: approval.creates[0]: creates[1] does not exist (the plan has 1 creates)"),
        Refusal(name: "approval in the future", plan: plan(approval: #"{ "by": "me", "at": "2026-07-01", "creates": [0] }"#), diagnostic: "plan.json:1:292: error: approval.at: 2026-07-01 is after today (2026-06-30)"),
        Refusal(name: "approval on a day that does not exist", plan: plan(approval: #"{ "by": "me", "at": "2026-02-30", "creates": [0] }"#), diagnostic: "plan.json:1:292: error: approval.at: \"2026-02-30\" is not a calendar date YYYY-MM-DD"),
        Refusal(name: "approval by nobody", plan: plan(approval: #"{ "by": " ", "at": "2026-06-01", "creates": [0] }"#), diagnostic: "plan.json:1:280: error: approval.by: must not be empty"),
        Refusal(name: "unknown key", plan: base.replacingOccurrences(of: #""expected_count""#, with: #""expcted_count""#), diagnostic: "plan.json:1:185: error: unknown key \"expcted_count\"; did you mean \"expected_count\"?"),
        Refusal(name: "unknown create key", plan: base.replacingOccurrences(of: #""purpose""#, with: #""purpse""#), diagnostic: "plan.json:1:119: error: creates[0]: unknown key \"purpse\"; did you mean \"purpose\"?"),
        Refusal(name: "unknown kind", plan: base.replacingOccurrences(of: #""kind": "production""#, with: #""kind": "prod""#), diagnostic: "plan.json:1:150: error: creates[0].kind: must be one of \"verification\", \"production\", \"quality-comparison\", not \"prod\""),
        Refusal(name: "unknown endpoint", plan: base.replacingOccurrences(of: #""text2video.create""#, with: #""text2vido.create""#), diagnostic: "plan.json:1:44: error: creates[0].endpoint: no create endpoint 'text2vido.create'; did you mean 'text2video.create'?"),
        Refusal(name: "a query endpoint", plan: base.replacingOccurrences(of: #""text2video.create""#, with: #""text2video.query-single""#), diagnostic: "plan.json:1:44: error: creates[0].endpoint: 'text2video.query-single' is not a create endpoint; a plan holds billable creates only"),
        Refusal(name: "unknown model", plan: base.replacingOccurrences(of: #""model": "kling-v3""#, with: #""model": "kling-v9-ultra""#), diagnostic: "plan.json:1:74: error: creates[0].model: no evidence names the model 'kling-v9-ultra'"),
        Refusal(name: "no creates", plan: #"{ "round": "r", "creates": [], "expected_count": 1, "max_units": 1, "reviewed": { "guardrails": true, "register": true } }"#, diagnostic: "plan.json:1:28: error: creates: must hold at least 1 item"),
        Refusal(name: "a negative cap", plan: base.replacingOccurrences(of: #""max_units": 10"#, with: #""max_units": -1"#), diagnostic: "plan.json:1:202: error: max_units: must not be negative"),
        Refusal(name: "not an object", plan: "[]", diagnostic: "plan.json:1:1: error: a plan is a JSON object"),
        Refusal(name: "not JSON", plan: "{ \"round\": ", diagnostic: "plan.json:1:12: error: unexpected end of input ('{' at 1:1 is not closed)"),
        Refusal(name: "missing payload file", plan: base.replacingOccurrences(of: #""t2v.json""#, with: #""nothere.json""#), diagnostic: "plan.json:1:97: error: creates[0].payload: no file 'nothere.json' (paths are relative to the plan)"),
        Refusal(name: "payload of another model", plan: base.replacingOccurrences(of: #""t2v.json""#, with: #""t2v-omni.json""#), diagnostic: "plan.json:1:97: error: creates[0].payload: the payload's model_name is 'kling-v3-omni', but the create names the model 'kling-v3'"),
        Refusal(name: "payload relying on another default model", plan: base.replacingOccurrences(of: #""t2v.json""#, with: #""nomodel.json""#), diagnostic: "plan.json:1:97: error: creates[0].payload: the payload has no model_name, so the documented default 'kling-v1' applies, not the create's model 'kling-v3'"),
        Refusal(name: "request log of another endpoint", plan: base.replacingOccurrences(of: #""t2v.json""#, with: #""log.json""#), diagnostic: "plan.json:1:97: error: creates[0].payload: log.json is a request log for image2video.create, but the create is for text2video.create"),
        Refusal(name: "payload that is not JSON", plan: base.replacingOccurrences(of: #""t2v.json""#, with: #""broken.json""#), diagnostic: "plan.json:1:97: error: creates[0].payload: broken.json:1:3: unexpected end of input ('{' at 1:1 is not closed)"),
    ]

    @Test(arguments: refusals)
    func malformedPlansAreRefusedAtTheirPlace(_ refusal: Refusal) {
        var payloads = Self.payloads
        payloads["nomodel.json"] = #"{ "prompt": "p" }"#
        payloads["log.json"] = #"{ "endpoint_type": "image2video", "payload": \#(Self.i2v()) }"#
        payloads["broken.json"] = "{ "
        let folder = TemporaryFolder()
        folder.write("plan.json", refusal.plan)
        for (name, text) in payloads { folder.write(name, text) }
        let result = runCLI(["preflight", "plan.json", "--root", fixtureRoot.path], in: folder.url, today: CalendarDay(Self.today))
        #expect(result.exit == .failure)
        #expect(result.stdout == "")
        #expect(result.stderr.split(separator: "\n").first.map(String.init) == refusal.diagnostic, "\(result.stderr)")
    }

    @Test func aRequestLogOfTheCreatesEndpointIsRead() throws {
        let result = Self.preflight(Self.plan([Create(payload: "log.json")], maxUnits: "3"), payloads: ["log.json": #"{ "endpoint_type": "text2video", "payload": \#(Self.t2v) }"#])
        #expect(result.exit == .success, "\(result.stdout)\(result.stderr)")
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() {
        let plan = Self.base.replacingOccurrences(of: #""max_units": 10"#, with: #""max_units": "1""#).replacingOccurrences(of: #""expected_count": 1"#, with: #""expected_count": "7""#)
        let result = Self.preflight(plan, payloads: Self.payloads)
        #expect(result.exit == .failure)
        #expect(result.stderr.split(separator: "\n").count == 2)
    }

    @Test func aPlanThatIsAFolderOrMissingSaysWhich() {
        let folder = TemporaryFolder()
        folder.makeFolder("plan.json")
        #expect(runCLI(["preflight", "plan.json", "--root", fixtureRoot.path], in: folder.url).stderr.contains("plan.json: cannot read the plan: is a folder, not a file"))
        #expect(runCLI(["preflight", "nothing.json", "--root", fixtureRoot.path], in: folder.url).stderr.contains("nothing.json: cannot read the plan: no such file"))
    }

    // MARK: - One declaration, derived everywhere

    @Test func helpAndReadmeShowEveryKeyOfTheFormat() throws {
        let help = runCLI(["help", "preflight"]).stdout
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("<!-- plan-format -->\n" + PlanFormat.keyTable(markdown: true) + "<!-- /plan-format -->"), "README.md needs, between the plan-format markers:\n\(PlanFormat.keyTable(markdown: true))")
        for path in ["round", "creates[].endpoint", "creates[].kind", "expected_count", "max_units", "approval.by", "approval.at", "approval.creates", "reviewed.guardrails", "reviewed.register"] {
            #expect(help.contains("  \(path) "), "help preflight lacks \(path)")
        }
    }

    @Test func thePlanSchemaIsDerivedFromTheFormat() throws {
        let load = RegistryLoader.load(Repository(root: fixtureRoot))
        let schema = try JSONReader().parse(PlanFormat.file(load.registry).contents)
        #expect(schema["required"] == .array(["round", "creates", "expected_count", "max_units", "reviewed"].map(JSONValue.string)))
        #expect(schema["additionalProperties"] == .bool(false))
        #expect(schema["properties"]?["approval"]?["required"] == .array(["by", "at", "creates"].map(JSONValue.string)))
        let endpoints = schema["properties"]?["creates"]?["items"]?["properties"]?["endpoint"]?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(endpoints.contains("text2video.create"))
        #expect(!endpoints.contains { !$0.hasSuffix(".create") })
    }
}
