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

    public static func files(_ registry: Registry) -> [GeneratedFile] {
        SwiftValidatorGenerator(registry: registry).files() + [StatusSnapshot.file(registry), SchemaSnapshot.file(registry)]
            + JSONSchemaExporter(registry: registry, index: StatusIndex(registry: registry)).files() + [PlanFormat.file(registry)]
    }
}
