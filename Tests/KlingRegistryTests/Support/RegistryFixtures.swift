import KlingRuntime
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

let fixtureSources = """
# Sources

| Key | Class | Title | Address |
|---|---|---|---|
| OFF-3.0 | official | Series 3.0 specification | https://docs.qingque.cn/ |
| OFF-DEV | official | Developer docs | https://app.klingai.com/ |
| T3-X | third-party | A reseller | https://example.com/ |
"""

/// An endpoint file with the given request-body rows and extra sections.
func endpointFile(id: String = "omni-video.create", body: String, extra: String = "") -> String {
    """
    # Fixture endpoint

    | Key | Value |
    |---|---|
    | id | \(id) |
    | method | POST |
    | path | /v1/videos/omni-video |
    | source | OFF-3.0 |
    | captured | 2026-11-20 |
    | scope | current |

    ## Request Body

    | Field | Type | Required | Default | Values | Source | Description |
    |---|---|---|---|---|---|---|
    \(body)
    \(extra)
    """
}
