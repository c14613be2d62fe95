import Foundation
import KlingRegistry
import KlingRuntime

/// What the fuzz targets run: the entry points the tool uses, fed arbitrary bytes.
/// The tests replay every crasher the fuzzers ever found through the same functions.
public enum FuzzInputs {
    static let sources = Array("""
    # Sources

    | Key | Class | Title | Address |
    |---|---|---|---|
    | OFF-3.0 | official | Series 3.0 specification | https://docs.qingque.cn/ |
    | OFF-DEV | official | Developer docs | https://app.klingai.com/ |
    | T3-X | third-party | A reseller | https://example.com/ |

    """.utf8)

    /// Reads bytes as an evidence endpoint file, a register file and a live record, and builds the registry.
    public static func evidence(_ bytes: [UInt8]) {
        var builder = RegistryBuilder()
        for (path, data) in [("evidence/SOURCES.md", sources), ("evidence/video/omni-video.create.md", bytes), ("register/status.md", bytes)] {
            let (document, _) = MarkdownReader.read(path: path, bytes: data)
            if let document { builder.add(document, path: path) }
        }
        builder.addRecord(bytes, path: "evidence/live/fuzz.json")
        builder.addGoldens(bytes, path: "evidence/payloads/omni-video.create.json")
        _ = builder.build()
    }

    /// The repository's own registry, loaded once (KLINGREG_ROOT, or the parent of fuzz/).
    nonisolated(unsafe) static var loaded: Registry?

    public static func use(_ registry: Registry) { loaded = registry }

    static var registry: Registry {
        if let loaded { return loaded }
        let root = ProcessInfo.processInfo.environment["KLINGREG_ROOT"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).deletingLastPathComponent()
        let load = RegistryLoader.load(Repository(root: root))
        precondition(!load.failed, "the repository does not load: \(load.diagnostics.first?.description ?? "")")
        loaded = load.registry
        return load.registry
    }

    static let endpoints = ["omni-video.create", "text2video.create", "image2video.create", "omni-image.create", "image-generation.create", "element.create", "custom-voice.create", "omni-video.query-list"]

    /// Parses bytes as a payload and validates it; the first byte picks the endpoint.
    public static func validate(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let endpoint = endpoints[Int(first) % endpoints.count]
        guard let payload = try? JSONReader().parse(Array(bytes.dropFirst())) else { return }
        let registry = self.registry
        _ = PayloadValidator(registry: registry, index: nil).validate(payload, endpoint: endpoint)
        _ = PayloadClassifier(registry: registry, index: StatusIndex(registry: registry)).classify(payload, endpoint: endpoint)
    }

    /// Reads bytes as a plan and, when it reads, judges it; every payload file it
    /// names is the same bytes again, so payload reading is fuzzed too.
    public static func plan(_ bytes: [UInt8]) {
        let registry = self.registry
        let (plan, _) = PlanReader(file: "plan.json", registry: registry, today: "2026-06-30").read(bytes)
        guard let plan else { return }
        _ = Preflight(registry: registry, index: StatusIndex(registry: registry)).run(plan, file: "plan.json") { _ in .bytes(bytes) }
    }
}
