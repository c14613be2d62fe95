import KlingRuntime

/// One option a command accepts.
struct OptionSpec: Sendable {
    enum Kind: Sendable {
        case flag
        /// One value, as `--name VALUE` or `--name=VALUE`.
        case value(placeholder: String, allowed: [String]?)
        /// Every following argument up to the next option.
        case values(placeholder: String)
    }

    var name: String
    var kind: Kind
    var help: String
}

/// Parsed command-line arguments of one verb.
struct Arguments: Sendable {
    var positionals: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func has(_ name: String) -> Bool { flags.contains(name) || values[name] != nil }
}

struct ArgumentError: Error, Sendable {
    var message: String
}

enum ArgumentParser {
    static func parse(_ arguments: [String], options: [OptionSpec], command: String) throws(ArgumentError) -> Arguments {
        var result = Arguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                result.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            let name: String
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            } else {
                name = argument
            }
            guard let spec = options.first(where: { $0.name == name }) else {
                var message = "unknown option '\(name)' for '\(command)'"
                if let near = Suggestion.closest(to: name, among: options.map(\.name)) {
                    message += "; did you mean '\(near)'?"
                }
                throw ArgumentError(message: message)
            }
            switch spec.kind {
            case .flag:
                if inlineValue != nil { throw ArgumentError(message: "option '\(name)' takes no value") }
                result.flags.insert(name)
            case .value(let placeholder, let allowed):
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < arguments.count {
                    value = arguments[index]
                    index += 1
                } else {
                    throw ArgumentError(message: "option '\(name)' needs a value (\(placeholder))")
                }
                if let allowed, !allowed.contains(value) {
                    var message = "option '\(name)' does not accept '\(value)'; use one of \(allowed.joined(separator: ", "))"
                    if let near = Suggestion.closest(to: value, among: allowed) { message += " (did you mean '\(near)'?)" }
                    throw ArgumentError(message: message)
                }
                result.values[name, default: []].append(value)
            case .values(let placeholder):
                var taken: [String] = []
                if let inlineValue { taken.append(inlineValue) }
                while index < arguments.count, !arguments[index].hasPrefix("--") {
                    taken.append(arguments[index])
                    index += 1
                }
                if taken.isEmpty { throw ArgumentError(message: "option '\(name)' needs at least one value (\(placeholder))") }
                result.values[name, default: []].append(contentsOf: taken)
            }
        }
        return result
    }
}
