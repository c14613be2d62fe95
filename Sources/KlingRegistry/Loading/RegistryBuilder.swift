import KlingRuntime

/// Assembles the registry from read documents and runs the checks that span
/// files. Kept apart from file I/O so tests can feed it documents directly.
package struct RegistryBuilder {
    /// A reference type so checks can report while they read the builder's state.
    private final class Store {
        var sinks: [String: DiagnosticSink] = [:]
        /// Rules and field rows that were written but did not load: what
        /// names them is a knock-on of an error already reported, so it is
        /// not reported again (the cause stays first and alone).
        var failedRules = Set<String>()
        var failedFields = Set<String>()
        var failedSourceKeys = Set<String>()
        /// Endpoint files that did not load at all.
        var failedEndpoints = Set<String>()
        /// Paths where a folder stands in place of a file.
        var folders = Set<String>()
    }

    /// `path` is a folder where a file belongs: what needs the file says so instead of "missing".
    package mutating func noteFolder(_ path: String) { store.folders.insert(path) }

    private func absence(_ path: String) -> String {
        store.folders.contains(path) ? "\(path) is a folder, not a file" : "\(path) is missing"
    }

    private let store = Store()
    private var sources: [SourceEntry] = []
    private var sourcesFile: String?
    private var envelope: SharedFilesReader.Envelope?
    private var envelopeFile = "evidence/common/envelope.md"
    private var capabilityMap: SharedFilesReader.CapabilityMap?
    private var billing: [SharedFilesReader.BillingDraft] = []
    private var catalogue: [CatalogueEntry]?
    private var drafts: [EndpointDraft] = []
    private var registerDrafts = RegisterReader.Drafts()
    private var records: [LiveRecord] = []
    private var todo: (path: String, text: String)?
    private var goldenFiles: [(path: String, endpoint: String, cases: [GoldenCase])] = []

    /// The day of the run: live records dated after it do not load.
    package var today = CalendarDay.utcToday()

    package init() {}

    private func withSink(_ file: String, _ body: (inout DiagnosticSink) -> Void) {
        var sink = store.sinks[file] ?? DiagnosticSink(file: file)
        body(&sink)
        store.sinks[file] = sink
    }

    /// Adds one file, dispatched by where it sits (docs/evidence-format.md#files-and-folders).
    package mutating func add(_ document: MarkdownDocument, path: String) {
        let components = path.split(separator: "/").map(String.init)
        var sink = store.sinks[path] ?? DiagnosticSink(file: path)
        defer { store.sinks[path] = sink }
        do {
            if components.first == "register" {
                RegisterReader(file: path).read(document, into: &registerDrafts, sink: &sink)
                return
            }
            switch components.dropFirst().joined(separator: "/") {
            case "SOURCES.md":
                sourcesFile = path
                sources = SharedFilesReader(file: path).readSources(document, sink: &sink, failed: &store.failedSourceKeys)
            case "common/envelope.md":
                envelopeFile = path
                envelope = SharedFilesReader(file: path).readEnvelope(document, sink: &sink)
            case "capability-map.md":
                capabilityMap = SharedFilesReader(file: path).readCapabilityMap(document, sink: &sink)
            case "billing.md":
                billing = SharedFilesReader(file: path).readBilling(document, sink: &sink)
            case "catalogue.md":
                catalogue = SharedFilesReader(file: path).readCatalogue(document, sink: &sink)
            default:
                guard components.count == 3, EndpointCatalog.families.contains(components[1]) else {
                    let place = components.count == 3 ? "folder '\(components[1])'" : "place"
                    sink.error("unknown evidence file: an endpoint file sits in evidence/<family>/ (\(EndpointCatalog.families.joined(separator: ", "))), not in this \(place)", line: 1, column: 1)
                    return
                }
                let id = String(components[2].dropLast(3))
                guard EndpointCatalog.isWellFormedID(id) else {
                    sink.error("file name '\(components[2])' is not an endpoint id such as omni-video.create.md", line: 1, column: 1)
                    return
                }
                if let draft = EndpointFileReader(file: path, family: components[1], expectedID: id).read(document, sink: &sink) {
                    drafts.append(draft)
                } else {
                    store.failedEndpoints.insert(id)
                }
            }
        }
    }

    /// Adds one live record (`evidence/live/<id>.json`).
    package mutating func addRecord(_ bytes: [UInt8], path: String) {
        var sink = store.sinks[path] ?? DiagnosticSink(file: path)
        if let record = LiveRecordReader(file: path, bytes: bytes, today: today).read(sink: &sink) { records.append(record) }
        store.sinks[path] = sink
    }

    /// Adds one golden file (`evidence/payloads/<endpoint-id>.json`).
    package mutating func addGoldens(_ bytes: [UInt8], path: String) {
        var sink = store.sinks[path] ?? DiagnosticSink(file: path)
        let endpoint = String(path.split(separator: "/").last!.dropLast(5))
        goldenFiles.append((path, endpoint, GoldenFileReader(file: path, endpoint: endpoint, bytes: bytes).read(sink: &sink)))
        store.sinks[path] = sink
    }

    /// The user's TODO, whose open lines seed the residuals.
    package mutating func setTODO(_ text: String, path: String) { todo = (path, text) }

    /// Runs once: the builder is used up by it.
    package consuming func build() -> (Registry, [Diagnostic]) {
        var copy = self
        return copy.assemble()
    }

    private mutating func assemble() -> (Registry, [Diagnostic]) {
        var registry = Registry()
        registry.records = records.sorted { ($0.sortKey, $0.id) < ($1.sortKey, $1.id) }
        for entry in sources { registry.sources[entry.key] = entry }
        let hasEvidence = !drafts.isEmpty || capabilityMap != nil || envelope != nil
        if hasEvidence && sourcesFile == nil {
            withSink("evidence/SOURCES.md") { $0.error("\(absence("evidence/SOURCES.md")): no source key can be checked", line: 1, column: 1) }
        }
        registry.capabilityCells = capabilityMap?.cells.sorted { ($0.model, $0.feature) < ($1.model, $1.feature) } ?? []
        registry.errorCodes = envelope?.errorCodes ?? []
        registry.apiDomains = envelope?.domains ?? []
        for draft in drafts { store.failedRules.formUnion(draft.failedRules) }
        store.failedRules.formUnion(envelope?.failedRules ?? [])
        store.failedRules.formUnion(capabilityMap?.failedRules ?? [])
        registry.endpoints = drafts.sorted { $0.endpoint.id < $1.endpoint.id }.map { expandFields($0) }

        // Rules: type-checked against their endpoint's request fields.
        var pending: [(file: String, refs: [FindingTablesReader.PendingReference])] = []
        for index in registry.endpoints.indices {
            let draft = drafts.first { $0.endpoint.id == registry.endpoints[index].id }!
            var scope = FieldScope(fields: registry.endpoints[index].fields.filter { $0.part.isRequest }, registry: registry)
            scope.failedPaths = failedPaths(of: registry.endpoints[index].id)
            registry.endpoints[index].rules = typeCheck(draft.rules, scope: scope)
            registry.endpoints[index].contradictions = typeCheckEnforced(registry.endpoints[index].contradictions, scope: scope)
            pending.append((draft.endpoint.location.file, draft.references))
        }
        let createFields = registry.endpoints.filter { $0.id.hasSuffix(".create") }.flatMap { $0.fields.filter { $0.part == .body } }
        var unionScope = FieldScope(fields: createFields, registry: registry)
        unionScope.failedPaths = Set(registry.endpoints.filter { $0.id.hasSuffix(".create") }.flatMap { failedPaths(of: $0.id) })
        if let envelope {
            registry.sharedRules += typeCheck(envelope.rules, scope: unionScope)
            registry.sharedContradictions += typeCheckEnforced(envelope.contradictions, scope: unionScope)
            registry.sharedClaims += envelope.claims
            pending.append((envelopeFile, envelope.references))
        }
        if let capabilityMap {
            registry.sharedRules += typeCheck(capabilityMap.rules, scope: unionScope)
            registry.sharedContradictions += typeCheckEnforced(capabilityMap.contradictions, scope: unionScope)
            registry.sharedClaims += capabilityMap.claims
            if let file = capabilityMap.cells.first?.location.file {
                pending.append((file, capabilityMap.references))
            }
        }
        // A billing line's condition reads the request fields of the endpoint it prices.
        registry.billing = billing.compactMap { draft in
            var row = draft.row
            let problems = BillingCheck.problems(row, cells: draft.cells, registry: registry)
            guard problems.isEmpty, let endpoint = registry.endpoint(row.endpoint) else {
                withSink(row.location.file) { sink in for (position, message) in problems { sink.error(message, at: position) } }
                return nil
            }
            guard let when = draft.row.when, let cell = draft.cell else { return row }
            var scope = FieldScope(fields: endpoint.fields.filter { $0.part.isRequest }, registry: registry)
            scope.failedPaths = failedPaths(of: endpoint.id)
            do throws(RuleTypeChecker.Failure) {
                row.when = try RuleTypeChecker(scope: scope).check(when)
                return row
            } catch {
                withSink(row.location.file) { $0.error(error.message, at: cell.position(atUTF8Offset: draft.offset + error.offset)) }
                return nil
            }
        }
        registry.register = typeCheckRegister(registry)
        if let todo {
            registry.todoOpenLines = TODOReader.openLines(todo.text)
            registry.seedFindings = SeedCheck.findings(todo: todo.text, todoPath: todo.path, residuals: registry.register.residuals, seedPositions: registerDrafts.residualCells.mapValues(\.position))
        } else if !registry.register.residuals.isEmpty {
            withSink("register/residuals.md") { $0.error("\(absence("register/sources/kling-priority-todo.md")): the seeds cannot be checked", line: 1, column: 1) }
        }
        registry.goldens = checkGoldens(registry)
        pending += registerPending
        registry.catalogue = catalogue
        // The cross-file checks of Loading/Checks/, each a function from the registry to its problems.
        var problems = CatalogueCheck.problems(registry) + UniqueIDsCheck.problems(registry)
        problems += RecordReferencesCheck.problems(registry, unloadedEndpoints: store.failedEndpoints)
        if sourcesFile != nil { problems += SourceKeysCheck.problems(registry, unloadedKeys: store.failedSourceKeys) }
        problems += ConditionalCheck.problems(registry, unloadedRules: store.failedRules)
        for problem in problems {
            withSink(problem.location.file) { $0.error(problem.message, line: problem.location.line, column: problem.location.column) }
        }
        let resolver = ReferenceResolver(registry: registry)
        let recordChecks = LiveRecordChecks(registry: registry)
        for record in registry.records {
            for problem in recordChecks.problems(in: record) {
                withSink(record.file) { $0.error(problem.message, at: problem.position) }
            }
            // A rejection may blame a value the doc does not list (`mode="standard"`).
            // An undocumented field may be blamed only when a call of the record sent it, so a typo cannot pass.
            for (index, blame) in record.blame.enumerated() where !didNotLoad(blame) {
                guard let strict = resolver.problem(with: blame) else { continue }
                var problem: String? = resolver.problem(with: blame, allowUndocumented: true)
                if problem == nil, case .item(let item) = blame, registry.endpoint(item.endpoint)?.field(item.path, in: item.part) == nil,
                   !record.calls.contains(where: { $0.endpoint == item.endpoint && $0.request.map { Self.sends($0, path: item.path) } == true }) {
                    problem = strict
                }
                if let problem {
                    withSink(record.file) { $0.error("blame \(blame): \(problem)", at: record.position("blame[\(index)]")) }
                }
            }
        }
        for (file, refs) in pending {
            for ref in refs where !didNotLoad(ref.reference) {
                if let problem = resolver.problem(with: ref.reference, allowUndocumented: ref.allowUndocumented) {
                    withSink(file) { $0.error(problem, at: ref.position) }
                }
            }
        }
        return (registry, store.sinks.values.flatMap(\.diagnostics))
    }

    /// Includes expanded, parents and array markers checked.
    private mutating func expandFields(_ draft: EndpointDraft) -> Endpoint {
        var endpoint = draft.endpoint
        let file = endpoint.location.file
        for part in Part.allCases {
            guard let entries = draft.entries[part] else { continue }
            var fields: [Field] = []
            for entry in entries {
                switch entry {
                case .field(let field):
                    fields.append(field)
                case .failed(let path):
                    store.failedFields.insert(FieldReference(endpoint: endpoint.id, part: part, path: path).description)
                case .include(let name, let position):
                    guard let envelope else {
                        withSink(file) { $0.error("include common/envelope#\(name): \(absence(envelopeFile))", at: position) }
                        continue
                    }
                    guard let section = envelope.sections[name] else {
                        if envelope.failedSections.contains(name) {
                            withSink(file) { $0.error("include common/envelope#\(name): the section's table in \(envelopeFile) did not load", at: position) }
                        } else {
                            var message = "include common/envelope#\(name): no such section in \(envelopeFile) (sections: \(SharedFilesReader.sectionNames.joined(separator: ", ")))"
                            if let near = Suggestion.closest(to: name, among: SharedFilesReader.sectionNames) { message += "; did you mean '\(near)'?" }
                            withSink(file) { $0.error(message, at: position) }
                        }
                        continue
                    }
                    for entry in section {
                        switch entry {
                        case .field(var field):
                            field.part = part
                            field.includedFrom = "common/envelope#\(name)"
                            fields.append(field)
                        case .failed(let path):
                            store.failedFields.insert(FieldReference(endpoint: endpoint.id, part: part, path: path).description)
                        case .include:
                            break  // the envelope's own reader refuses nested includes
                        }
                    }
                }
            }
            var seen: [String: Field] = [:]
            var dropped = Set<String>()
            for field in fields {
                let position = SourcePosition(line: field.location.line, column: field.location.column)
                let where_ = field.location.file
                if let earlier = seen[field.path] {
                    withSink(where_) { $0.error("duplicate field `\(field.path)` (first at \(earlier.location))", at: position) }
                    continue
                }
                if let parentPath = field.parentPath {
                    guard let parent = seen[parentPath] else {
                        if store.failedFields.contains(FieldReference(endpoint: endpoint.id, part: part, path: parentPath).description) {
                            // The parent's own error is the cause; the child cannot load without it.
                            store.failedFields.insert(FieldReference(endpoint: endpoint.id, field).description)
                            dropped.insert(field.path)
                            continue
                        }
                        withSink(where_) { $0.error("`\(field.path)` has no parent row `\(parentPath)` above it", at: position) }
                        seen[field.path] = field
                        continue
                    }
                    let throughArray = field.path.dropLast(FieldPath.leaf(of: field.path).count + 1).hasSuffix("[]")
                    if parent.type.isArray && !throughArray {
                        withSink(where_) { $0.error("`\(parentPath)` is an array: write `\(parentPath)[].\(FieldPath.leaf(of: field.path))`", at: position) }
                    } else if !parent.type.isArray && throughArray {
                        withSink(where_) { $0.error("`[]` in `\(field.path)` but `\(parentPath)` is \(parent.type), not an array", at: position) }
                    } else if parent.type != .object && !parent.type.isArray {
                        withSink(where_) { $0.error("`\(parentPath)` is \(parent.type) and cannot have child rows", at: position) }
                    } else if case .array(let item?) = parent.type {
                        withSink(where_) { $0.error("`\(parentPath)` is array[\(item)]: its items have no fields; use `array` for items described by child rows", at: position) }
                    }
                }
                seen[field.path] = field
            }
            endpoint.fields += fields.filter { !dropped.contains($0.path) }
        }
        return endpoint
    }

    private mutating func typeCheck(_ drafts: [FindingTablesReader.RuleDraft], scope: FieldScope) -> [Rule] {
        var rules: [Rule] = []
        for draft in drafts {
            var rule = draft.rule
            if case .expression(let node, let source) = rule.check {
                do throws(RuleTypeChecker.Failure) {
                    rule.check = .expression(try RuleTypeChecker(scope: scope).check(node), source: source)
                } catch {
                    store.failedRules.insert(rule.id)
                    withSink(rule.location.file) { $0.error(error.message, at: draft.cell.position(atUTF8Offset: draft.checkOffset + error.offset)) }
                    continue
                }
            }
            rules.append(rule)
        }
        return rules
    }

    private var registerPending: [(file: String, refs: [FindingTablesReader.PendingReference])] {
        Dictionary(grouping: registerDrafts.references, by: \.file).sorted { $0.key < $1.key }.map { ($0.key, $0.value.map(\.reference)) }
    }

    /// Policy checks are typed per endpoint they apply to; guardrails against the plan.
    private func typeCheckRegister(_ registry: Registry) -> Register {
        var register = registerDrafts.register
        func scope(_ endpointID: String, file: String, at cell: TableCell) -> FieldScope? {
            guard let endpoint = registry.endpoint(endpointID) else {
                if store.failedEndpoints.contains(endpointID) { return nil }
                withSink(file) { $0.error("Applies to names no endpoint '\(endpointID)'", at: cell.position) }
                return nil
            }
            var scope = FieldScope(fields: endpoint.fields.filter { $0.part.isRequest }, registry: registry)
            scope.failedPaths = failedPaths(of: endpointID)
            return scope
        }
        func typed(_ draft: RegisterReader.CheckDraft, _ scope: RuleScope, file: String) -> RuleNode? {
            do throws(RuleTypeChecker.Failure) {
                return try RuleTypeChecker(scope: scope).check(draft.node)
            } catch {
                withSink(file) { $0.error(error.message, at: draft.cell.position(atUTF8Offset: draft.offset + error.offset)) }
                return nil
            }
        }
        for index in register.policies.indices {
            let policy = register.policies[index]
            guard let draft = registerDrafts.policyChecks[policy.id] else { continue }
            for id in policy.appliesTo {
                guard let scope = scope(id, file: policy.location.file, at: draft.cell), let node = typed(draft, scope, file: policy.location.file) else { continue }
                register.policies[index].checks[id] = node
            }
        }
        for index in register.deprecated.indices {
            let pattern = register.deprecated[index]
            guard let draft = registerDrafts.deprecatedChecks[pattern.id] else { continue }
            for id in pattern.appliesTo {
                guard let scope = scope(id, file: pattern.location.file, at: draft.cell), let node = typed(draft, scope, file: pattern.location.file) else { continue }
                register.deprecated[index].checks[id] = node
            }
        }
        let planScope = PlanScope(registry: registry)
        register.guardrails = register.guardrails.compactMap { guardrail in
            guard let draft = registerDrafts.guardrailChecks[guardrail.id] else { return guardrail }
            guard let node = typed(draft, planScope, file: guardrail.location.file) else { return nil }
            var copy = guardrail
            copy.check = .expression(node, source: draft.source)
            return copy
        }
        return register
    }

    /// Whether a request holds a key at a field path (`a`, `a.b`, `a[].b`).
    static func sends(_ object: JSONObject, path: String) -> Bool {
        let top = FieldPath.top(of: path)
        guard let value = object[top] else { return false }
        let rest = path.dropFirst(top.count)
        if rest.isEmpty { return true }
        let tail = String(rest.hasPrefix("[].") ? rest.dropFirst(3) : rest.dropFirst())
        switch value {
        case .object(let inner): return sends(inner, path: tail)
        case .array(let items): return items.contains { if case .object(let inner) = $0 { return sends(inner, path: tail) } else { return false } }
        default: return false
        }
    }

    /// Golden files name endpoints; case ids are unique and carry the endpoint's prefix.
    private func checkGoldens(_ registry: Registry) -> [GoldenCase] {
        var seen: [String: String] = [:]
        var cases: [GoldenCase] = []
        for file in goldenFiles.sorted(by: { $0.path < $1.path }) {
            guard let endpoint = registry.endpoint(file.endpoint) else {
                if store.failedEndpoints.contains(file.endpoint) { continue }
                withSink(file.path) { $0.error("no endpoint '\(file.endpoint)': a golden file is named <endpoint-id>.json", line: 1, column: 1) }
                continue
            }
            for golden in file.cases {
                let prefix = (endpoint.idPrefix ?? "") + "-G-"
                if !golden.id.hasPrefix(prefix) || Int(golden.id.dropFirst(prefix.count)) == nil {
                    withSink(file.path) { $0.error("case id '\(golden.id)' must look like \(prefix)<n>", at: golden.position) }
                    continue
                }
                if let first = seen[golden.id] {
                    withSink(file.path) { $0.error("case id \(golden.id) is already used at \(first)", at: golden.position) }
                    continue
                }
                seen[golden.id] = golden.location
                if case .live(let id)? = try? Reference.parse(golden.oracle.hasPrefix("live:") ? golden.oracle : "x"), registry.record(id) == nil {
                    withSink(file.path) { $0.error("oracle \(golden.oracle): no such record", at: golden.position) }
                }
                cases.append(golden)
            }
        }
        return cases
    }

    /// Whether `reference` names a rule or field row that was written but did not load.
    private func didNotLoad(_ reference: Reference) -> Bool {
        switch reference {
        case .rule(let id), .contradiction(let id), .claim(let id): return store.failedRules.contains(id)
        case .capability(let model, let feature): return capabilityMap?.failedCells.contains("\(model)/\(feature)") ?? false
        case .item(let item): return store.failedEndpoints.contains(item.endpoint) || store.failedFields.contains(item.field.description)
        default: return false
        }
    }

    private func failedPaths(of endpoint: String) -> Set<String> {
        Set(Part.allCases.filter(\.isRequest).flatMap { part in
            store.failedFields.compactMap { $0.hasPrefix(FieldReference.prefix(endpoint: endpoint, part: part)) ? String($0.dropFirst(FieldReference.prefix(endpoint: endpoint, part: part).count)) : nil }
        })
    }

    /// Enforced expressions are checks like rules: typed against the same fields.
    private func typeCheckEnforced(_ contradictions: [Contradiction], scope: FieldScope) -> [Contradiction] {
        contradictions.map { contradiction in
            var copy = contradiction
            guard let node = contradiction.enforcedCheck, let cell = contradiction.enforcedCell else { return copy }
            do throws(RuleTypeChecker.Failure) {
                copy.enforcedCheck = try RuleTypeChecker(scope: scope).check(node)
            } catch {
                copy.enforcedCheck = nil
                withSink(contradiction.location.file) { $0.error(error.message, at: cell.position(atUTF8Offset: contradiction.enforcedOffset + error.offset)) }
            }
            return copy
        }
    }
}

/// The fields a rule may read, by full path.
struct FieldScope: RuleScope {
    var byPath: [String: Field] = [:]
    var childrenByParent: [String: [Field]] = [:]
    let registry: Registry
    /// Paths whose rows have an error: a rule naming one is a knock-on.
    var failedPaths = Set<String>()

    /// Where several endpoints' fields share a path (the union scope of
    /// shared rules and billing), a literal may be any of their values; nil
    /// where one of them takes any value.
    var enumsByPath: [String: [JSONValue]?] = [:]

    init(fields: [Field], registry: Registry) {
        self.registry = registry
        for field in fields {
            let own: [JSONValue]? = if case .oneOf(let values)? = field.constraint(.enum) { values } else { nil }
            if let earlier = enumsByPath[field.path] {
                if let earlier, let own { enumsByPath[field.path] = earlier + own.filter { !earlier.contains($0) } } else { enumsByPath[field.path] = .some(nil) }
            } else {
                enumsByPath[field.path] = .some(own)
            }
        }
        for field in fields where byPath[field.path] == nil {
            byPath[field.path] = field
            if let parent = field.parentPath {
                let key = field.path.hasPrefix(parent + "[]") ? parent + "[]" : parent
                childrenByParent[key, default: []].append(field)
            }
        }
    }

    func field(at path: String) -> Field? { byPath[path] }

    func children(of path: String) -> [Field] { childrenByParent[path] ?? [] }

    func capabilityShape(_ feature: String) -> CapabilityShape? { registry.capabilityShape(feature) }

    var fieldPaths: [String] { byPath.keys.sorted() }

    func fieldDidNotLoad(_ path: String) -> Bool { failedPaths.contains(path) }

    func enumValues(of field: Field) -> [JSONValue]? { enumsByPath[field.path] ?? nil }
}
