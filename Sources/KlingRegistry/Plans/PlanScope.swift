import KlingRuntime

/// The fields and functions a guardrail reads (docs/plans.md#plans-and-preflight): the plan's own
/// keys, each create's payload as the union of the create endpoints' body
/// fields, and `class`, `units`, `prior_success`, `scope`, `distinct`,
/// `approved` (whether the plan's approval names the create).
struct PlanScope: RuleScope {
    private var byPath: [String: Field] = [:]
    private var childrenByParent: [String: [Field]] = [:]
    let registry: Registry

    init(registry: Registry) {
        self.registry = registry
        let location = SourceLocation(file: "register/guardrails.md", line: 1)
        func add(_ path: String, _ type: FieldType) {
            guard byPath[path] == nil else { return }
            let field = Field(part: .body, path: path, type: type, requirement: .optional, defaultValue: .none, constraints: [], sources: [], description: "", location: location)
            byPath[path] = field
            if let parent = field.parentPath {
                childrenByParent[path.hasPrefix(parent + "[]") ? parent + "[]" : parent, default: []].append(field)
            }
        }
        add("round", .string)
        add("creates", .array(nil))
        for key in ["endpoint", "model", "kind", "purpose"] { add("creates[].\(key)", .string) }
        add("creates[].payload", .object)
        for endpoint in registry.endpoints where endpoint.id.hasSuffix(".create") {
            for field in endpoint.fields(in: .body) { add("creates[].payload.\(field.path)", field.type) }
        }
        add("expected_count", .integer)
        add("max_units", .number)
        add("approval", .object)
        add("approval.by", .string)
        add("approval.at", .string)
        add("approval.creates", .array(.integer))
        add("reviewed", .object)
        add("reviewed.guardrails", .boolean)
        add("reviewed.register", .boolean)
    }

    func field(at path: String) -> Field? { byPath[path] }
    func children(of path: String) -> [Field] { childrenByParent[path] ?? [] }
    func capabilityShape(_ feature: String) -> CapabilityShape? { registry.capabilityShape(feature) }
    var fieldPaths: [String] { byPath.keys.sorted() }

    static let functions = RuleFunction.allCases.filter(\.isPlanFunction).map(\.rawValue)
    var extraFunctionNames: [String] { Self.functions }

    /// The type of a plan function's call, or nil when these arguments do not fit it.
    func extraFunction(_ name: RuleFunction, arguments: [RuleType]) -> RuleType? {
        switch name {
        case .class, .scope: return arguments == [.object] ? .string : nil
        case .units: return arguments == [.object] || arguments.isEmpty ? .number : nil
        case .priorSuccess, .approved: return arguments == [.object] ? .boolean : nil
        case .distinct:
            guard (1...2).contains(arguments.count), arguments.allSatisfy({ if case .list = $0 { return true } else { return false } }) else { return nil }
            if arguments.count == 1, case .list(let element) = arguments[0] { return .set(element) }
            return .set(.string)
        case .present, .nonempty, .count, .sum, .num, .any, .all, .refs, .max, .len, .startsWith, .cap, .hasKey, .hasValue:
            return nil  // the rule language's own, typed by the checker itself
        }
    }
}
