import KlingEngine
import KlingRuntime

extension RuleEvaluator {
    /// An evaluator reading `registry`'s capability cells.
    init(payload: JSONObject, fields: [String: Field], registry: Registry, failed: Set<String>, absentPaths: Set<String>, extensions: (@Sendable (RuleFunction, [Value]) throws(Stop) -> Value)? = nil) {
        self.init(payload: payload, fields: fields, capabilities: registry.capabilityIndex, failed: failed, absentPaths: absentPaths, extensions: extensions)
    }
}
