import Foundation
import KlingRuntime

/// The result of loading a repository: the registry and every diagnostic.
package struct RegistryLoad: Sendable {
    package var registry: Registry
    package var diagnostics: [Diagnostic]

    /// Any error means the registry cannot be trusted (exit 2).
    package var failed: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Reads `evidence/` and `register/` into a `Registry`: files first, each on
/// its own, then everything that spans files (includes, sources, rules,
/// references), so one run reports all problems.
package enum RegistryLoader {
    /// `today` is the day of the run, which live records may not postdate.
    package static func load(_ repository: Repository, today: CalendarDay = .utcToday()) -> RegistryLoad {
        var diagnostics: [Diagnostic] = []
        var documents: [(path: String, document: MarkdownDocument)] = []
        for url in repository.files(in: repository.evidence, suffix: ".md") + repository.files(in: repository.register, suffix: ".md") {
            let path = repository.displayPath(url)
            if url.lastPathComponent == "README.md" || path.hasPrefix("register/sources/") { continue }
            guard let bytes = read(url, path, &diagnostics) else { continue }
            let (document, problems) = MarkdownReader.read(path: path, bytes: bytes)
            diagnostics += problems
            if let document { documents.append((path, document)) }
        }
        var builder = RegistryBuilder()
        builder.today = today
        // A folder where a file belongs would otherwise be skipped as if the file were absent.
        for folder in [repository.evidence, repository.register] {
            for url in folders(in: folder, repository: repository) {
                let path = repository.displayPath(url)
                diagnostics.append(Diagnostic(file: path, line: 1, column: 1, message: "\(path) is a folder, not a file"))
                builder.noteFolder(path)
            }
        }
        for entry in documents {
            builder.add(entry.document, path: entry.path)
        }
        for url in repository.files(in: repository.evidence.appendingPathComponent("live"), suffix: ".json") {
            let path = repository.displayPath(url)
            guard let bytes = read(url, path, &diagnostics) else { continue }
            builder.addRecord(bytes, path: path)
        }
        for url in repository.files(in: repository.evidence.appendingPathComponent("payloads"), suffix: ".json") {
            let path = repository.displayPath(url)
            guard let bytes = read(url, path, &diagnostics) else { continue }
            builder.addGoldens(bytes, path: path)
        }
        let todo = repository.register.appendingPathComponent("sources/kling-priority-todo.md")
        if let data = FileManager.default.contents(atPath: todo.path) {
            builder.setTODO(String(decoding: data, as: UTF8.self), path: repository.displayPath(todo))
        }
        let (registry, problems) = builder.build()
        diagnostics += problems
        return RegistryLoad(registry: registry, diagnostics: diagnostics.sorted())
    }

    /// Folders below `folder` named like the files klingreg reads (`*.md`, `*.json`).
    private static func folders(in folder: URL, repository: Repository) -> [URL] {
        guard let paths = try? FileManager.default.subpathsOfDirectory(atPath: folder.path) else { return [] }
        return paths.filter { $0.hasSuffix(".md") || $0.hasSuffix(".json") }.sorted().map { folder.appendingPathComponent($0) }.filter { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    private static func read(_ url: URL, _ path: String, _ diagnostics: inout [Diagnostic]) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            diagnostics.append(Diagnostic(file: path, line: 1, column: 1, message: FileAbsence.reason(url)))
            return nil
        }
        return [UInt8](data)
    }
}
