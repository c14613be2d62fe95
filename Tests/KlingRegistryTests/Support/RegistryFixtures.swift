import KlingRuntime
import KlingTestSupport
@testable import KlingRegistry

/// Builds a registry from in-memory files, the way the loader does from disk.
func buildRegistry(_ files: [String: String]) -> (registry: Registry, diagnostics: [String]) {
    var builder = RegistryBuilder()
    var diagnostics: [Diagnostic] = []
    for (path, text) in files.sorted(by: { $0.key < $1.key }) {
        let (document, problems) = MarkdownReader.read(path: path, bytes: Array(text.utf8))
        diagnostics += problems
        if let document { builder.add(document, path: path) }
    }
    let (registry, problems) = builder.build()
    return (registry, (diagnostics + problems).sorted().map(\.description))
}

let fixtureSources = EvidenceFixtures.sources

func endpointFile(id: String = "omni-video.create", body: String, extra: String = "") -> String {
    EvidenceFixtures.endpointFile(id: id, body: body, extra: extra)
}
