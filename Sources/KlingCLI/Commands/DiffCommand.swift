import Foundation
import KlingRegistry
import KlingRuntime

/// `klingreg diff OLD [NEW]`: what a doc revision changed in what the API accepts.
enum DiffCommand {
    static let spec = CommandSpec(
        name: "diff",
        summary: "the semantic difference between two transcriptions (git revisions or repository folders)",
        usage: "diff OLD [NEW] [--format text|json|markdown]",
        options: [OutputFormat.option],
        positionals: .init(minimum: 1, maximum: 2),
        run: run,
        details: """
        OLD and NEW are each a git revision of this repository (a commit, tag or
        branch: its evidence/ and register/ are read) or a folder holding
        evidence/ and register/. NEW defaults to the working tree.

        Every item is an endpoint or field added or removed; a type, required,
        default or constraint (enum, range, length, items, media limit) change;
        a rule added, removed or changed; a capability cell; a billing line. Each
        says whether it narrows (a payload accepted before is refused now),
        widens (the reverse), changes both ways, or leaves acceptance alone;
        the first three are breaking. Then the golden cases whose verdict flips,
        the labels that change and the derived residuals that appear or go.
        Descriptions, source keys and line numbers are not items.

        exit: 0 no difference · 1 differences · 2 a side cannot be read or loaded
        """
    )

    static func run(_ invocation: Invocation) -> ExitCode {
        let console = invocation.console
        guard let repository = invocation.repository() else { return .failure }
        let positionals = invocation.arguments.positionals
        var scratch: [URL] = []
        defer { for folder in scratch { try? FileManager.default.removeItem(at: folder) } }

        func side(_ name: String?) -> (label: String, registry: Registry)? {
            guard let name else {
                return load(repository.root, label: "working tree", console: console)
            }
            let url = URL(fileURLWithPath: name, isDirectory: true, relativeTo: invocation.context.currentDirectory)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                return load(url, label: name, console: console)
            }
            switch GitRevision.extract(name, from: repository.root) {
            case .success(let folder):
                scratch.append(folder)
                return load(folder, label: name, console: console)
            case .failure(let problem):
                console.error("diff: '\(name)' is neither a folder nor a revision of \(repository.root.path): \(problem.message)")
                return nil
            }
        }
        guard let old = side(positionals[0]), let new = side(positionals.count > 1 ? positionals[1] : nil) else { return .failure }
        let diff = SchemaDiff.compare(old.registry, new.registry)
        switch invocation.format {
        case .json: console.out(json(diff, old: old.label, new: new.label))
        case .markdown: console.out(markdown(diff, old: old.label, new: new.label))
        // github and sarif are not among this command's --format values, so they cannot arrive here.
        case .text, .github, .sarif: console.out(text(diff, old: old.label, new: new.label))
        }
        return diff.isEmpty ? .success : .findings
    }

    static func load(_ root: URL, label: String, console: Console) -> (label: String, registry: Registry)? {
        let repository: Repository
        do {
            repository = try Repository.at(root)
        } catch {
            console.error("diff: \(label): \(error.description)")
            return nil
        }
        let load = RegistryLoader.load(repository)
        guard !load.failed else {
            console.error("diff: \(label) does not load:")
            for diagnostic in load.diagnostics { console.diagnostic(diagnostic.description) }
            return nil
        }
        return (label, load.registry)
    }

    static func arrow(_ item: SchemaDiff.Item) -> String {
        switch item.change {
        case "added": return "+ \(item.after ?? "")"
        case "removed": return "- \(item.before ?? "")"
        default: return "\(item.before ?? "—") → \(item.after ?? "—")"
        }
    }

    static func verdict(_ valid: Bool) -> String { valid ? "valid" : "invalid" }

    static func text(_ diff: SchemaDiff, old: String, new: String) -> String {
        let breaking = diff.items.filter(\.breaking).count
        var out = "diff \(old) → \(new): \(diff.items.count) change\(diff.items.count == 1 ? "" : "s"), \(breaking) breaking\n"
        for item in diff.items {
            out += "  \(item.direction.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(item.kind) \(item.subject) \(item.change): \(arrow(item))\(item.location.map { " (\($0))" } ?? "")\n"
        }
        if !diff.goldenFlips.isEmpty {
            out += "golden cases whose verdict flips:\n"
            for flip in diff.goldenFlips { out += "  \(flip.golden) (\(flip.endpoint)): \(verdict(flip.before)) → \(verdict(flip.after))\n" }
        }
        if !diff.labelChanges.isEmpty {
            out += "labels that change:\n"
            for change in diff.labelChanges { out += "  \(change.item): \(change.before ?? "—") → \(change.after ?? "—")\n" }
        }
        if !diff.residualsAdded.isEmpty || !diff.residualsRemoved.isEmpty {
            out += "derived residuals:\n"
            for id in diff.residualsAdded { out += "  + \(id)\n" }
            for id in diff.residualsRemoved { out += "  - \(id)\n" }
        }
        return out
    }

    static func markdown(_ diff: SchemaDiff, old: String, new: String) -> String {
        func cell(_ text: String?) -> String { (text ?? "").replacingOccurrences(of: "|", with: "\\|") }
        var out = "## `\(old)` → `\(new)`\n\n\(diff.items.count) changes, \(diff.items.filter(\.breaking).count) breaking.\n\n"
        if !diff.items.isEmpty {
            out += "| direction | kind | subject | change | before | after |\n|---|---|---|---|---|---|\n"
            for item in diff.items {
                out += "| \(item.direction.rawValue) | \(item.kind) | `\(cell(item.subject))` | \(item.change) | \(cell(item.before)) | \(cell(item.after)) |\n"
            }
        }
        if !diff.goldenFlips.isEmpty {
            out += "\n| golden | endpoint | before | after |\n|---|---|---|---|\n"
            for flip in diff.goldenFlips { out += "| `\(flip.golden)` | `\(flip.endpoint)` | \(verdict(flip.before)) | \(verdict(flip.after)) |\n" }
        }
        if !diff.labelChanges.isEmpty {
            out += "\n| item | label before | label after |\n|---|---|---|\n"
            for change in diff.labelChanges { out += "| `\(cell(change.item))` | \(change.before ?? "") | \(change.after ?? "") |\n" }
        }
        if !diff.residualsAdded.isEmpty || !diff.residualsRemoved.isEmpty {
            out += "\nDerived residuals: " + (diff.residualsAdded.map { "+`\($0)`" } + diff.residualsRemoved.map { "-`\($0)`" }).joined(separator: ", ") + "\n"
        }
        return out
    }

    static func json(_ diff: SchemaDiff, old: String, new: String) -> String {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        let items: [JSONValue] = diff.items.map { item in
            .object(JSONObject([
                (key: "kind", value: .string(item.kind)), (key: "subject", value: .string(item.subject)), (key: "change", value: .string(item.change)),
                (key: "before", value: optional(item.before)), (key: "after", value: optional(item.after)),
                (key: "direction", value: .string(item.direction.rawValue)), (key: "breaking", value: .bool(item.breaking)),
                (key: "location", value: optional(item.location)),
            ]))
        }
        let flips: [JSONValue] = diff.goldenFlips.map { flip in
            .object(JSONObject([(key: "golden", value: .string(flip.golden)), (key: "endpoint", value: .string(flip.endpoint)), (key: "validBefore", value: .bool(flip.before)), (key: "validAfter", value: .bool(flip.after))]))
        }
        let labels: [JSONValue] = diff.labelChanges.map { change in
            .object(JSONObject([(key: "item", value: .string(change.item)), (key: "before", value: optional(change.before)), (key: "after", value: optional(change.after))]))
        }
        return ReportJSON.render([
            ("old", .string(old)), ("new", .string(new)), ("items", .array(items)), ("goldenFlips", .array(flips)), ("labelChanges", .array(labels)),
            ("residualsAdded", .array(diff.residualsAdded.map(JSONValue.string))), ("residualsRemoved", .array(diff.residualsRemoved.map(JSONValue.string))),
        ])
    }
}

/// A revision's evidence/ and register/, written to a scratch folder with `git archive`.
enum GitRevision {
    struct Problem: Error { var message: String }

    static func extract(_ revision: String, from root: URL) -> Result<URL, Problem> {
        guard !revision.hasPrefix("-") else { return .failure(Problem(message: "a revision does not start with '-'")) }
        guard case .success = run(["git", "-C", root.path, "rev-parse", "--verify", "--quiet", revision + "^{commit}"]) else {
            return .failure(Problem(message: "git knows no commit '\(revision)'"))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("klingreg-diff-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            return .failure(Problem(message: "cannot make a scratch folder: \(error.localizedDescription)"))
        }
        let archive = folder.appendingPathComponent("revision.tar")
        guard case .success = run(["git", "-C", root.path, "archive", "--format=tar", "-o", archive.path, revision, "evidence", "register"]) else {
            try? FileManager.default.removeItem(at: folder)
            return .failure(Problem(message: "git archive of \(revision) failed (does it hold evidence/ and register/?)"))
        }
        guard case .success = run(["tar", "-x", "-f", archive.path, "-C", folder.path]) else {
            try? FileManager.default.removeItem(at: folder)
            return .failure(Problem(message: "cannot unpack \(revision)"))
        }
        try? FileManager.default.removeItem(at: archive)
        return .success(folder)
    }

    static func run(_ arguments: [String]) -> Result<Void, Problem> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failure(Problem(message: "cannot run \(arguments[0])"))
        }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? .success(()) : .failure(Problem(message: "\(arguments[0]) exited \(process.terminationStatus)"))
    }
}
