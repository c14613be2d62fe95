import Foundation
import KlingRegistry
import KlingRuntime

/// What the fuzz targets run: the entry points the tool uses, fed arbitrary bytes.
/// The tests replay every crasher the fuzzers ever found through the same functions.
public enum FuzzInputs {
    static let sources = Array("""
    # Sources

    | Key | Class | Title | Address |
    |---|---|---|---|
    | OFF-3.0 | official | Series 3.0 specification | https://docs.qingque.cn/ |
    | OFF-DEV | official | Developer docs | https://app.klingai.com/ |
    | T3-X | third-party | A reseller | https://example.com/ |

    """.utf8)

    /// Reads bytes as an evidence endpoint file, a register file and a live record, and builds the registry.
    public static func evidence(_ bytes: [UInt8]) {
        var builder = RegistryBuilder()
        for (path, data) in [("evidence/SOURCES.md", sources), ("evidence/video/omni-video.create.md", bytes), ("register/status.md", bytes)] {
            let (document, _) = MarkdownReader.read(path: path, bytes: data)
            if let document { builder.add(document, path: path) }
        }
        builder.addRecord(bytes, path: "evidence/live/fuzz.json")
        builder.addGoldens(bytes, path: "evidence/payloads/omni-video.create.json")
        _ = builder.build()
    }

    /// The repository's own registry, loaded once (KLINGREG_ROOT, or the parent of fuzz/).
    nonisolated(unsafe) static var loaded: Registry?

    package static func use(_ registry: Registry) { loaded = registry }

    static var registry: Registry {
        if let loaded { return loaded }
        let root = ProcessInfo.processInfo.environment["KLINGREG_ROOT"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).deletingLastPathComponent()
        let load = RegistryLoader.load(Repository(root: root))
        precondition(!load.failed, "the repository does not load: \(load.diagnostics.first?.description ?? "")")
        loaded = load.registry
        return load.registry
    }

    static let endpoints = ["omni-video.create", "text2video.create", "image2video.create", "omni-image.create", "image-generation.create", "element.create", "custom-voice.create", "omni-video.query-list"]

    /// Parses bytes as a payload and validates it; the first byte picks the endpoint.
    public static func validate(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let endpoint = endpoints[Int(first) % endpoints.count]
        guard let payload = try? JSONReader().parse(Array(bytes.dropFirst())) else { return }
        let registry = self.registry
        _ = PayloadValidator(registry: registry, index: nil).validate(payload, endpoint: endpoint)
        _ = PayloadClassifier(registry: registry, index: StatusIndex(registry: registry)).classify(payload, endpoint: endpoint)
    }

    /// Reads bytes as a plan and, when it reads, judges it; every payload file it
    /// names is the same bytes again, so payload reading is fuzzed too.
    public static func plan(_ bytes: [UInt8]) {
        let registry = self.registry
        let (plan, _) = PlanReader(file: "plan.json", registry: registry, today: CalendarDay("2026-06-30")!).read(bytes)
        guard let plan else { return }
        _ = Preflight(registry: registry, index: StatusIndex(registry: registry)).run(plan, file: "plan.json") { _ in .bytes(bytes) }
    }

    /// A request log the recorder accepts, into which `record` splices fuzzed text.
    static let logTemplate = #"{"endpoint_type": "text2video", "payload": {"prompt": "p", "duration": "5", "mode": "std", "model_name": "kling-v3", "external_task_id": "fuzz-1"}, "response": {"code": 0, "message": "SUCCEED", "request_id": "r-1", "data": {"task_id": "1", "task_status": "submitted", "task_info": {}, "created_at": 1774805076166, "updated_at": 1774805076166}}}"#

    /// Records bytes as a request log: the first byte picks whether the rest is the
    /// whole log or text spliced into a prompt, a key, an id or a response message.
    /// Whatever is written must parse, pass the scanner and load; a log with a hit must be refused.
    public static func record(_ bytes: [UInt8]) {
        guard let mode = bytes.first else { return }
        let rest = Array(bytes.dropFirst())
        let log: JSONValue
        if mode % 5 == 0 {
            guard let parsed = try? JSONReader().parse(rest) else { return }
            log = parsed
        } else {
            let text = String(decoding: rest, as: UTF8.self)
            guard case .object(let object)? = try? JSONReader().parse(logTemplate), case .object(let payload)? = object["payload"], case .object(let response)? = object["response"] else {
                preconditionFailure("the template log does not parse")
            }
            func setting(_ key: String, _ value: JSONValue, in object: JSONObject) -> JSONObject {
                var members = object.members.filter { $0.key != key }
                members.append((key: key, value: value))
                return JSONObject(members)
            }
            var newPayload = payload
            var newResponse = response
            switch mode % 5 {
            case 1: newPayload = setting("prompt", .string(text), in: payload)
            case 2: newPayload = setting(text, .string("v"), in: payload)
            case 3: newPayload = setting("external_task_id", .string(text), in: payload)
            default: newResponse = setting("message", .string(text), in: response)
            }
            log = .object(setting("response", .object(newResponse), in: setting("payload", .object(newPayload), in: object)))
        }
        let logHit = SecretScanner.firstHit(in: log)
        let registry = self.registry
        let result: (id: String, text: String)
        do {
            result = try RequestLogRecorder(registry: registry).record(log, options: .init(purpose: "fuzz"))
        } catch {
            return
        }
        precondition(logHit == nil, "record accepted a log holding \(logHit!)")
        guard let written = try? JSONReader().parse(result.text) else { preconditionFailure("record wrote text that does not parse") }
        precondition(SecretScanner.firstHit(in: written) == nil, "record wrote a secret")
        precondition(!result.id.contains("/") && !result.id.contains(".."), "record named a file outside evidence/live")
    }
}
