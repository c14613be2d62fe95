import Foundation
import KlingRuntime
import KlingTestSupport
import Testing

/// Hostile and broken input: every case names its exact diagnostics and exit
/// code. None asserts time; bench/ measures that.
struct MalformedInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// Files relative to a scratch repository; `nil` content means "use the base file".
        var files: [String: [UInt8]]
        var arguments: [String]
        var exit: Int32
        /// Exact `path:line:col: error: …` lines expected on stderr, in order.
        var diagnostics: [String]
        var testDescription: String { name }
    }

    static let sources = EvidenceFixtures.sources

    static func endpoint(_ body: String = "| `mode` | string | optional | `\"std\"` | `std`, `pro` | OFF-3.0 | Tier. |", extra: String = "") -> String {
        EvidenceFixtures.endpointFile(body: body, extra: extra)
    }

    static let file = "evidence/video/omni-video.create.md"
    static func evidence(_ name: String, _ text: String, exit: Int32 = 2, _ diagnostics: [String]) -> Case {
        Case(name: name, files: [file: Array(text.utf8)], arguments: ["check"], exit: exit, diagnostics: diagnostics)
    }

    static let rules = "\n## Rules\n\n| Rule | Check | Effect | Wording | Source | Digest | Description |\n|---|---|---|---|---|---|---|\n"

    static let cases: [Case] = [
        evidence("ragged row, extra cell", endpoint("| `mode` | string | optional | | | OFF-3.0 | Tier. | extra |"), ["evidence/video/omni-video.create.md:16:54: error: row has 8 cells but the header has 7; the extra cells would be dropped"]),
        evidence("ragged row, missing cell", endpoint("| `mode` | string | optional | | OFF-3.0 | Tier. |"), ["evidence/video/omni-video.create.md:16:51: error: row has 6 cells but the header has 7; missing cells would be read as empty"]),
        evidence("pipe block that is not a table", endpoint(extra: "\n| a | b\n| c | d |"), ["evidence/video/omni-video.create.md:18:1: error: lines starting with '|' are not a table (is the delimiter row '|---|' missing or malformed?)"]),
        evidence("empty Type cell", endpoint("| `mode` |  | optional | | | OFF-3.0 | Tier. |"), ["evidence/video/omni-video.create.md:16:11: error: empty cell in column 'Type'"]),
        evidence("unknown column", endpoint().replacingOccurrences(of: "| Source | Description |", with: "| Origin | Description |"), ["evidence/video/omni-video.create.md:14:48: error: unknown column 'Origin'; expected Field | Type | Required | Default | Values | Source | Description"]),
        evidence("missing column", endpoint("| `mode` | string | optional | | | OFF-3.0 |").replacingOccurrences(of: "| Source | Description |\n|---|---|---|---|---|---|---|", with: "| Source |\n|---|---|---|---|---|---|"), ["evidence/video/omni-video.create.md:14:1: error: table has no 'Description' column"]),
        evidence("duplicate column", endpoint("| `mode` | string | optional | | | OFF-3.0 | Tier. |").replacingOccurrences(of: "| Values |", with: "| Type |"), ["evidence/video/omni-video.create.md:14:39: error: column 'Type' appears twice"]),
        evidence("unknown type", endpoint("| `mode` | text | optional | | | OFF-3.0 | Tier. |"), ["evidence/video/omni-video.create.md:16:12: error: unknown type 'text'; use string, integer, int64, number, boolean, object, array or array[<type>]"]),
        evidence("bad Required word", endpoint("| `mode` | string | maybe | | | OFF-3.0 | Tier. |"), ["evidence/video/omni-video.create.md:16:21: error: Required must be required, optional or conditional(<rule-id>), not 'maybe'"]),
        evidence("default of the wrong type", endpoint("| `n` | integer | optional | `\"one\"` | | OFF-3.0 | Count. |"), ["evidence/video/omni-video.create.md:16:30: error: default '`\"one\"`' is not a integer literal"]),
        evidence("Values with a remainder", endpoint("| `p` | string | optional | | len <= 10 chars please | OFF-3.0 | Text. |"), ["evidence/video/omni-video.create.md:16:47: error: unexpected 'please' after len constraint"]),
        evidence("unknown Values atom", endpoint("| `p` | string | optional | | shorter than 10 | OFF-3.0 | Text. |"), ["evidence/video/omni-video.create.md:16:31: error: cannot read 'shorter than 10' as a constraint"]),
        evidence("two atoms of one kind", endpoint("| `p` | string | optional | | non-empty; non-empty | OFF-3.0 | Text. |"), ["evidence/video/omni-video.create.md:16:42: error: a second non-empty constraint (the first is at column 31)"]),
        evidence("empty range", endpoint("| `x` | number | optional | | [2, 1] | OFF-3.0 | X. |"), ["evidence/video/omni-video.create.md:16:31: error: range lower bound 2 exceeds upper bound 1"]),
        evidence("int-string on an integer", endpoint("| `x` | integer | optional | | int-string 1..5 | OFF-3.0 | X. |"), ["evidence/video/omni-video.create.md:16:32: error: int-string applies to string fields, this one is integer"]),
        evidence("└ row without a parent", endpoint("| └ `x` | string | optional | | | OFF-3.0 | X. |"), ["evidence/video/omni-video.create.md:16:3: error: '└' row has no parent row above it with 0 marks"]),
        evidence("missing parent row", endpoint("| `a.b` | string | optional | | | OFF-3.0 | X. |"), ["evidence/video/omni-video.create.md:16:3: error: `a.b` has no parent row `a` above it"]),
        evidence("[] on an object", endpoint("| `a` | object | optional | | | OFF-3.0 | A. |\n| `a[].b` | string | optional | | | OFF-3.0 | B. |"), ["evidence/video/omni-video.create.md:17:3: error: `[]` in `a[].b` but `a` is object, not an array"]),
        evidence("duplicate field", endpoint("| `a` | string | optional | | | OFF-3.0 | A. |\n| `a` | string | optional | | | OFF-3.0 | A again. |"), ["evidence/video/omni-video.create.md:17:3: error: duplicate field `a` (first at evidence/video/omni-video.create.md:16)"]),
        evidence("unknown source key", endpoint("| `a` | string | optional | | | OFF-3.1 | A. |"), ["evidence/video/omni-video.create.md:16:3: error: unknown source key 'OFF-3.1'; did you mean 'OFF-3.0'? (keys live in evidence/SOURCES.md)"]),
        evidence("third-party field row", endpoint("| `a` | string | optional | | | T3-X | A. |"), ["evidence/video/omni-video.create.md:16:3: error: no OFF- source: a field row is doc evidence; a third-party-only fact goes in Claims"]),
        evidence("rule reads an unknown field", endpoint(extra: rules + "| OV-R1 | `present(modee)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), ["evidence/video/omni-video.create.md:22:20: error: unknown field `modee`; did you mean `mode`?"]),
        evidence("rule compares a string to a number", endpoint(extra: rules + "| OV-R1 | `mode > 3` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), ["evidence/video/omni-video.create.md:22:12: error: '>' compares numbers, found string (`mode`); use num(...)"]),
        evidence("rule with an unescaped pipe", endpoint(extra: rules + "| OV-R1 | `present(mode) \\| present(mode)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), ["evidence/video/omni-video.create.md:22:26: error: a single '|' is not an operator (write '||', escaped as '\\|\\|' in a table cell)"]),
        evidence("rule id of another endpoint", endpoint(extra: rules + "| T2V-R1 | `present(mode)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), ["evidence/video/omni-video.create.md:22:3: error: id 'T2V-R1' must start with 'OV-' in this file"]),
        evidence("unknown Effect", endpoint(extra: rules + "| OV-R1 | `present(mode)` | warn | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), ["evidence/video/omni-video.create.md:22:29: error: Effect must be one of error, required, unsupported, ignored, not 'warn'"]),
        evidence("effect stronger than its wording", endpoint(extra: rules + "| OV-R1 | `present(mode)` | error | not-supported | OFF-3.0 | omni-video.md#rule-1 | R. |"), ["evidence/video/omni-video.create.md:22:29: error: Effect 'error' is not what the wording 'not-supported' says; that wording supports unsupported (a stricter reading is Wording 'inferred', and a live run settles what the API does)"]),
        evidence("ignored that the text calls a must", endpoint(extra: rules + "| OV-R1 | `present(mode)` | ignored | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), ["evidence/video/omni-video.create.md:22:29: error: Effect 'ignored' is not what the wording 'must' says; that wording supports error or required (a stricter reading is Wording 'inferred', and a live run settles what the API does)"]),
        evidence("unknown Wording", endpoint(extra: rules + "| OV-R1 | `present(mode)` | error | musst | OFF-3.0 | omni-video.md#rule-1 | R. |"), ["evidence/video/omni-video.create.md:22:37: error: Wording must be one of refused, must, required, not-supported, map-empty, invalid, inferred, not 'musst'; did you mean 'must'?"]),
        evidence("conditional names no rule", endpoint("| `mode` | string | conditional(OV-R7) | | | OFF-3.0 | Tier. |"), ["evidence/video/omni-video.create.md:16:3: error: conditional(OV-R7): no such rule in this file"]),
        evidence("contradiction with a third-party side", endpoint(extra: "\n## Contradictions\n\n| Id | Topic | Refs | Reading A | Source A | Reading B | Source B | Enforced | Digest | Why |\n|---|---|---|---|---|---|---|---|---|---|\n| OV-C1 | t | | a | OFF-3.0 | b | T3-X | A | x.md#y | w |"), ["evidence/video/omni-video.create.md:22:35: error: a contradiction is between official sources: 'Source B' has no OFF- key (a third-party reading is a Claims row)"]),
        evidence("claim reference without an endpoint", endpoint(extra: "\n## Claims\n\n| Id | Claim | Refs | Source | Note |\n|---|---|---|---|---|\n| OV-K1 | c | `mode=\"4k\"` | T3-X | n |"), ["evidence/video/omni-video.create.md:22:16: error: 'mode=\"4k\"' is not a reference (expected endpoint#part:path, rule:ID, cap:MODEL/FEATURE, …)"]),
        evidence("contradiction naming an unknown endpoint", endpoint(extra: "\n## Contradictions\n\n| Id | Topic | Refs | Reading A | Source A | Reading B | Source B | Enforced | Digest | Why |\n|---|---|---|---|---|---|---|---|---|---|\n| OV-C1 | t | `omni-vidoe.create#body:mode` | a | OFF-3.0 | b | OFF-DEV | A | x.md#y | w |"), ["evidence/video/omni-video.create.md:22:16: error: no endpoint 'omni-vidoe.create'; did you mean 'omni-video.create'?"]),
        evidence("unknown section", endpoint(extra: "\n## Notes\n\ntext"), ["evidence/video/omni-video.create.md:18:1: error: unknown section 'Notes'; expected one of Request Header, Path Parameters, Query Parameters, Request Body, Response Body, Rules, Contradictions, Claims"]),
        evidence("unknown header key", endpoint().replacingOccurrences(of: "| scope | current |", with: "| scope | current |\n| owner | me |"), ["evidence/video/omni-video.create.md:11:3: error: unknown key 'owner'; expected id, method, path, source, captured, scope"]),
        evidence("id that is not the file name", endpoint().replacingOccurrences(of: "| id | omni-video.create |", with: "| id | omni-video.query-list |"), ["evidence/video/omni-video.create.md:5:8: error: id 'omni-video.query-list' does not match the file name 'omni-video.create.md'"]),
        evidence("captured is not a date", endpoint().replacingOccurrences(of: "| captured | 2026-11-20 |", with: "| captured | November |"), ["evidence/video/omni-video.create.md:9:14: error: captured must be a date YYYY-MM-DD, not 'November'"]),
        Case(name: "invalid UTF-8", files: [file: Array(endpoint().utf8.prefix(40)) + [0xFF, 0xFE] + Array(endpoint().utf8.dropFirst(40))], arguments: ["check"], exit: 2, diagnostics: ["evidence/video/omni-video.create.md:4:5: error: invalid UTF-8"]),
        Case(name: "byte order mark", files: [file: [0xEF, 0xBB, 0xBF] + Array(endpoint().utf8)], arguments: ["check"], exit: 2, diagnostics: ["evidence/video/omni-video.create.md:1:1: error: byte order mark at the start of the file; save it as UTF-8 without BOM"]),
        Case(name: "CRLF line ends work", files: [file: Array(endpoint().replacingOccurrences(of: "\n", with: "\r\n").utf8)], arguments: ["check"], exit: 0, diagnostics: []),
        Case(name: "a 10 MB evidence file works", files: [file: Array((endpoint() + "\n\n" + String(repeating: "A long paragraph of notes that the reader skips. ", count: 210_000)).utf8)], arguments: ["check"], exit: 0, diagnostics: []),
        evidence("include of an unknown envelope section", endpoint(extra: "\n## Response Body\n\n| Field | Type | Required | Default | Values | Source | Description |\n|---|---|---|---|---|---|---|\n| … | | | | | | include common/envelope#tasks |"), ["evidence/video/omni-video.create.md:22:19: error: include common/envelope#tasks: evidence/common/envelope.md is missing"]),
        Case(name: "file in an unknown folder", files: ["evidence/sound/omni-video.create.md": Array(endpoint().utf8)], arguments: ["check"], exit: 2, diagnostics: ["evidence/sound/omni-video.create.md:1:1: error: unknown evidence file: an endpoint file sits in evidence/<family>/ (video, image, element, voice, audio, general, legacy), not in this folder 'sound'"]),
        Case(name: "status row pointing at nothing", files: ["register/status.md": Array("# Status\n\n## Status\n\n| Ref | Posture | Finding | Reason |\n|---|---|---|---|\n| `omni-video.create#body:moode` | out-of-scope | | r |\n".utf8)], arguments: ["check"], exit: 2, diagnostics: ["register/status.md:7:4: error: omni-video.create has no body field `moode`; did you mean `mode`?"]),
        Case(name: "status row with an unknown posture", files: ["register/status.md": Array("# Status\n\n## Status\n\n| Ref | Posture | Finding | Reason |\n|---|---|---|---|\n| `omni-video.create#body:mode` | hidden | | r |\n".utf8)], arguments: ["check"], exit: 2, diagnostics: ["register/status.md:7:35: error: Posture must be in-scope or out-of-scope, not 'hidden'"]),
        Case(name: "claim row with an unknown kind", files: ["register/claims.md": Array("# Claims\n\n## Claims\n\n| Id | Claim | Refs | Kind | Note |\n|---|---|---|---|---|\n| RC-1 | c | | semantics | n |\n".utf8)], arguments: ["check"], exit: 2, diagnostics: ["register/claims.md:7:16: error: Kind must be one of semantic, behaviour, not 'semantics'; did you mean 'semantic'?"]),
        Case(name: "record with an unknown key", files: ["evidence/live/2026-04-01-omni-video-x.json": Array(#"{"id": "2026-04-01-omni-video-x", "label": null, "purpose": "", "observed": "2026-04-01", "model": null, "request_known": "partial", "calls": [{"endpoint": "omni-video.create", "create": "accepted"}], "blame": [], "claims": [], "notes": "", "seen": true}"#.utf8)], arguments: ["check"], exit: 2, diagnostics: ["evidence/live/2026-04-01-omni-video-x.json:1:250: error: unknown key \"seen\""]),
        Case(name: "record blaming nothing that exists", files: ["evidence/live/2026-04-01-omni-video-x.json": Array(#"{"id": "2026-04-01-omni-video-x", "label": null, "purpose": "", "observed": "2026-04-01", "model": null, "request_known": "partial", "calls": [{"endpoint": "omni-video.create", "create": "rejected"}], "blame": ["omni-video.create#body:moed"], "claims": [], "notes": ""}"#.utf8)], arguments: ["check"], exit: 2, diagnostics: ["evidence/live/2026-04-01-omni-video-x.json:1:212: error: blame omni-video.create#body:moed: omni-video.create has no body field `moed`; did you mean `mode`?"]),
        Case(name: "record without a blame for its rejection", files: ["evidence/live/2026-04-01-omni-video-x.json": Array(#"{"id": "2026-04-01-omni-video-x", "label": null, "purpose": "", "observed": "2026-04-01", "model": null, "request_known": "partial", "calls": [{"endpoint": "omni-video.create", "create": "rejected"}], "blame": [], "claims": [], "notes": ""}"#.utf8)], arguments: ["check"], exit: 2, diagnostics: ["evidence/live/2026-04-01-omni-video-x.json:1:211: error: a rejection needs a blame naming what was rejected"]),
        Case(name: "golden file with an unknown key", files: ["evidence/payloads/omni-video.create.json": Array(#"[{"description": "g", "cases": [{"id": "OV-G-1", "description": "d", "payload": {}, "valid": true, "expect": [], "oracle": "author", "note": "x"}]}]"#.utf8)], arguments: ["check"], exit: 2, diagnostics: ["evidence/payloads/omni-video.create.json:1:142: error: unknown key \"note\" in a case; did you mean \"notes\"?"]),
    ]

    @Test(arguments: cases)
    func evidenceAndRegisterDefects(_ testCase: Case) throws {
        try Self.expectDiagnostics(testCase)
    }

    /// Writes a scratch repository (SOURCES.md and the fixture endpoint, unless the case
    /// brings its own), the case's files over it (a path ending in `/` is a folder), runs
    /// the case's command, and checks its exact error lines and exit code.
    static func expectDiagnostics(_ testCase: Case) throws {
        let folder = TemporaryFolder.emptyRepository()
        if testCase.files["evidence/SOURCES.md"] == nil { folder.write("evidence/SOURCES.md", sources) }
        if testCase.files[file] == nil { folder.write(file, endpoint()) }
        for (path, bytes) in testCase.files {
            if path.hasSuffix("/") {
                folder.makeFolder(path)
                continue
            }
            try FileManager.default.createDirectory(at: folder.url.appendingPathComponent(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: folder.url.appendingPathComponent(path))
        }
        let result = runCLI(testCase.arguments, in: folder.url)
        let lines = result.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") }
        #expect(lines == testCase.diagnostics)
        #expect(result.exit.rawValue == testCase.exit, "\(result.stderr)")
    }
}

/// Payloads a gate must refuse without crashing: exact diagnostics (stderr,
/// exit 2 for unreadable JSON) or exact findings (exit 1).
struct MalformedPayloadTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var endpoint: String
        var exit: Int32
        /// `p.json:line:col: error: …` for unreadable input, or `path constraint` of each error finding.
        var expected: [String]
        var testDescription: String { name }
    }

    static func text(_ name: String, _ json: String, endpoint: String = "omni-video.create", exit: Int32, _ expected: [String]) -> Case {
        Case(name: name, bytes: Array(json.utf8), endpoint: endpoint, exit: exit, expected: expected)
    }

    static let cases: [Case] = [
        text("truncated", #"{"mode": "std", "prompt": "A lighthouse"#, exit: 2, ["p.json:1:27: error: unterminated string"]),
        text("truncated after a comma", #"{"mode": "std","#, exit: 2, ["p.json:1:16: error: unexpected end of input ('{' at 1:1 is not closed)"]),
        text("a comment", "{\n  // the tier\n  \"mode\": \"std\"\n}", exit: 2, ["p.json:2:3: error: comments are not allowed"]),
        text("a trailing comma", #"{"mode": "std",}"#, exit: 2, ["p.json:1:15: error: trailing comma"]),
        text("a duplicate key", "{\"mode\": \"std\",\n \"mode\": \"pro\"}", exit: 2, ["p.json:2:2: error: duplicate key \"mode\" (first at 1:2)"]),
        text("10 000 levels deep", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), exit: 2, ["p.json:1:513: error: nesting deeper than 512"]),
        text("a lone surrogate", #"{"prompt": "\uD83D alone"}"#, exit: 2, ["p.json:1:13: error: lone surrogate \\uD83D"]),
        Case(name: "invalid UTF-8", bytes: Array(#"{"prompt": ""#.utf8) + [0xC0, 0xAF] + Array(#""}"#.utf8), endpoint: "omni-video.create", exit: 2, expected: ["p.json:1:13: error: invalid UTF-8"]),
        Case(name: "a byte order mark", bytes: [0xEF, 0xBB, 0xBF] + Array(#"{"mode": "std"}"#.utf8), endpoint: "omni-video.create", exit: 2, expected: ["p.json:1:1: error: byte order mark not allowed"]),
        text("empty input", "", exit: 2, ["p.json:1:1: error: empty input"]),
        text("not an object", "[1, 2]", exit: 1, [" type"]),
        text("an integer beyond Int64", #"{"element_list": [{"element_id": 92233720368547758070}], "prompt": "p", "aspect_ratio": "16:9"}"#, exit: 1, ["element_list[0].element_id type"]),
        text("a number beyond Double", #"{"model_name": "kling-v1", "prompt": "p", "cfg_scale": 1e400}"#, endpoint: "text2video.create", exit: 1, ["cfg_scale range"]),
        text("a fractional integer", #"{"pageNum": 1.0}"#, endpoint: "omni-video.query-list", exit: 1, ["pageNum type"]),
        text("true is not 1", #"{"multi_shot": 1, "prompt": "p", "aspect_ratio": "16:9"}"#, exit: 1, ["multi_shot type"]),
        text("non-BMP characters count as two", #"{"element_name": "🎬🎬🎬🎬🎬🎬🎬🎬🎬🎬🎬", "element_description": "A clapper board.", "reference_type": "image_refer", "element_image_list": {"frontal_image": "https://example.com/a.png", "refer_images": [{"image_url": "https://example.com/b.png"}]}}"#, endpoint: "element.create", exit: 1, ["element_name len"]),
    ]

    @Test(arguments: cases)
    func hostilePayloads(_ testCase: Case) throws {
        let folder = TemporaryFolder()
        try Data(testCase.bytes).write(to: folder.url.appendingPathComponent("p.json"))
        let result = runCLI(["validate", "p.json", "--endpoint", testCase.endpoint, "--format", "json", "--policy", "off", "--root", packageRoot.path], in: folder.url)
        #expect(result.exit.rawValue == testCase.exit, "\(result.stderr)")
        if testCase.exit == 2 {
            #expect(result.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") } == testCase.expected)
        } else {
            let findings = try JSONReader().parse(result.stdout)["results"]?.arrayValue?.first?["findings"]?.arrayValue ?? []
            let errors = findings.filter { $0["severity"] == .string("error") }.map { "\($0["path"]?.stringValue ?? "") \($0["rule"]?.stringValue ?? $0["constraint"]?.stringValue ?? "")" }
            #expect(errors == testCase.expected)
        }
    }

    /// A 100 MB prompt is read and measured, not a crash; its time and memory are measured by bench/.
    @Test func aHundredMegabyteString() throws {
        let folder = TemporaryFolder()
        var bytes = Array(#"{"model_name": "kling-v3-omni", "aspect_ratio": "16:9", "prompt": ""#.utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 100_000_000)
        bytes += Array(#""}"#.utf8)
        try Data(bytes).write(to: folder.url.appendingPathComponent("big.json"))
        let result = runCLI(["validate", "big.json", "--endpoint", "omni-video.create", "--format", "json", "--policy", "off", "--root", packageRoot.path], in: folder.url)
        #expect(result.exit == .findings)
        let findings = try JSONReader().parse(result.stdout)["results"]?.arrayValue?.first?["findings"]?.arrayValue ?? []
        #expect(findings.map { "\($0["path"]?.stringValue ?? "") \($0["constraint"]?.stringValue ?? "")" } == ["prompt len"])
    }
}
