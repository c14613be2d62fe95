import Foundation
import KlingRegistry
import Testing

/// A repository loaded once per test process and shared by every suite that
/// reads it. A repository that does not load never stops the test run: each
/// test that reads its registry fails with the first diagnostics, and the
/// gate's own load test lists them all.
package final class LoadedRepository: Sendable {
    package let root: URL
    package let load: RegistryLoad
    /// What the failure messages call it.
    package let name: String

    package init(root: URL, name: String) {
        self.root = root
        self.name = name
        load = RegistryLoader.load(Repository(root: root))
    }

    /// The loaded registry. When the repository did not load, the test calling
    /// this fails (naming the diagnostics) and gets the partial registry, so it
    /// can finish without crashing.
    package var registry: Registry {
        if load.failed, reported.firstTime(Self.currentTestCase) { Issue.record(Comment(rawValue: failureSummary)) }
        return load.registry
    }

    /// Tests (and test cases) already told, so a loop reading the registry fails once, not once per read.
    private let reported = ReportedOnce()

    private static var currentTestCase: String {
        "\(String(describing: Test.current?.id)) \(String(describing: Test.Case.current))"
    }

    /// The registry only when it loaded: for parameterised tests, whose
    /// arguments are computed before any test runs.
    package var registryIfLoaded: Registry? { load.failed ? nil : load.registry }

    package var errors: [Diagnostic] { load.diagnostics.filter { $0.severity == .error } }

    /// The first few diagnostics and how many more there are.
    package var failureSummary: String {
        let shown = 10
        var text = "\(name) does not load (\(errors.count) error\(errors.count == 1 ? "" : "s")):\n"
        text += errors.prefix(shown).map(\.description).joined(separator: "\n")
        if errors.count > shown { text += "\n… and \(errors.count - shown) more" }
        return text
    }
}

final class ReportedOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var keys = Set<String>()

    /// True the first time `key` is seen.
    func firstTime(_ key: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return keys.insert(key).inserted
    }
}

/// The checked-in evidence and register: what the gate checks for consistency.
package let checkedInRepository = LoadedRepository(root: packageRoot, name: "the repository's evidence")

/// A frozen repository under Tests/ that the tool's own tests pin: an edit of
/// the checked-in evidence never changes it.
package let fixtureRoot = packageRoot.appendingPathComponent("Tests/KlingCLITests/Fixtures/repository")
package let fixtureRepository = LoadedRepository(root: fixtureRoot, name: "the test fixture repository (Tests/KlingCLITests/Fixtures/repository)")

extension TemporaryFolder {
    /// A copy of the fixture repository's evidence/ and register/, for tests
    /// that write; it has no derived files until `generate` writes them.
    package static func fixtureCopy() -> TemporaryFolder {
        let folder = TemporaryFolder()
        for name in ["evidence", "register"] {
            try! FileManager.default.copyItem(at: fixtureRoot.appendingPathComponent(name), to: folder.url.appendingPathComponent(name))
        }
        return folder
    }
}
