import Foundation

/// The package's own checkout, found from this file's path.
public let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    }
    fatalError("Package.swift not found above \(#filePath)")
}()

/// A scratch folder that removes itself.
public final class TemporaryFolder {
    public let url: URL

    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("klingreg-test-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` at `path` (relative), creating folders.
    public func write(_ path: String, _ text: String) {
        let file = url.appendingPathComponent(path)
        try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: file)
    }

    public func makeFolder(_ path: String) {
        try! FileManager.default.createDirectory(at: url.appendingPathComponent(path), withIntermediateDirectories: true)
    }

    /// A copy of this package's repository data (evidence/, register/ and the
    /// generated files), for tests that write.
    public static func repositoryCopy() -> TemporaryFolder {
        let folder = TemporaryFolder()
        for name in ["evidence", "register", "schemas", "Sources/KlingValidators/Generated"] {
            let source = packageRoot.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: source.path) else { continue }
            let target = folder.url.appendingPathComponent(name)
            try! FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try! FileManager.default.copyItem(at: source, to: target)
        }
        return folder
    }

    /// The file's text at `path` (relative), or nil.
    public func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: url.appendingPathComponent(path).path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// An empty repository: both folders, nothing in them.
    public static func emptyRepository() -> TemporaryFolder {
        let folder = TemporaryFolder()
        folder.makeFolder("evidence")
        folder.makeFolder("register")
        return folder
    }
}

