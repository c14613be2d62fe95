import Foundation

/// The package's own checkout, found from this file's path.
package let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    }
    fatalError("Package.swift not found above \(#filePath)")
}()

/// A scratch folder that removes itself.
package final class TemporaryFolder {
    package let url: URL

    package init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("klingreg-test-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` at `path` (relative), creating folders.
    package func write(_ path: String, _ text: String) {
        let file = url.appendingPathComponent(path)
        try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: file)
    }

    package func makeFolder(_ path: String) {
        try! FileManager.default.createDirectory(at: url.appendingPathComponent(path), withIntermediateDirectories: true)
    }

    /// A copy of this package's repository data (evidence/, register/ and the
    /// generated files), for tests that write.
    package static func repositoryCopy() -> TemporaryFolder {
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
    package func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: url.appendingPathComponent(path).path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// An empty repository: both folders, nothing in them.
    package static func emptyRepository() -> TemporaryFolder {
        let folder = TemporaryFolder()
        folder.makeFolder("evidence")
        folder.makeFolder("register")
        return folder
    }
}

