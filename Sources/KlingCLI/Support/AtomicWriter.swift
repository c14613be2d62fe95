import Foundation

/// Writes a set of files so that either all of them change or none does:
/// every new version goes to a temporary file beside its target first, and
/// only when all are written are they renamed into place.
struct AtomicWriter {
    /// Tests set this to make the n-th temporary write fail.
    var failAfter: Int?

    struct Failure: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot write \(path): \(reason)" }
    }

    func write(_ files: [(url: URL, contents: String)]) throws(Failure) {
        var temporaries: [(URL, URL)] = []
        defer { for (temporary, _) in temporaries { try? FileManager.default.removeItem(at: temporary) } }
        for (index, file) in files.enumerated() {
            let folder = file.url.deletingLastPathComponent()
            let temporary = folder.appendingPathComponent(".\(file.url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                if let failAfter, index >= failAfter { throw CocoaError(.fileWriteUnknown) }
                try Data(file.contents.utf8).write(to: temporary)
            } catch {
                throw Failure(path: file.url.path, reason: "\(error)")
            }
            temporaries.append((temporary, file.url))
        }
        for (temporary, target) in temporaries {
            guard rename(temporary.path, target.path) == 0 else {
                throw Failure(path: target.path, reason: String(cString: strerror(errno)))
            }
        }
        temporaries.removeAll()
    }
}
