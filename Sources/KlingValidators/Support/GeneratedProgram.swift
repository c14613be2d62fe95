import KlingEngine
import KlingRuntime

/// What a generated validator calls: its program decoded once, and the engine run
/// on it. The one piece of hand-written support; every semantic is the engine's.
enum GeneratedProgram {
    /// The engine for a program text, or why the text does not decode.
    static func engine(_ endpoint: String, text: String) -> Result<Engine, Unreadable> {
        do {
            let program = try EndpointProgram.decoded(text)
            guard program.endpoint == endpoint else { return .failure(Unreadable(endpoint: endpoint, reason: "it is the program of \(program.endpoint)")) }
            return .success(Engine(program))
        } catch {
            return .failure(Unreadable(endpoint: endpoint, reason: "\(error)"))
        }
    }

    /// A program that does not decode refuses every payload, naming itself, rather than pass one.
    struct Unreadable: Error {
        var endpoint: String
        var reason: String
    }

    static func validate(_ payload: JSONValue, engine: Result<Engine, Unreadable>, strict: Bool, policy: Bool) -> [Finding] {
        switch engine {
        case .success(let engine):
            return engine.validate(payload, options: ValidationOptions(policy: policy, strict: strict)).findings
        case .failure(let unreadable):
            return [Finding(severity: .error, path: "", message: "the generated program of \(unreadable.endpoint) is unreadable (\(unreadable.reason)); run `swift run klingreg generate`")]
        }
    }
}
