import Foundation
import KlingEngine
import KlingRuntime

/// Validates payloads against the schema as loaded (docs/engine.md): each endpoint is
/// lowered into a program on first use and run by the engine, so it is current the
/// moment evidence changes, and it is the same engine the generated validators run.
package struct PayloadValidator: Sendable {
    let registry: Registry
    let contested: ContestedItems
    /// Labels for findings, when statuses are wanted.
    let index: StatusIndex?
    /// How live records settled each `unsupported` rule.
    let settlements: LiveSettlements
    private let engines: EngineCache

    /// `settlements` defaults to what the registry's records say.
    package init(registry: Registry, index: StatusIndex? = nil, settlements: LiveSettlements? = nil) {
        self.registry = registry
        self.contested = ContestedItems(registry)
        self.index = index
        self.settlements = settlements ?? LiveSettlements(registry: registry)
        self.engines = EngineCache()
    }

    package func validate(_ payload: JSONValue, endpoint id: String, options: ValidationOptions = ValidationOptions()) -> ValidationResult {
        guard let engine = engine(id) else {
            return ValidationResult(findings: [Finding(severity: .error, path: "", message: "no endpoint '\(id)'")], skippedRules: [])
        }
        return engine.validate(payload, options: options)
    }

    /// The endpoint's program, lowered once per validator.
    package func engine(_ id: String) -> Engine? {
        guard let endpoint = registry.endpoint(id) else { return nil }
        return engines.engine(id) { Engine(Lowering.program(endpoint, registry: registry, contested: contested, settlements: settlements, index: index)) }
    }

    /// Programs lowered so far, shared by the copies of one validator and by threads.
    final class EngineCache: @unchecked Sendable {
        private var engines: [String: Engine] = [:]
        private let lock = NSLock()

        func engine(_ id: String, lower: () -> Engine) -> Engine {
            lock.lock()
            defer { lock.unlock() }
            if let engine = engines[id] { return engine }
            let engine = lower()
            engines[id] = engine
            return engine
        }
    }

    /// A rule's description, and for an `unsupported` rule what live records
    /// say of it: both validators word it from here.
    package static func ruleMessage(_ rule: Rule, settlement: LiveSettlements.Outcome?) -> String {
        guard rule.effect == .unsupported else { return rule.description }
        switch settlement {
        case .refused(let records)?: return rule.description + " [the text says not supported; refused live: \(records.joined(separator: ", "))]"
        case .ignored(let records)?: return rule.description + " [the text says not supported; accepted live and ignored: \(records.joined(separator: ", "))]"
        case .conflict(let refused, let ignored)?: return rule.description + " [the text says not supported; live records disagree: refused \(refused.joined(separator: ", ")), accepted \(ignored.joined(separator: ", "))]"
        case nil: return rule.description + " [the text says not supported, not whether the API refuses or ignores it]"
        }
    }
}
