import Foundation
import KlingRegistry
import KlingRuntime

/// `residuals --plan FILE`: the creates that would settle the open verification items,
/// as a plan `preflight` reads, with one payload skeleton per create beside it. The plan
/// says it was not reviewed and carries no approval: preflight stays NO-GO until the user
/// fills the skeletons, re-reads the guardrails and approves.
enum ResidualsPlan {
    /// Omni first (the TODO's next priority), then the smallest-input non-Omni path.
    static let order = ["omni-video.create", "text2video.create", "image2video.create"]

    static func write(_ report: ResidualsReport, registry: Registry, to path: String, invocation: Invocation) -> Bool {
        let console = invocation.console
        // Deferred verification rows are the approval-gated creates the TODO plans; open ones too.
        let items = report.items.filter { !$0.derived && ($0.isOpen || $0.state == "classified-deferred") && $0.action == .billableCreate && $0.nextCreate != nil }.sorted { a, b in
            let x = order.firstIndex(of: a.nextCreate!.endpoint) ?? order.count, y = order.firstIndex(of: b.nextCreate!.endpoint) ?? order.count
            return x != y ? x < y : SchemaDiff.naturalOrder(a.id, b.id)
        }
        guard !items.isEmpty else {
            console.error("residuals --plan: no open verification item names a create endpoint, so there is no plan to write")
            return false
        }
        let planURL = URL(fileURLWithPath: path, relativeTo: invocation.context.currentDirectory)
        let folder = planURL.deletingLastPathComponent()
        var creates: [JSONValue] = []
        var total = 0.0
        var files: [(URL, String)] = []
        for item in items {
            let create = item.nextCreate!
            let name = planURL.deletingPathExtension().lastPathComponent + "-\(item.id).payload.json"
            files.append((folder.appendingPathComponent(name), JSONWriter(style: .pretty).string(skeleton(create, item: item, registry: registry)) + "\n"))
            creates.append(.object(JSONObject([
                (key: "endpoint", value: .string(create.endpoint)), (key: "model", value: .string(create.model)),
                (key: "payload", value: .string(name)), (key: "purpose", value: .string("settle \(item.id): \(item.seed)")),
                (key: "kind", value: .string("verification")),
            ])))
            total += create.worstCaseUnits ?? 0
        }
        let plan = JSONObject([
            (key: "round", value: .string("settle open verification residuals")),
            (key: "creates", value: .array(creates)),
            (key: "expected_count", value: .number(JSONNumber(creates.count))),
            (key: "max_units", value: .number(JSONNumber(lexeme: Preflight.format(total)))),
            (key: "reviewed", value: .object(JSONObject([(key: "guardrails", value: .bool(false)), (key: "register", value: .bool(false))]))),
        ])
        files.append((planURL, JSONWriter(style: .pretty).string(.object(plan)) + "\n"))
        for (url, text) in files {
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                console.error("residuals --plan: cannot write \(url.path): \(error.localizedDescription)")
                return false
            }
        }
        console.errLine("wrote \(path) with \(creates.count) create\(creates.count == 1 ? "" : "s") (worst case \(Preflight.format(total)) units) and a payload skeleton for each; fill them, re-read the guardrails, approve, then run: klingreg preflight \(path)")
        return true
    }

    /// A body with the model, mode and duration of the create, every field the item names
    /// (with the value it names, else its default, else a `REPLACE` placeholder), and the
    /// fields the endpoint requires. An array the item names gets one item with its
    /// required children. It is a skeleton to fill in: preflight judges it as it stands.
    static func skeleton(_ create: ResidualsReport.NextCreate, item: ResidualsReport.Item, registry: Registry) -> JSONValue {
        guard let endpoint = registry.endpoint(create.endpoint) else { return .object(JSONObject([])) }
        func placeholder(_ field: Field) -> JSONValue {
            if case .value(let fallback) = field.defaultValue { return fallback }
            if case .oneOf(let values)? = field.constraint(.enum), let first = values.first { return first }
            switch field.type {
            case .boolean: return .bool(true)
            case .integer, .int64, .number: return .number(JSONNumber(1))
            case .array: return .array([])
            case .object: return .object(JSONObject([]))
            default: return .string(field.constraint(.encoding) != nil ? "https://example.invalid/REPLACE-ME" : "REPLACE-ME")
            }
        }
        func literal(_ text: String, for field: Field) -> JSONValue {
            (try? JSONReader(maxDepth: 4).parse(text)) ?? .string(text)
        }
        var members: [(key: String, value: JSONValue)] = []
        func set(_ key: String, _ value: JSONValue, replace: Bool = false) {
            guard endpoint.field(key, in: .body) != nil else { return }
            if let index = members.firstIndex(where: { $0.key == key }) {
                if replace { members[index].value = value }
                return
            }
            members.append((key: key, value: value))
        }
        set("model_name", .string(create.model))
        set("prompt", .string("REPLACE: the prompt for \(item.id)"))
        set("mode", .string(create.mode))
        if let duration = endpoint.field("duration", in: .body) {
            set("duration", duration.type == .string ? .string(create.duration) : .number(JSONNumber(lexeme: create.duration)))
        }
        for named in create.fields {
            let parts = named.split(separator: "=", maxSplits: 1).map(String.init)
            let path = parts[0]
            let top = String(path.prefix { $0 != "." && $0 != "[" })
            guard let topField = endpoint.field(top, in: .body) else { continue }
            if path == top {
                set(top, parts.count == 2 ? literal(parts[1], for: topField) : placeholder(topField), replace: parts.count == 2)
                continue
            }
            // `top[].child` (one level): one item holding its required children and the named child.
            guard path.hasPrefix(top + "[]."), case .array = topField.type else { continue }
            let child = String(path.dropFirst(top.count + 3))
            var item: [(key: String, value: JSONValue)] = []
            if case .array(let items)? = members.first(where: { $0.key == top })?.value, case .object(let existing)? = items.first { item = existing.members }
            for field in endpoint.fields(in: .body) where field.path.hasPrefix(top + "[].") && !field.path.dropFirst(top.count + 3).contains(".") {
                let name = String(field.path.dropFirst(top.count + 3))
                let value: JSONValue? = name == child ? (parts.count == 2 ? literal(parts[1], for: field) : placeholder(field)) : field.requirement == .required ? placeholder(field) : nil
                guard let value else { continue }
                if let index = item.firstIndex(where: { $0.key == name }) { if name == child { item[index].value = value } } else { item.append((key: name, value: value)) }
            }
            set(top, .array([.object(JSONObject(item))]), replace: true)
        }
        for field in endpoint.fields(in: .body) where field.requirement == .required && !field.path.contains(".") && !field.path.contains("[") {
            set(field.path, placeholder(field))
        }
        // Fields a `required` rule asks for, found by the validator itself, a few rounds deep.
        let validator = PayloadValidator(registry: registry)
        for _ in 0..<4 {
            let result = validator.validate(.object(JSONObject(members)), endpoint: endpoint.id, options: ValidationOptions(policy: false))
            let missing = result.errors.compactMap { finding -> Field? in
                guard let rule = finding.rule.flatMap(registry.rule), rule.effect == .required, let field = endpoint.field(finding.path, in: .body),
                      !members.contains(where: { $0.key == finding.path }) else { return nil }
                return field
            }
            if missing.isEmpty { break }
            for field in missing { set(field.path, placeholder(field)) }
        }
        return .object(JSONObject(members))
    }
}
