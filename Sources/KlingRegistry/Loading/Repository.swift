import Foundation

/// A klingreg repository: the folder holding both `evidence/` and `register/`.
package struct Repository: Sendable {
    package var root: URL

    package var evidence: URL { root.appendingPathComponent("evidence", isDirectory: true) }
    package var register: URL { root.appendingPathComponent("register", isDirectory: true) }

    package init(root: URL) { self.root = root.standardizedFileURL }

    package enum LocateError: Error, Sendable, CustomStringConvertible {
        case notFound(start: String)
        case incomplete(root: String, missing: [String])

        package var description: String {
            switch self {
            case .notFound(let start):
                return "no klingreg repository at or above \(start): no folder holds both evidence/ and register/ (use --root DIR)"
            case .incomplete(let root, let missing):
                return "\(root) is not a klingreg repository: missing \(missing.joined(separator: " and "))"
            }
        }
    }

    /// The nearest folder, from `start` upward, holding `evidence/` and `register/`.
    package static func discover(from start: URL) throws(LocateError) -> Repository {
        var folder = start.standardizedFileURL
        while true {
            if missingFolders(in: folder).isEmpty { return Repository(root: folder) }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { throw .notFound(start: start.path) }
            folder = parent
        }
    }

    /// `root` itself, which must hold both folders.
    package static func at(_ root: URL) throws(LocateError) -> Repository {
        let missing = missingFolders(in: root)
        guard missing.isEmpty else { throw .incomplete(root: root.path, missing: missing) }
        return Repository(root: root)
    }

    private static func missingFolders(in folder: URL) -> [String] {
        ["evidence", "register"].filter { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return !(exists && isDirectory.boolValue)
        }.map { name in
            // A file where the folder belongs is a different mistake from no folder at all.
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) ? name + "/ (a file stands there, not a folder)" : name + "/"
        }
    }

    /// Path of `url` relative to the root, as diagnostics show it.
    package func displayPath(_ url: URL) -> String {
        let full = url.standardizedFileURL.path
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full
    }

    /// Every file with `suffix` below `folder`, sorted by relative path so
    /// results never depend on directory enumeration order.
    package func files(in folder: URL, suffix: String) -> [URL] {
        guard let paths = try? FileManager.default.subpathsOfDirectory(atPath: folder.path) else { return [] }
        var found: [(String, URL)] = []
        for path in paths where path.hasSuffix(suffix) {
            let url = folder.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append((displayPath(url), url))
            }
        }
        return found.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// Why a file could not be read, in the words a diagnostic uses: a missing
/// file and a folder given as a file are different mistakes.
package enum FileAbsence {
    package static func reason(_ url: URL) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return "no such file" }
        return isDirectory.boolValue ? "is a folder, not a file" : "cannot read the file"
    }
}
