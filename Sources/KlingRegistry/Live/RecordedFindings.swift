import KlingEngine
import KlingRuntime

/// What the documented checks say of each complete request the API accepted (and
/// each callback body it sent), read as the text reads: no live settlement, no
/// labels, no policy. The live axis's `contradicted` and the live settlement of
/// `unsupported` rules are read from it. Computed by the validation stage
/// (`Validation/RecordedFindings+Validation.swift`), so the status stage needs no validator.
package struct RecordedFindings: Sendable {
    /// Findings by record id and call index.
    package var byCall: [String: [Int: [Finding]]]

    package init(byCall: [String: [Int: [Finding]]]) { self.byCall = byCall }

    /// The calls it covers: accepted creates, and callback bodies, of records whose request is known complete.
    package static func covers(_ call: LiveRecord.Call, of record: LiveRecord, registry: Registry) -> Bool {
        record.contributes && record.requestKnown == .complete && call.request != nil
            && (call.create == .accepted || (call.create == nil && registry.endpoint(call.endpoint)?.isCallback == true))
    }

    /// The findings of `record`'s call at `index`; nil for a call it does not cover.
    package func findings(_ record: LiveRecord, call index: Int) -> [Finding]? { byCall[record.id]?[index] }
}
