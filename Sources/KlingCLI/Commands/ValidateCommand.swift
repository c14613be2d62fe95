import Foundation
import KlingRegistry
import KlingRuntime

/// `klingreg validate FILE… --endpoint ID`: does this payload meet the documented contract?
enum ValidateCommand {
    static let spec = CommandSpec(
        name: "validate",
        summary: "check payloads against the documented contract (- reads stdin)",
        usage: "validate FILE… --endpoint ID [--jsonl [--jobs N]] [--strict] [--policy on|off] [--format text|json|github|sarif]",
        options: [
            OptionSpec(name: "--endpoint", kind: .value(placeholder: "ID", allowed: nil), help: "the endpoint the payloads are for (required)"),
            OptionSpec(name: "--jsonl", kind: .flag, help: "each file holds one payload per line"),
            OptionSpec(name: "--jobs", kind: .value(placeholder: "N", allowed: nil), help: "with --jsonl, validate on N threads (default: the machine's cores)"),
            OptionSpec(name: "--strict", kind: .flag, help: "production posture: a rule whose text only says \"not supported\" is an error, not a warning"),
            OptionSpec(name: "--policy", kind: .value(placeholder: "on|off", allowed: ["on", "off"]), help: "report register/policy.md findings (default on)"),
            OutputFormat.annotated(),
        ],
        positionals: .init(minimum: 1, maximum: nil),
        run: run
    )

    /// One payload's outcome: where it came from and what was found.
    struct Outcome {
        var source: String
        var line: Int?
        var result: ValidationResult?
        var readError: String?
        /// Where the payload could not be read, for the annotated formats.
        var readPosition: SourcePosition?
    }

    static func run(_ invocation: Invocation) -> ExitCode {
        let console = invocation.console
        guard let repository = invocation.repository() else { return .failure }
        guard let (endpoints, engine) = programs(invocation, repository: repository) else { return .failure }
        guard let endpointID = invocation.arguments.value("--endpoint") else {
            console.error("validate: --endpoint ID is required; one of: " + endpoints.joined(separator: ", "))
            return .failure
        }
        guard endpoints.contains(endpointID) else {
            invocation.reportUnknownEndpoint(endpointID, among: endpoints)
            return .failure
        }
        guard let engine = engine(endpointID) else {
            console.error("validate: the program of \(endpointID) could not be lowered")
            return .failure
        }
        let options = ValidationOptions(policy: invocation.arguments.value("--policy") != "off", strict: invocation.arguments.has("--strict"))
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        if let text = invocation.arguments.value("--jobs") {
            guard let count = Int(text), count >= 1, count <= 1024 else {
                console.error("validate: --jobs takes a whole number from 1 to 1024, not '\(text)'")
                return .failure
            }
            guard invocation.arguments.has("--jsonl") else {
                console.error("validate: --jobs needs --jsonl: one payload per file is validated on one thread")
                return .failure
            }
            jobs = count
        }
        var outcomes: [Outcome] = []
        for file in invocation.arguments.positionals {
            guard let bytes = readInput(file, invocation) else {
                outcomes.append(Outcome(source: file, readError: "\(file): error: \(FileAbsence.reason(URL(fileURLWithPath: file, relativeTo: invocation.context.currentDirectory)))"))
                continue
            }
            if invocation.arguments.has("--jsonl") {
                let lines = splitLines(bytes).enumerated().filter { !$0.element.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
                outcomes += validateInParallel(lines.map { ($0.offset + 1, $0.element) }, source: file, engine: engine, options: options, jobs: jobs)
            } else {
                outcomes.append(validate(bytes, source: file, line: nil, engine: engine, options: options))
            }
        }
        render(outcomes, invocation)
        if outcomes.contains(where: { $0.readError != nil }) { return .failure }
        return outcomes.contains { $0.result?.isValid == false } ? .findings : .success
    }

    /// The endpoint ids and their engines: from the program cache when an entry for
    /// exactly these inputs is whole, else from a full load, whose programs are then
    /// stored. nil after a load that failed, its diagnostics printed.
    static func programs(_ invocation: Invocation, repository: Repository) -> (endpoints: [String], engine: (String) -> Engine?)? {
        let today = invocation.context.today ?? .utcToday()
        let cache = ProgramCache.folder(environment: invocation.context.environment).map(ProgramCache.init)
        let key = cache == nil ? nil : ProgramCache.key(repository, today: today, tool: CLI.version)
        // Only the program asked for is read and checked; when it is damaged (or the id is
        // unknown, which a full load then says), the entry is not trusted and is rebuilt below.
        if let cache, let key, let entry = cache.entry(key), let wanted = invocation.arguments.value("--endpoint"),
           let program = entry.program(wanted) {
            // The load's own warnings, said again: a hit must not hide what a load would say.
            for line in entry.diagnostics { invocation.console.diagnostic(line) }
            let engine = Engine(program)
            return (entry.endpoints, { $0 == wanted ? engine : nil })
        }
        guard let (_, load) = invocation.loadRegistry(repository) else { return nil }
        guard !load.failed else { return nil }
        let validator = PayloadValidator(registry: load.registry, index: StatusIndex(registry: load.registry))
        let endpoints = load.registry.endpoints.map(\.id)
        if let cache, let key {
            cache.store(endpoints.compactMap { validator.engine($0)?.program }, diagnostics: load.diagnostics.map(\.description), key: key)
        }
        return (endpoints, { validator.engine($0) })
    }

    static func readInput(_ file: String, _ invocation: Invocation) -> [UInt8]? {
        if file == "-" { return invocation.context.readStandardInput() }
        let url = URL(fileURLWithPath: file, relativeTo: invocation.context.currentDirectory)
        return FileManager.default.contents(atPath: url.path).map { [UInt8]($0) }
    }

    /// Lines are independent: `jobs` threads take chunks of them in turn, and the
    /// outcomes keep file order.
    static func validateInParallel(_ lines: [(Int, ArraySlice<UInt8>)], source: String, engine: Engine, options: ValidationOptions, jobs: Int) -> [Outcome] {
        let chunk = 256
        let chunks = (lines.count + chunk - 1) / chunk
        let results = ChunkResults(count: chunks)
        let work: @Sendable (Int) -> Void = { index in
            let slice = lines[(index * chunk)..<min(lines.count, (index + 1) * chunk)]
            results.store(index, slice.map { validate($0.1, source: source, line: $0.0, engine: engine, options: options) })
        }
        if jobs <= 1 || chunks <= 1 {
            for index in 0..<chunks { work(index) }
        } else {
            DispatchQueue.concurrentPerform(iterations: min(jobs, chunks)) { _ in
                while let index = results.nextChunk() { work(index) }
            }
        }
        return results.all
    }

    /// Per-chunk outcomes written from several threads, read once all are done.
    final class ChunkResults: @unchecked Sendable {
        private var chunks: [[Outcome]]
        private let lock = NSLock()

        private var next = 0

        init(count: Int) { chunks = Array(repeating: [], count: count) }

        /// The next chunk no thread has taken, or nil when all are taken.
        func nextChunk() -> Int? {
            lock.withLock {
                guard next < chunks.count else { return nil }
                defer { next += 1 }
                return next
            }
        }

        func store(_ index: Int, _ outcomes: [Outcome]) {
            lock.withLock { chunks[index] = outcomes }
        }

        var all: [Outcome] { lock.withLock { chunks.flatMap { $0 } } }
    }

    static func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { $0 }
    }

    static func validate(_ bytes: some Collection<UInt8>, source: String, line: Int?, engine: Engine, options: ValidationOptions) -> Outcome {
        do {
            let payload = try JSONReader().parse(Array(bytes))
            return Outcome(source: source, line: line, result: engine.validate(payload, options: options))
        } catch {
            // In a JSONL file the error's line is the file line.
            let position = line.map { SourcePosition(line: $0, column: error.position.column) } ?? error.position
            return Outcome(source: source, line: line, readError: "\(source):\(position.line):\(position.column): error: \(error.message)", readPosition: position)
        }
    }

    /// Every finding and unreadable payload at its file, line and column. Findings of a
    /// single-payload file are placed at the value their path names (or its nearest
    /// parent); in a JSONL file, at the payload's line.
    static func annotations(_ outcomes: [Outcome], _ invocation: Invocation) -> [Annotation] {
        var positionsBySource: [String: [String: SourcePosition]] = [:]
        var annotations: [Annotation] = []
        for outcome in outcomes {
            if let error = outcome.readError {
                let position = outcome.readPosition ?? SourcePosition(line: outcome.line ?? 1, column: 1)
                let message = error.range(of: ": error: ").map { String(error[$0.upperBound...]) } ?? error
                annotations.append(Annotation(level: .error, file: outcome.source, line: position.line, column: position.column, message: message, ruleID: nil))
                continue
            }
            guard let result = outcome.result else { continue }
            var positions: [String: SourcePosition] = [:]
            if outcome.line == nil {
                if let known = positionsBySource[outcome.source] {
                    positions = known
                } else if outcome.source != "-", let bytes = readInput(outcome.source, invocation), let parsed = try? JSONReader().parseWithPositions(bytes) {
                    positions = parsed.positions
                    positionsBySource[outcome.source] = positions
                }
            }
            for finding in result.findings {
                var position = SourcePosition(line: outcome.line ?? 1, column: 1)
                if outcome.line == nil {
                    var path = finding.path
                    while positions[path] == nil, !path.isEmpty { path = parentPath(path) }
                    if let found = positions[path] { position = found }
                }
                let level: Annotation.Level = finding.severity == .error ? .error : finding.severity == .policy ? .warning : .note
                let text = (finding.path.isEmpty ? "" : "\(finding.path): ") + finding.message
                annotations.append(Annotation(level: level, file: outcome.source, line: position.line, column: position.column, message: text, ruleID: finding.rule ?? finding.contradiction ?? finding.constraint))
            }
        }
        return annotations
    }

    /// `a[0].b` → `a[0]` → `a` → ``: the value a finding sits in, when the path itself was not sent.
    static func parentPath(_ path: String) -> String {
        if path.hasSuffix("]"), let open = path.lastIndex(of: "[") { return String(path[..<open]) }
        if let dot = path.lastIndex(of: ".") { return String(path[..<dot]) }
        return ""
    }

    static func render(_ outcomes: [Outcome], _ invocation: Invocation) {
        let console = invocation.console
        if invocation.format == .github || invocation.format == .sarif {
            let located = annotations(outcomes, invocation)
            console.out(invocation.format == .github ? Annotations.github(located) : Annotations.sarif(located, version: CLI.version))
            return
        }
        if invocation.format == .json {
            let results: [JSONValue] = outcomes.map { outcome in
                var members: [(key: String, value: JSONValue)] = [(key: "source", value: .string(outcome.source))]
                if let line = outcome.line { members.append((key: "line", value: .number(JSONNumber(line)))) }
                if let error = outcome.readError {
                    members.append((key: "unreadable", value: .string(error)))
                } else if let result = outcome.result {
                    members.append((key: "valid", value: .bool(result.isValid)))
                    members.append((key: "findings", value: .array(result.findings.map(FindingJSON.json))))
                    members.append((key: "skipped", value: .array(result.skippedRules.map(JSONValue.string))))
                }
                return .object(JSONObject(members))
            }
            console.out(ReportJSON.render([("results", .array(results))]))
            for outcome in outcomes { if let error = outcome.readError { console.diagnostic(error) } }
            return
        }
        let many = outcomes.count > 1
        for outcome in outcomes {
            if let error = outcome.readError {
                console.diagnostic(error)
                continue
            }
            guard let result = outcome.result else { continue }
            let name = outcome.line.map { "\(outcome.source):\($0)" } ?? outcome.source
            if many || !result.findings.isEmpty {
                let warned = result.warnings.isEmpty ? "" : " (\(result.warnings.count) not supported by the text: warning\(result.warnings.count == 1 ? "" : "s"))"
                let verdict = result.isValid ? console.paint("ok", .green) + warned : console.paint("\(result.errors.count) error\(result.errors.count == 1 ? "" : "s")", .red)
                console.outLine("\(name): \(verdict)")
            }
            for finding in result.findings {
                let word: String
                switch finding.severity {
                case .error: word = console.paint("error", .red)
                case .policy: word = console.paint("policy", .yellow)
                case .warning: word = console.paint("warning", .yellow)
                case .note: word = console.paint("note", .dim)
                }
                console.outLine("  " + word + finding.description.dropFirst(finding.severity.rawValue.count))
            }
            if !result.skippedRules.isEmpty {
                console.outLine("  skipped (they read a value that already failed): \(result.skippedRules.joined(separator: ", "))")
            }
        }
        if !many, let only = outcomes.first, let result = only.result, result.findings.isEmpty {
            console.outLine("\(only.source): ok")
        }
        if many {
            let failing = outcomes.filter { $0.result?.isValid == false }.count
            let unreadable = outcomes.filter { $0.readError != nil }.count
            console.outLine("\(outcomes.count) payloads: \(outcomes.count - failing - unreadable) ok, \(failing) with errors\(unreadable > 0 ? ", \(unreadable) unreadable" : "")")
        }
    }
}

/// Findings as JSON, sorted keys via the writer.
enum FindingJSON {
    static func json(_ finding: Finding) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            (key: "severity", value: .string(finding.severity.rawValue)),
            (key: "path", value: .string(finding.path)),
            (key: "message", value: .string(finding.message)),
        ]
        let optional: [(String, String?)] = [
            ("reference", finding.reference), ("rule", finding.rule), ("constraint", finding.constraint),
            ("contradiction", finding.contradiction), ("label", finding.label), ("evidence", finding.evidence),
        ]
        for (key, value) in optional {
            if let value { members.append((key: key, value: .string(value))) }
        }
        return .object(JSONObject(members))
    }
}
