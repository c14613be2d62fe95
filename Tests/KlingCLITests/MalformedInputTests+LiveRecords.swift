import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing
@testable import KlingCLI

/// Live records and golden cases that must not be taken on trust: impossible
/// or future dates, undocumented models, blames for values never sent, and
/// secrets. The day of the run is pinned, so no case depends on the clock.
struct MalformedLiveRecordTests {
    typealias Case = MalformedInputTests.Case

    static let today = CalendarDay("2026-04-02")!
    static let body = """
    | `model_name` | string | optional | `"kling-v3-omni"` | `kling-v3-omni`, `kling-video-o1` | OFF-3.0 | Model. |
    | `mode` | string | optional | `"std"` | `std`, `pro` | OFF-3.0 | Tier. |
    | `sound` | string | optional | `"off"` | `on`, `off` | OFF-3.0 | Sound. |
    """

    /// One record on one line: `id` names the file, the other members are JSON text.
    static func record(_ id: String, observed: String = "2026-04-01", model: String = "null", request: String? = nil, create: String = "accepted", blame: String = "[]", notes: String = "") -> [String: [UInt8]] {
        let call = request.map { #"{"endpoint": "omni-video.create", "request": \#($0), "create": "\#(create)"}"# } ?? #"{"endpoint": "omni-video.create", "create": "\#(create)"}"#
        let text = #"{"id": "\#(id)", "label": null, "purpose": "", "observed": "\#(observed)", "model": \#(model), "request_known": "complete", "calls": [\#(call)], "blame": \#(blame), "claims": [], "notes": "\#(notes)"}"#
        return ["evidence/live/\(id).json": Array(text.utf8)]
    }

    static func live(_ name: String, _ files: [String: [UInt8]], arguments: [String] = ["check"], exit: Int32 = 2, _ diagnostics: [String]) -> Case {
        Case(name: name, files: files, arguments: arguments, exit: exit, diagnostics: diagnostics)
    }

    static let file = "evidence/live/2026-04-01-omni-video-x.json"
    static let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBS0VYQU1QTEUifQ.c2lnbmF0dXJl"

    static let cases: [Case] = [
        live("a record dated today loads", record("2026-04-02-omni-video-x", observed: "2026-04-02", model: #""kling-v3-omni""#), exit: 0, []),
        live("a leap day loads", record("2024-02-29-omni-video-x", observed: "2024-02-29"), exit: 0, []),
        live("an impossible date", record("2026-02-30-omni-video-x", observed: "2026-02-30"), ["evidence/live/2026-02-30-omni-video-x.json:1:77: error: observed 2026-02-30 is not a calendar date"]),
        live("February 29 of a common year", record("2026-02-29-omni-video-x", observed: "2026-02-29"), ["evidence/live/2026-02-29-omni-video-x.json:1:77: error: observed 2026-02-29 is not a calendar date"]),
        live("month 13", record("2026-13-01-omni-video-x", observed: "2026-13-01"), ["evidence/live/2026-13-01-omni-video-x.json:1:77: error: observed 2026-13-01 is not a calendar date"]),
        live("a date after the day of the run", record("2026-04-03-omni-video-x", observed: "2026-04-03"), ["evidence/live/2026-04-03-omni-video-x.json:1:77: error: observed 2026-04-03 is after today (2026-04-02): a record cannot come from the future"]),
        live("a bound after the day of the run", record("before-2027-01-01-omni-video-x", observed: "<2027-01-01"), ["evidence/live/before-2027-01-01-omni-video-x.json:1:84: error: observed 2027-01-01 is after today (2026-04-02): a record cannot come from the future"]),
        live("an undocumented model", record("2026-04-01-omni-video-x", model: #""kling-v9-ultra""#), ["evidence/live/2026-04-01-omni-video-x.json:1:100: error: model \"kling-v9-ultra\" is documented nowhere (no endpoint's model_name values, no capability map section); did you mean \"kling-v3-omni\"?"]),
        live("an undocumented model stops report too", record("2026-04-01-omni-video-x", model: #""kling-v9-ultra""#), arguments: ["report"], ["evidence/live/2026-04-01-omni-video-x.json:1:100: error: model \"kling-v9-ultra\" is documented nowhere (no endpoint's model_name values, no capability map section); did you mean \"kling-v3-omni\"?"]),
        live("a blame for a value the call did not send", record("2026-04-01-omni-video-x", request: #"{"sound": "off"}"#, create: "rejected", blame: #"["omni-video.create#body:sound=\"on\""]"#), ["evidence/live/2026-04-01-omni-video-x.json:1:242: error: blame omni-video.create#body:sound=\"on\": the call sent `sound` = \"off\", not \"on\""]),
        live("a blame for a key the call did not send", record("2026-04-01-omni-video-x", request: #"{"sound": "off"}"#, create: "rejected", blame: #"["omni-video.create#body:mode=\"pro\""]"#), ["evidence/live/2026-04-01-omni-video-x.json:1:242: error: blame omni-video.create#body:mode=\"pro\": no call to omni-video.create in this record sent `mode`"]),
        live("a blame of absence for a key the call sent", record("2026-04-01-omni-video-x", request: #"{"sound": "off"}"#, create: "rejected", blame: #"["omni-video.create#body:sound=<absent>"]"#), ["evidence/live/2026-04-01-omni-video-x.json:1:242: error: blame omni-video.create#body:sound=<absent>: the call sent `sound`"]),
        live("a blame for a value not kept", record("2026-04-01-omni-video-x", request: #"{"sound": {"$unknown": "string"}}"#, create: "rejected", blame: #"["omni-video.create#body:sound=\"on\""]"#), ["evidence/live/2026-04-01-omni-video-x.json:1:259: error: blame omni-video.create#body:sound=\"on\": the call sent `sound` = a value this record does not keep, not \"on\""]),
        live("a blame for the value the call sent loads", record("2026-04-01-omni-video-x", request: #"{"sound": "on"}"#, create: "rejected", blame: #"["omni-video.create#body:sound=\"on\""]"#), exit: 0, []),
        live("a record holding an Authorization header", record("2026-04-01-omni-video-x", request: #"{"mode": "std", "headers": {"Authorization": "Bearer sk-live-0123456789"}}"#), ["evidence/live/2026-04-01-omni-video-x.json:1:235: error: a credential under the key \"Authorization\" at calls[0].request.headers.Authorization: evidence holds no secrets; remove the value (it is not printed)"]),
        live("a record with a bearer token in its notes", record("2026-04-01-omni-video-x", notes: "sent Authorization: Bearer sk-live-0123456789"), ["evidence/live/2026-04-01-omni-video-x.json:1:239: error: a Bearer credential at notes: evidence holds no secrets; remove the value (it is not printed)"]),
        live("a record with a JWT split across its request", record("2026-04-01-omni-video-x", request: #"{"mode": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", "sound": "eyJpc3MiOiJBS0VYQU1QTEUifQ.c2ln"}"#), ["evidence/live/2026-04-01-omni-video-x.json:1:199: error: a JWT split across adjacent fields at calls[0].request.mode: evidence holds no secrets; remove the value (it is not printed)"]),
        Case(name: "a golden case holding a JWT", files: ["evidence/payloads/omni-video.create.json": Array(#"[{"description": "g", "cases": [{"id": "OV-G-1", "description": "d", "payload": {"mode": "std", "prompt": "\#(jwt)"}, "valid": true, "expect": [], "oracle": "author"}]}]"#.utf8)], arguments: ["check"], exit: 2, diagnostics: ["evidence/payloads/omni-video.create.json:1:107: error: a JWT at [0].cases[0].payload.prompt: evidence holds no secrets; remove the value (it is not printed)"]),
        Case(name: "a golden case with an access key", files: ["evidence/payloads/omni-video.create.json": Array(#"[{"description": "g", "cases": [{"id": "OV-G-1", "description": "d", "payload": {"mode": "std", "access_key": "AKEXAMPLE0001"}, "valid": true, "expect": [], "oracle": "author"}]}]"#.utf8)], arguments: ["check"], exit: 2, diagnostics: ["evidence/payloads/omni-video.create.json:1:111: error: a credential under the key \"access_key\" at [0].cases[0].payload.access_key: evidence holds no secrets; remove the value (it is not printed)"]),
    ]

    @Test(arguments: cases)
    func untrustedRecords(_ testCase: Case) throws {
        let folder = TemporaryFolder.emptyRepository()
        folder.write("evidence/SOURCES.md", MalformedInputTests.sources)
        folder.write(MalformedInputTests.file, MalformedInputTests.endpoint(Self.body))
        for (path, bytes) in testCase.files {
            try FileManager.default.createDirectory(at: folder.url.appendingPathComponent(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: folder.url.appendingPathComponent(path))
        }
        let console = Console.capturing()
        let context = CLI.Context(console: console, environment: [:], currentDirectory: folder.url, today: Self.today)
        let exit = CLI.run(testCase.arguments, context: context)
        let lines = console.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") }
        #expect(lines == testCase.diagnostics)
        #expect(exit.rawValue == testCase.exit, "\(console.stderr)")
        for secret in ["sk-live-0123456789", "AKEXAMPLE0001", Self.jwt, "eyJpc3MiOiJBS0VYQU1QTEUifQ"] {
            #expect(!console.stderr.contains(secret) && !console.stdout.contains(secret))
        }
    }

    /// The clock is only the default: the same record loads or not by the day given.
    @Test func theDayOfTheRunIsInjected() {
        let folder = TemporaryFolder.emptyRepository()
        folder.write("evidence/SOURCES.md", MalformedInputTests.sources)
        folder.write(MalformedInputTests.file, MalformedInputTests.endpoint(Self.body))
        for (path, bytes) in Self.record("2026-04-03-omni-video-x", observed: "2026-04-03") {
            folder.write(path, String(decoding: bytes, as: UTF8.self))
        }
        let repository = Repository(root: folder.url)
        #expect(RegistryLoader.load(repository, today: CalendarDay("2026-04-02")!).failed)
        #expect(!RegistryLoader.load(repository, today: CalendarDay("2026-04-03")!).failed)
    }

    @Test func calendarDays() {
        #expect(CalendarDay("2024-02-29") != nil)
        #expect(CalendarDay("1900-02-29") == nil)
        #expect(CalendarDay("2000-02-29") != nil)
        #expect(CalendarDay("2026-04-31") == nil)
        #expect(CalendarDay("2026-4-01") == nil)
        #expect(CalendarDay("2026-04-01")! < CalendarDay("2026-04-02")!)
        #expect(CalendarDay("2026-04-01")?.description == "2026-04-01")
    }
}
