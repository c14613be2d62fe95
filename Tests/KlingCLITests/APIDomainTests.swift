import Foundation
import KlingRegistry
import KlingRuntime
import KlingTestSupport
import Testing

/// The envelope's API domains: read and checked from the evidence, and the only
/// source of the OpenAPI `servers`.
struct APIDomainTests {
    static func envelope(_ folder: TemporaryFolder, rows: String) throws {
        let text = try #require(folder.read("evidence/common/envelope.md"))
        let start = try #require(text.range(of: "## API Domains"))
        let end = try #require(text.range(of: "## Error Codes"))
        folder.write("evidence/common/envelope.md", text.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "## API Domains\n\n| Domain | Use | Source | Note |\n|---|---|---|---|\n" + rows + "\n"))
    }

    @Test func theOpenAPIServersAreTheCurrentDomains() throws {
        let folder = TemporaryFolder.fixtureCopy()
        try Self.envelope(folder, rows: "| `https://api-example.klingai.com` | current | OFF-DEV | n |\n| `https://api.klingai.com` | replaced | OFF-DEV | n |\n")
        let result = runCLI(["export", "openapi"], in: folder.url)
        #expect(result.exit == .success, "\(result.stderr)")
        let servers = try JSONReader().parse(result.stdout)["servers"]?.arrayValue ?? []
        #expect(servers.compactMap { $0["url"]?.stringValue } == ["https://api-example.klingai.com"])
        let schema = try JSONReader().parse(runCLI(["schema", "--format", "json"], in: folder.url).stdout)
        #expect(schema["schema"]?["apiDomains"]?.arrayValue?.compactMap { $0["use"]?.stringValue } == ["current", "replaced"])
    }

    @Test(arguments: [
        ("| `http://api.klingai.com` | current | OFF-DEV | n |", "Domain is an https address with no path, such as `https://api-singapore.klingai.com`, not 'http://api.klingai.com'"),
        ("| `https://api.klingai.com/v1` | current | OFF-DEV | n |", "Domain is an https address with no path"),
        ("| `https://api.klingai.com` | curent | OFF-DEV | n |", "Use must be current or replaced, not 'curent'; did you mean 'current'?"),
        ("| `https://api.klingai.com` | current | T3-X | n |", "no OFF- source: an API domain is doc evidence"),
    ])
    func aDomainRowThatDoesNotHoldIsAnError(row: String, message: String) throws {
        let folder = TemporaryFolder.fixtureCopy()
        try Self.envelope(folder, rows: row + "\n")
        let result = runCLI(["check"], in: folder.url)
        #expect(result.exit == .failure)
        #expect(result.stderr.contains("evidence/common/envelope.md:") && result.stderr.contains(message), "\(result.stderr)")
    }
}
