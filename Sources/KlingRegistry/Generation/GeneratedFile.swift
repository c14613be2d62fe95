/// One derived file: where it goes (relative to the repository root) and its bytes.
public struct GeneratedFile: Sendable, Equatable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// Every derived file, computed from the registry (docs/generated.md#what-is-generated).
public enum Generator {
    public static let regenerateCommand = "swift run klingreg generate"

    /// The status index is built once here and shared by every file that reads it.
    public static func files(_ registry: Registry) -> [GeneratedFile] {
        let index = StatusIndex(registry: registry)
        return SwiftValidatorGenerator(registry: registry, index: index).files() + [StatusSnapshot.file(registry, index: index), SchemaSnapshot.file(registry)]
            + JSONSchemaExporter(registry: registry, index: index).files() + [PlanFormat.file(registry)]
    }
}
