import Foundation
import KlingRegistry
import KlingRuntime

/// `klingreg record LOG…`: the user's request logs become live records.
enum RecordCommand {
    static let spec = CommandSpec(
        name: "record",
        summary: "turn request logs into live records in evidence/live/",
        usage: "record LOG… [--purpose TEXT] [--label L] [--blame REF…]",
        options: [
            OptionSpec(name: "--purpose", kind: .value(placeholder: "TEXT", allowed: nil), help: "what the run was for (a log cannot say)"),
            OptionSpec(name: "--label", kind: .value(placeholder: "L", allowed: nil), help: "a short name such as L1"),
            OptionSpec(name: "--blame", kind: .values(placeholder: "REF"), help: "what a rejection blames, when its message names nothing"),
        ],
        positionals: .init(minimum: 1, maximum: nil),
        run: run
    )

    static func run(_ invocation: Invocation) -> ExitCode {
        let console = invocation.console
        guard let (repository, load) = invocation.loadRegistry() else { return .failure }
        guard !load.failed else { return .failure }
        var blame: [Reference] = []
        let resolver = ReferenceResolver(registry: load.registry)
        for text in invocation.arguments.all("--blame") {
            do {
                let reference = try Reference.parse(text)
                if let problem = resolver.problem(with: reference, allowUndocumented: true) {
                    console.error("--blame \(text): \(problem)")
                    return .failure
                }
                blame.append(reference)
            } catch {
                console.error("--blame \(text): \(error.message)")
                return .failure
            }
        }
        let label = invocation.arguments.value("--label")
        if let label {
            // A label names one record: a second one would make every `(L…)` citation ambiguous.
            if invocation.arguments.positionals.count > 1 {
                console.error("--label \(label): one label names one record, and \(invocation.arguments.positionals.count) logs were given")
                return .findings
            }
        }
        let options = RequestLogRecorder.Options(purpose: invocation.arguments.value("--purpose") ?? "", label: label, blame: blame)
        let recorder = RequestLogRecorder(registry: load.registry, today: invocation.context.today ?? .utcToday())
        var outputs: [(url: URL, contents: String, id: String)] = []
        var refused = false
        for log in invocation.arguments.positionals {
            let url = URL(fileURLWithPath: log, relativeTo: invocation.context.currentDirectory)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                console.error("\(log): \(FileAbsence.reason(url))")
                return .failure
            }
            let value: JSONValue
            do {
                value = try JSONReader().parse([UInt8](data))
            } catch {
                console.diagnostic("\(log):\(error.position.line):\(error.position.column): error: \(error.message)")
                return .failure
            }
            do {
                let (id, text) = try recorder.record(value, options: options)
                outputs.append((repository.evidence.appendingPathComponent("live/\(id).json"), text, id))
            } catch {
                console.error("\(log): \(error.message)")
                refused = true
            }
        }
        // One refused log writes nothing at all.
        guard !refused else { return .findings }
        if let label, let holder = load.registry.records.first(where: { $0.label == label && !outputs.map(\.id).contains($0.id) }) {
            console.error("--label \(label): already the label of \(holder.id); nothing was written")
            return .findings
        }
        var changed: [(url: URL, contents: String)] = []
        for output in outputs {
            let existing = FileManager.default.contents(atPath: output.url.path).map { String(decoding: $0, as: UTF8.self) }
            if existing == output.contents {
                console.outLine("unchanged evidence/live/\(output.id).json")
            } else if existing != nil {
                console.error("evidence/live/\(output.id).json exists with other contents; nothing was written (remove it to record again)")
                return .findings
            } else {
                changed.append((output.url, output.contents))
            }
        }
        do {
            try AtomicWriter().write(changed)
        } catch {
            console.error(error.description)
            return .failure
        }
        for file in changed { console.outLine("wrote \(repository.displayPath(file.url))") }
        if !changed.isEmpty {
            // A new record changes labels, so derived files may now be stale: say which.
            let reloaded = RegistryLoader.load(repository, today: invocation.context.today ?? .utcToday())
            if !reloaded.failed {
                let stale = Generator.files(reloaded.registry).filter { file in
                    FileManager.default.contents(atPath: repository.root.appendingPathComponent(file.path).path).map { String(decoding: $0, as: UTF8.self) } != file.contents
                }.map(\.path)
                if !stale.isEmpty {
                    console.errLine("stale now (\(stale.count)): \(stale.joined(separator: ", ")); run: \(Generator.regenerateCommand)")
                }
            }
        }
        if options.purpose.isEmpty, !changed.isEmpty {
            console.errLine("note: no --purpose given; prior_success can then match this record only by shape")
        }
        return .success
    }
}
