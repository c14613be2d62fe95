import Foundation
import KlingRegistry
import KlingRuntime

/// `klingreg export jsonschema|openapi [--out DIR]`: interop files for other tools.
enum ExportCommand {
    static let spec = CommandSpec(
        name: "export",
        summary: "write JSON Schema 2020-12 files or the OpenAPI 3.1 document (to stdout, or to --out DIR)",
        usage: "export jsonschema|openapi [--out DIR]",
        options: [OptionSpec(name: "--out", kind: .value(placeholder: "DIR", allowed: nil), help: "write files into DIR instead of printing")],
        positionals: .init(minimum: 1, maximum: 1),
        run: run
    )

    static func run(_ invocation: Invocation) -> ExitCode {
        let console = invocation.console
        let what = invocation.arguments.positionals[0]
        guard what == "jsonschema" || what == "openapi" else {
            var message = "export takes jsonschema or openapi, not '\(what)'"
            if let near = ["jsonschema", "openapi"].first(where: { $0.hasPrefix(String(what.prefix(3))) }) { message += "; did you mean '\(near)'?" }
            console.error(message)
            return .failure
        }
        guard let (_, load) = invocation.loadRegistry() else { return .failure }
        guard !load.failed else { return .failure }
        let files = JSONSchemaExporter(registry: load.registry, index: StatusIndex(registry: load.registry)).files()
            .filter { what == "openapi" ? $0.path.hasSuffix("openapi.json") : $0.path.contains("/jsonschema/") }
        guard let out = invocation.arguments.value("--out") else {
            if what == "openapi" {
                console.out(files[0].contents)
            } else {
                // Several schemas: one JSON object keyed by file name.
                let members = files.map { (key: String($0.path.split(separator: "/").last!), value: (try? JSONReader().parse($0.contents)) ?? .null) }
                console.out(JSONWriter(style: .pretty, sortKeys: true).string(.object(JSONObject(members))) + "\n")
            }
            return .success
        }
        let folder = URL(fileURLWithPath: out, isDirectory: true, relativeTo: invocation.context.currentDirectory)
        do {
            try AtomicWriter().write(files.map { (folder.appendingPathComponent(String($0.path.split(separator: "/").last!)), $0.contents) })
        } catch {
            console.error(error.description)
            return .failure
        }
        console.outLine("wrote \(files.count) file\(files.count == 1 ? "" : "s") to \(folder.path)")
        return .success
    }
}
