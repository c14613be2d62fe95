import KlingRuntime

/// What a cross-file check found, at the place to fix it; the builder reports it
/// as an error there.
struct CheckProblem {
    var location: SourceLocation
    var message: String
}
