import Foundation
import KlingEngine
import KlingRuntime

/// Lowered programs kept between runs (docs/engine.md#the-program-cache), so that
/// `validate` need not read the markdown again. An entry is keyed by the SHA-256 of
/// everything a load reads (every file under `evidence/` and `register/`, the day
/// of the run, the tool version and this format), so a changed input is a new key,
/// never a stale hit; every program file carries its own SHA-256 in the entry's
/// index, so a truncated or altered file is detected and the entry rebuilt, never trusted.
package struct ProgramCache: Sendable {
    /// Bump when the program or the entry layout changes.
    package static let format = 1

    /// `<folder>/<key>/index.json` and one `<endpoint>.json` per program.
    package let folder: URL

    package init(folder: URL) { self.folder = folder }

    /// `KLINGREG_CACHE_DIR`, else `$XDG_CACHE_HOME/klingreg`, else `~/.cache/klingreg`
    /// (`HOME` from the environment); nil, no cache, when none is set.
    package static func folder(environment: [String: String]) -> URL? {
        if let explicit = environment["KLINGREG_CACHE_DIR"], !explicit.isEmpty { return URL(fileURLWithPath: explicit, isDirectory: true) }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("klingreg", isDirectory: true) }
        if let home = environment["HOME"], !home.isEmpty { return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache/klingreg", isDirectory: true) }
        return nil
    }

    /// The key of what a load of `repository` on `today` would read; nil when a file
    /// cannot be read (the load then says why).
    package static func key(_ repository: Repository, today: CalendarDay, tool: String) -> String? {
        var hasher = SHA256.Hasher()
        hasher.update(Array("klingreg-programs \(format) \(tool) \(today)\n".utf8))
        for folder in [repository.evidence, repository.register] {
            guard let paths = try? FileManager.default.subpathsOfDirectory(atPath: folder.path) else { return nil }
            for path in paths.sorted() {
                let url = folder.appendingPathComponent(path)
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return nil }
                if isFolder.boolValue { hasher.update(Array("folder \(repository.displayPath(url))\n".utf8)); continue }
                guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
                hasher.update(Array("file \(repository.displayPath(url)) \(data.count)\n".utf8))
                hasher.update([UInt8](data))
            }
        }
        return hasher.finalize().map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }

    static func isKey(_ name: String) -> Bool {
        name.utf8.count == 64 && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// One entry: its endpoint ids, and each program as it is read and checked.
    package struct Entry: Sendable {
        package let folder: URL
        /// Program text SHA-256 by endpoint id.
        package let digests: [String: String]
        /// What the load that wrote the entry said (warnings and notes; an entry is
        /// only written after a load without errors), to be said again on a hit.
        package let diagnostics: [String]
        package var endpoints: [String] { digests.keys.sorted() }

        /// The program, or nil when its file is missing, altered or does not decode.
        package func program(_ id: String) -> EndpointProgram? {
            guard let digest = digests[id], let data = FileManager.default.contents(atPath: folder.appendingPathComponent(Self.file(id)).path),
                  SHA256.hex(SHA256.digest([UInt8](data))) == digest,
                  let program = try? EndpointProgram.decoded(String(decoding: data, as: UTF8.self)), program.endpoint == id else { return nil }
            return program
        }

        static func file(_ id: String) -> String { id + ".json" }
    }

    /// The entry for `key`, or nil when there is none or its index is not whole.
    package func entry(_ key: String) -> Entry? {
        let entryFolder = folder.appendingPathComponent(key, isDirectory: true)
        guard let data = FileManager.default.contents(atPath: entryFolder.appendingPathComponent("index.json").path),
              let index = try? JSONReader().parse([UInt8](data)), case .object(let object) = index,
              object["format"] == .number(JSONNumber(ProgramCache.format)), object["key"] == .string(key),
              case .object(let programs)? = object["programs"] else { return nil }
        var digests: [String: String] = [:]
        for (id, value) in programs.members {
            guard case .string(let digest) = value, digest.count == 64 else { return nil }
            digests[id] = digest
        }
        guard case .array(let said)? = object["diagnostics"] else { return nil }
        var diagnostics: [String] = []
        for line in said {
            guard case .string(let text) = line else { return nil }
            diagnostics.append(text)
        }
        return Entry(folder: entryFolder, digests: digests, diagnostics: diagnostics)
    }

    /// Writes the entry for `key` in a temporary folder and moves it into place, then
    /// removes every other entry. A failure leaves no entry, so the next run lowers
    /// again; it is not an error of the command.
    package func store(_ programs: [EndpointProgram], diagnostics: [String] = [], key: String) {
        let fileManager = FileManager.default
        let temporary = folder.appendingPathComponent(".\(key).tmp-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        defer { try? fileManager.removeItem(at: temporary) }
        do {
            try fileManager.createDirectory(at: temporary, withIntermediateDirectories: true)
            var digests: [(key: String, value: JSONValue)] = []
            for program in programs.sorted(by: { $0.endpoint < $1.endpoint }) {
                let text = try program.encoded()
                try Data(text.utf8).write(to: temporary.appendingPathComponent(Entry.file(program.endpoint)))
                digests.append((program.endpoint, .string(SHA256.hex(SHA256.digest(Array(text.utf8))))))
            }
            let index = JSONValue.object(JSONObject([("format", .number(JSONNumber(ProgramCache.format))), ("key", .string(key)), ("programs", .object(JSONObject(digests))), ("diagnostics", .array(diagnostics.map(JSONValue.string)))]))
            try Data(JSONWriter(style: .compact).string(index).utf8).write(to: temporary.appendingPathComponent("index.json"))
            let target = folder.appendingPathComponent(key, isDirectory: true)
            try? fileManager.removeItem(at: target)
            guard rename(temporary.path, target.path) == 0 else { return }
            // Only what looks like an entry: a folder named by a key, never anything else in the folder.
            for name in (try? fileManager.contentsOfDirectory(atPath: folder.path)) ?? [] where name != key && Self.isKey(name) {
                try? fileManager.removeItem(at: folder.appendingPathComponent(name))
            }
        } catch {
            return
        }
    }
}
