import KlingRuntime

/// A billing line against the endpoint it prices: the endpoint is transcribed, the
/// model is one its `model_name` takes, the mode is one its `mode` takes (or empty
/// where it has none), and `per` is a top-level body field that counts: a number, an
/// int-string, or a media address whose duration limit bounds what is billed.
enum BillingCheck {
    static func problems(_ row: BillingRow, cells: SharedFilesReader.BillingDraft.Cells, registry: Registry) -> [(SourcePosition, String)] {
        guard let endpoint = registry.endpoint(row.endpoint) else {
            var message = "billing line names \(row.endpoint), which is not a transcribed endpoint: preflight cannot bill a create it cannot validate"
            if let near = Suggestion.closest(to: row.endpoint, among: registry.endpoints.map(\.id)) { message += "; did you mean \(near)?" }
            return [(cells.endpoint, message)]
        }
        var problems: [(SourcePosition, String)] = []
        func values(_ field: Field) -> [String]? {
            for constraint in field.constraints {
                if case .oneOf(let items) = constraint { return items.compactMap(\.stringValue) }
            }
            return nil
        }
        if let model = endpoint.field("model_name", in: .body), let models = values(model), !models.contains(row.model) {
            var message = "model \(row.model) is not a model_name of \(endpoint.id) (\(models.joined(separator: ", ")))"
            if let near = Suggestion.closest(to: row.model, among: models) { message += "; did you mean \(near)?" }
            problems.append((cells.model, message))
        }
        if let mode = endpoint.field("mode", in: .body) {
            if row.mode.isEmpty {
                problems.append((cells.mode, "\(endpoint.id) takes a mode, so a billing line names one"))
            } else if let modes = values(mode), !modes.contains(row.mode) {
                problems.append((cells.mode, "mode \(row.mode) is not a mode of \(endpoint.id) (\(modes.joined(separator: ", ")))"))
            }
        } else if !row.mode.isEmpty {
            problems.append((cells.mode, "\(endpoint.id) takes no mode, so the Mode cell stays empty"))
        }
        let counters = endpoint.fields(in: .body).filter { !$0.path.contains(".") && !$0.path.contains("[") }
        if let per = counters.first(where: { $0.path == row.per }) {
            let counts = per.type.isNumeric || (per.type == .string && (per.constraint(.intString) != nil || per.constraint(.duration) != nil))
            if !counts { problems.append((cells.per, "\(row.per) is a \(per.type), not a number, an int-string or a media address with a duration limit, so it cannot count what is billed")) }
        } else {
            var message = "Per names \(row.per), which is not a top-level body field of \(endpoint.id)"
            if let near = Suggestion.closest(to: row.per, among: counters.map(\.path)) { message += "; did you mean \(near)?" }
            problems.append((cells.per, message))
        }
        return problems
    }
}
