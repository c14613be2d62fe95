/// One derived file: where it goes (relative to the repository root) and its bytes.
package struct GeneratedFile: Sendable, Equatable {
    package var path: String
    package var contents: String

    package init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// Every derived file, computed from the registry (docs/generated.md#what-is-generated).
package enum Generator {
    package static let regenerateCommand = "swift run klingreg generate"

    /// The status index is built once here and shared by every file that reads it.
    package static func files(_ registry: Registry) -> [GeneratedFile] {
        let index = StatusIndex(registry: registry)
        return SwiftValidatorGenerator(registry: registry, index: index).files() + [StatusSnapshot.file(registry, index: index), SchemaSnapshot.file(registry)]
            + JSONSchemaExporter(registry: registry, index: index).files() + [PlanFormat.file(registry)]
    }
}
