import Foundation
import KlingRuntime

/// Turns one of the user's request logs (`{endpoint_type, payload, response}`)
/// into a live record (docs/live-records.md#live-records): id, UTC date and model from the log,
/// outcome from the envelope's error codes. Only documented request fields and
/// response fields keep their values (inline media as digests); other keys keep
/// a digest. The scanner reads the log before and the record after.
package struct RequestLogRecorder: Sendable {
    package struct Options: Sendable {
        package var purpose: String
        package var label: String?
        package var blame: [Reference]

        package init(purpose: String = "", label: String? = nil, blame: [Reference] = []) {
            self.purpose = purpose
            self.label = label
            self.blame = blame
        }
    }

    package struct Refusal: Error, Sendable, CustomStringConvertible {
        package var message: String
        package var description: String { message }
    }

    let registry: Registry
    let today: CalendarDay

    package init(registry: Registry, today: CalendarDay = .utcToday()) {
        self.registry = registry
        self.today = today
    }

    static let endpointTypes = ["text2video": "text2video.create", "image2video": "image2video.create", "omni-video": "omni-video.create", "omni": "omni-video.create"]
    static let mediaKeys: Set<String> = ["image", "image_tail", "image_url", "static_mask", "mask", "video_url", "frontal_image", "voice_url"]

    /// Every create endpoint the evidence documents can be logged: by the user's short names
    /// (`text2video`, `omni`), by its family (`element`), or by its id (`element.create`).
    func endpoint(forType type: String) -> String? {
        if let known = Self.endpointTypes[type] { return known }
        let id = type.hasSuffix(".create") ? type : type + ".create"
        return registry.endpoint(id) != nil ? id : nil
    }

    var endpointTypeNames: [String] {
        Set(Self.endpointTypes.keys).union(registry.endpoints.map(\.id).filter { $0.hasSuffix(".create") }.map { String($0.dropLast(".create".count)) }).sorted()
    }

    /// The record's id and its JSON text, or why the log is refused.
    package func record(_ log: JSONValue, options: Options) throws(Refusal) -> (id: String, text: String) {
        if let hit = SecretScanner.firstHit(in: log) {
            throw Refusal(message: "refused: the log holds \(hit); nothing was written")
        }
        guard case .object(let object) = log else { throw Refusal(message: "a request log is a JSON object") }
        if case .object(let body)? = object["callback"] { return try recordCallback(body, log: object, options: options) }
        guard case .string(let type)? = object["endpoint_type"], let endpoint = endpoint(forType: type) else {
            throw Refusal(message: "endpoint_type must be one of \(endpointTypeNames.joined(separator: ", "))")
        }
        guard case .object(let payload)? = object["payload"] else { throw Refusal(message: "the log has no payload object") }
        guard let response = object["response"], case .object = response else { throw Refusal(message: "the log has no response object") }
        guard case .number(let created)? = response["data"]?["created_at"], let milliseconds = created.int64Value else {
            throw Refusal(message: "response.data.created_at is missing: the run's date cannot be known")
        }
        let observed = Self.utcDate(milliseconds: milliseconds)
        let model = payload["model_name"]?.stringValue
        let slugSource = payload["external_task_id"]?.stringValue ?? response["request_id"]?.stringValue
        guard let slugSource, !Self.slug(slugSource).isEmpty else {
            throw Refusal(message: "neither payload.external_task_id nor response.request_id names the run")
        }
        let id = "\(observed)-\(EndpointCatalog.resource(ofEndpoint: endpoint))-\(Self.slug(slugSource))"
        guard case .number(let codeNumber)? = response["code"], let code = codeNumber.int64Value else {
            throw Refusal(message: "response.code is missing")
        }
        let outcome = registry.errorCodes.first { $0.code == Int(code) }?.outcome
        let create: LiveRecord.CreateOutcome
        switch outcome {
        case .success?: create = .accepted
        case .rejected?: create = .rejected
        case .riskBlocked?: create = .riskBlocked
        default: create = .inconclusive
        }
        var blame = options.blame
        if create == .rejected, blame.isEmpty {
            blame = blameFromMessage(response["message"]?.stringValue ?? "", payload: payload, endpoint: endpoint)
            if blame.isEmpty {
                throw Refusal(message: "code \(code) is a rejection and its message names no field or value; give --blame REF")
            }
        }
        let documented = registry.endpoint(endpoint)
        let requestFields = Set(documented?.fields(in: .body).map(\.path) ?? [])
        let responseFields = Set(documented?.fields(in: .response).map(\.path) ?? [])
        let call: [(key: String, value: JSONValue)] = [
            (key: "endpoint", value: .string(endpoint)),
            (key: "request", value: Self.keepDocumented(.object(payload), fields: requestFields, digestingMedia: true)),
            (key: "response", value: Self.keepDocumented(response, fields: responseFields, digestingMedia: false)),
            (key: "create", value: .string(create.rawValue)),
        ]
        return try finish(id: id, record: Self.record(id: id, options: options, observed: observed, model: model, call: call, blame: blame))
    }

    /// A callback log, `{"endpoint_type": "callback", "callback": {…}}`: the body
    /// the server posted, recorded as one call of the callback endpoint.
    func recordCallback(_ body: JSONObject, log: JSONObject, options: Options) throws(Refusal) -> (id: String, text: String) {
        guard let endpoint = registry.endpoints.first(where: \.isCallback) else { throw Refusal(message: "the evidence documents no callback body") }
        if let type = log["endpoint_type"], type != .string("callback") {
            throw Refusal(message: "a callback log has endpoint_type \"callback\" or none, not \(JSONWriter(style: .compact).string(type))")
        }
        if let extra = log.keys.first(where: { !["endpoint_type", "callback"].contains($0) }) {
            throw Refusal(message: "a callback log holds endpoint_type and callback only, not \(extra)")
        }
        guard case .number(let stamp)? = body["updated_at"] ?? body["created_at"], let milliseconds = stamp.int64Value else {
            throw Refusal(message: "callback.updated_at and callback.created_at are missing: the run's date cannot be known")
        }
        let slugSource = body["task_info"]?["external_task_id"]?.stringValue ?? body["task_id"]?.stringValue
        guard let slugSource, !Self.slug(slugSource).isEmpty else {
            throw Refusal(message: "neither callback.task_info.external_task_id nor callback.task_id names the task")
        }
        let status = body["task_status"]?.stringValue
        let observed = Self.utcDate(milliseconds: milliseconds)
        let id = "\(observed)-callback-\(Self.slug(slugSource))\(status.map { "-" + Self.slug($0) } ?? "")"
        let fields = Set(endpoint.fields(in: .body).map(\.path))
        var call: [(key: String, value: JSONValue)] = [
            (key: "endpoint", value: .string(endpoint.id)),
            (key: "request", value: Self.keepDocumented(.object(body), fields: fields, digestingMedia: false)),
        ]
        // Only success says what the task did; a failure's cause is in prose.
        if status == "succeed" { call.append((key: "task", value: .string(LiveRecord.TaskOutcome.succeed.rawValue))) }
        if status == "failed" { call.append((key: "task", value: .string(LiveRecord.TaskOutcome.unknown.rawValue))) }
        return try finish(id: id, record: Self.record(id: id, options: options, observed: observed, model: nil, call: call, blame: options.blame))
    }

    /// A record of one complete call, in the order the format lists its keys.
    static func record(id: String, options: Options, observed: String, model: String?, call: [(key: String, value: JSONValue)], blame: [Reference]) -> [(key: String, value: JSONValue)] {
        [
            (key: "id", value: .string(id)),
            (key: "label", value: options.label.map(JSONValue.string) ?? .null),
            (key: "purpose", value: .string(options.purpose)),
            (key: "observed", value: .string(observed)),
            (key: "model", value: model.map(JSONValue.string) ?? .null),
            (key: "request_known", value: .string("complete")),
            (key: "calls", value: .array([.object(JSONObject(call))])),
            (key: "blame", value: .array(blame.map { .string($0.description) })),
            (key: "claims", value: .array([])),
            (key: "notes", value: .string("")),
        ]
    }

    private func finish(id: String, record: [(key: String, value: JSONValue)]) throws(Refusal) -> (id: String, text: String) {
        let written = JSONValue.object(JSONObject(record))
        // What is written passes the scanner too: the id becomes a file name.
        if let hit = SecretScanner.firstHit(in: written) ?? SecretScanner.secretKind(in: id).map({ SecretScanner.Hit(path: "id", kind: $0) }) {
            throw Refusal(message: "refused: the record would hold \(hit); nothing was written")
        }
        let text = JSONWriter(style: .pretty, sortKeys: false).string(written) + "\n"
        // A record is written only if it would load: its date, model and blames checked as at load.
        let file = "evidence/live/\(id).json"
        var sink = DiagnosticSink(file: file)
        if let reread = LiveRecordReader(file: file, bytes: Array(text.utf8), today: today).read(sink: &sink) {
            for problem in LiveRecordChecks(registry: registry).problems(in: reread) { sink.error(problem.message, at: problem.position) }
        }
        if let first = sink.diagnostics.first(where: { $0.severity == .error }) {
            throw Refusal(message: "refused: the record would not load (\(first.message)); nothing was written")
        }
        return (id, text)
    }

    /// Keys that are documented fields keep their values (inline media as
    /// digests); any other key keeps only a digest of its value, since the
    /// evidence cannot say what it holds.
    static func keepDocumented(_ value: JSONValue, fields: Set<String>, digestingMedia: Bool, path: String = "") -> JSONValue {
        guard case .object(let object) = value else { return value }
        return .object(JSONObject(object.members.map { member in
            let childPath = path.isEmpty ? member.key : path + "." + member.key
            guard fields.contains(childPath) else { return (key: member.key, value: digest(member.value)) }
            switch member.value {
            case .object:
                return (key: member.key, value: keepDocumented(member.value, fields: fields, digestingMedia: digestingMedia, path: childPath))
            case .array(let items):
                return (key: member.key, value: .array(items.map { item in
                    if case .object = item { return keepDocumented(item, fields: fields, digestingMedia: digestingMedia, path: childPath + "[]") }
                    return digestingMedia ? digestMedia(item, key: member.key) : item
                }))
            default:
                return (key: member.key, value: digestingMedia ? digestMedia(member.value, key: member.key) : member.value)
            }
        }))
    }

    /// The sha256 and length of a value's compact JSON text.
    static func digest(_ value: JSONValue) -> JSONValue {
        let bytes = Array(JSONWriter(style: .compact, sortKeys: false).string(value).utf8)
        return MediaDigest(sha256: SHA256.hex(bytes), bytes: bytes.count, media: nil, width: nil, height: nil).json
    }

    static func utcDate(milliseconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    static func slug(_ text: String) -> String {
        var result = ""
        for character in text.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                result.append(character)
            } else if !result.hasSuffix("-") {
                result.append("-")
            }
        }
        return result.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    /// Inline media (base64, `data:` too) becomes `$digest` with a real sha256,
    /// keeping a `data:` header as `prefix` so the run shows it was sent; URLs stay.
    static func digestMedia(_ value: JSONValue, key: String? = nil) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.map { (key: $0.key, value: digestMedia($0.value, key: $0.key)) }))
        case .array(let items):
            return .array(items.map { digestMedia($0, key: key) })
        case .string(var text) where key.map(mediaKeys.contains) == true:
            let lower = text.prefix(8).lowercased()
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") || text.isEmpty { return value }
            var declared: String?
            var prefix: String?
            if text.hasPrefix("data:"), let comma = text.firstIndex(of: ",") {
                declared = String(text[text.index(text.startIndex, offsetBy: 5)..<comma]).components(separatedBy: ";").first
                prefix = String(text[...comma])
                text = String(text[text.index(after: comma)...])
            }
            guard let bytes = StrictBase64.decode(text) else { return value }
            var media = declared
            var width: Int?
            var height: Int?
            if case .success(let header) = ImageHeader.read(bytes) {
                media = header.format.mediaType
                width = header.width
                height = header.height
            }
            return MediaDigest(sha256: SHA256.hex(bytes), bytes: bytes.count, media: media, width: width, height: height, prefix: prefix).json
        default:
            return value
        }
    }

    /// A field or value the rejection message names: a payload value quoted
    /// or next to its key, else a top-level key named as a word.
    func blameFromMessage(_ message: String, payload: JSONObject, endpoint: String) -> [Reference] {
        let lower = message.lowercased()
        let words = Set(lower.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        for member in payload.members where words.contains(member.key.lowercased()) {
            if case .string(let text) = member.value, !text.isEmpty, text.count < 64, words.contains(text.lowercased()) {
                return [.item(ItemReference(endpoint: endpoint, part: .body, path: member.key, value: .literal(member.value)))]
            }
            return [.item(ItemReference(endpoint: endpoint, part: .body, path: member.key))]
        }
        return []
    }
}
