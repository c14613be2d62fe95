/// Which items official sources disagree on, by reference text, so a finding
/// produced by a contested value, constraint, rule or cell names the
/// contradiction whose reading it enforces.
package struct ContestedItems: Sendable {
    package var byReference: [String: String]

    package init(byReference: [String: String] = [:]) { self.byReference = byReference }

    package func id(for reference: String) -> String? { byReference[reference] }
}
