import Foundation
import KlingRuntime
/// Residuals computed from the registry, never typed (docs/register.md#the-register): every
/// contradiction, doc/live disagreement, live conflict, not-expressible rule,
/// object row with no structure, unstated default, unlabelled reference and
/// pasted row. Ids are stable: they are built from what they are about.
package struct DerivedResidual: Sendable, Hashable {
    package var id: String
    package var what: String
    package var refs: [String]
    package var evidence: String
    package var next: String
    /// The register's reason, when what it is about lies on an endpoint the register
    /// keeps out of current production: then it is closed out of scope, not open.
    package var outOfScope: String? = nil

    /// A short id a row can cite as `residual:D-…`: six hex digits of the long id's SHA-256,
    /// so it is as stable as the long id and easy to copy.
    package var shortID: String { "D-" + String(SHA256.hex(SHA256.digest(Array(id.utf8))).prefix(6)) }

    /// Whether `cited` (from a `residual:` reference) names this residual, by its long or short id.
    package func isCited(by cited: String) -> Bool { cited == id || cited == shortID }

    /// The kind of residual, from its id: `contra`, `default`, `undocumented`, ….
    package var family: String {
        let rest = id.dropFirst(2)
        return String(rest.prefix { $0 != "-" })
    }
}

package enum DerivedResiduals {
    /// Billing lines no valid golden case reaches (under the text's posture). Either a
    /// case is missing, or no valid payload can reach the line: then the price table
    /// and the rules disagree, as kling-v3's voice lines did while `voice_list` was
    /// refused on kling-v3.
    static func unreachedBilling(_ registry: Registry, checker: GoldenChecker? = nil) -> [DerivedResidual] {
        let checker = checker ?? GoldenChecker(registry: registry)
        var reached = Set<String>()
        for golden in registry.goldens where !golden.strict {
            guard let endpoint = registry.endpoint(golden.endpoint), checker.outcome(golden).errors.isEmpty,
                  case .object(let body) = Preflight.withDefaults(golden.payload, endpoint: endpoint),
                  case .success(let key) = Preflight.billingKey(body, endpoint: endpoint) else { continue }
            for row in Preflight.billingLines(body, endpoint: endpoint, model: key.model, mode: key.mode, registry: registry) {
                reached.insert(row.location.description)
            }
        }
        return registry.billing.filter { !reached.contains($0.location.description) }.map { row in
            DerivedResidual(
                id: "D-billing-\(row.key.replacingOccurrences(of: " ", with: "-"))-\(conditionSlug(row.whenText))",
                what: "billing line \(row.key)\(row.whenText.isEmpty ? "" : " when \(row.whenText)") (\(row.rate)) is reached by no valid golden case",
                refs: [], evidence: row.location.description,
                next: "add a valid case that reaches it, or, if no valid payload can, record the disagreement between the price table and the rules as a contradiction",
                outOfScope: registry.outOfScopeReason(row.endpoint)
            )
        }
    }

    /// A condition as an id part that keeps its operators, so that `x` and `!x` stay apart.
    static func conditionSlug(_ condition: String) -> String {
        guard !condition.isEmpty else { return "always" }
        var text = condition
        for (symbol, word) in [("&&", " and "), ("||", " or "), ("==", " eq "), ("!=", " ne "), (">=", " ge "), ("<=", " le "), ("=>", " then "), ("!", " not "), (">", " gt "), ("<", " lt "), ("+", " plus ")] {
            text = text.replacingOccurrences(of: symbol, with: word)
        }
        return RequestLogRecorder.slug(text)
    }

    /// `omni-video.create#body:video_list[].refer_type` → `omni-video.create.body.video_list.refer_type`.
    static func slug(_ reference: String) -> String {
        var text = ""
        for character in reference {
            switch character {
            case "#", ":", "/", "@": text.append(".")
            case "[", "]", "\"", "<", ">": continue
            case "=": text.append("=")
            default: text.append(character)
            }
        }
        return text.replacingOccurrences(of: "=", with: ".eq.")
    }

    package static func compute(_ registry: Registry, index: StatusIndex) -> [DerivedResidual] {
        var result: [DerivedResidual] = []
        // One validator, and one reading of the live settlements, for both kinds below.
        let validator = PayloadValidator(registry: registry)

        for contradiction in registry.allContradictions {
            result.append(DerivedResidual(
                id: "D-contra-\(contradiction.id)",
                what: "official sources disagree: \(contradiction.topic) (enforced: \(contradiction.enforced))",
                refs: ["contra:\(contradiction.id)"] + contradiction.refs.map(\.description),
                evidence: contradiction.location.description,
                next: "settle by a newer official text or a live run"
            ))
        }
        for rule in registry.allRules {
            if case .notExpressible(let reason) = rule.check {
                result.append(DerivedResidual(id: "D-notexpr-\(rule.id)", what: "rule \(rule.id) is not expressible: \(reason)", refs: ["rule:\(rule.id)"], evidence: rule.location.description, next: "extend the rule language or check it by hand"))
            }
        }
        // What the text leaves open about each `unsupported` rule, until a live run settles it.
        let settlements = validator.settlements
        var settledAsIgnored = Set<String>()
        for endpoint in registry.endpoints {
            for rule in endpoint.rules where rule.effect == .unsupported {
                let outcome = settlements.outcomes[rule.id]
                if case .ignored? = outcome { settledAsIgnored.insert("rule:\(rule.id)") }
                if case .refused? = outcome { continue }
                if case .ignored? = outcome { continue }
                var what = "runtime semantics of \(rule.id) (\(endpoint.id)): the text says it is not supported, not whether the API refuses such a payload or ignores what it does not support"
                if case .conflict(let refused, let ignored)? = outcome { what += "; records disagree: refused \(refused.joined(separator: ", ")), accepted \(ignored.joined(separator: ", "))" }
                result.append(DerivedResidual(
                    id: "D-semantics-\(rule.id)", what: what, refs: ["rule:\(rule.id)"], evidence: rule.location.description,
                    next: "refused or ignored? record a run that breaks it: a rejection blamed on rule:\(rule.id) settles it as refused, an accepted complete run as ignored"
                ))
            }
        }
        result += unreachedBilling(registry, checker: GoldenChecker(registry: registry, validator: validator))
        for entry in registry.catalogue ?? [] {
            guard case .toTranscribe(let reason) = registry.catalogueState(entry) else { continue }
            result.append(DerivedResidual(
                id: "D-catalogue-\(entry.id)", what: "official operation \(entry.id) (\(entry.method) \(entry.path)) is in scope and not transcribed: \(reason)",
                refs: [], evidence: entry.location.description,
                next: "transcribe it from \(entry.texts.joined(separator: " and ")) into an endpoint file, which takes its Scope row's place"
            ))
        }
        for endpoint in registry.endpoints {
            for rule in endpoint.rules where GoldenChecker.isVacuous(rule, endpoint: endpoint, registry: registry) {
                result.append(DerivedResidual(id: "D-vacuous-\(rule.id)", what: "rule \(rule.id) cannot fail: every model \(endpoint.id) admits has the capability it checks", refs: ["rule:\(rule.id)"], evidence: rule.location.description, next: "keep it for models the map may add, or drop it"))
            }
        }
        for endpoint in registry.endpoints {
            let parents = Set(endpoint.fields.compactMap(\.parentPath).map { "\($0)" })
            for field in endpoint.fields where field.includedFrom == nil || field.part == .header {
                let reference = FieldReference(endpoint: endpoint.id, field).description
                if (field.type == .object || field.type == .array(nil)), !parents.contains(field.path), field.constraint(.limit) == nil {
                    result.append(DerivedResidual(id: "D-children-\(slug(reference))", what: "`\(field.path)` has no child rows and no `children: not evidenced`", refs: [reference], evidence: field.location.description, next: "transcribe its children or mark `children: not evidenced`"))
                }
                if field.defaultValue == .notStated {
                    result.append(DerivedResidual(id: "D-default-\(slug(reference))", what: "no official default for `\(field.path)`", refs: [reference], evidence: field.location.description, next: "find an official default or decide the field is always sent"))
                }
                if field.pasted {
                    result.append(DerivedResidual(id: "D-pasted-\(slug(reference))", what: "`\(field.path)` was pasted without Values or Source", refs: [reference], evidence: field.location.description, next: "add Values and Source"))
                }
            }
        }
        for item in index.items.values {
            for model in item.live.keys.sorted() {
                let vector = index.vector(item.reference, model: model == "*" ? nil : model)!
                let place = "\(item.reference)@\(model)"
                if vector.live == .conflict {
                    result.append(DerivedResidual(id: "D-conflict-\(slug(place))", what: "records of the same date disagree on \(item.reference) for \(model)", refs: [item.reference], evidence: vector.record ?? "", next: "record a new run or correct a record"))
                } else if (vector.doc == .official || vector.doc == .contested) && (vector.live == .rejected || vector.live == .contradicted) && !settledAsIgnored.contains(item.reference) {
                    result.append(DerivedResidual(id: "D-doclive-\(slug(place))", what: "the doc and a live run disagree: \(vector.label.label)", refs: [item.reference], evidence: vector.record ?? "", next: "re-read the doc; record the API's answer as the runtime truth"))
                } else if (vector.doc == .none || vector.doc == .thirdParty) && vector.live == .accepted && item.kind != .claim {
                    result.append(DerivedResidual(id: "D-undocumented-\(slug(place))", what: "the API accepted \(item.reference), which no official text lists", refs: [item.reference], evidence: vector.record ?? "", next: "find it in an official text or keep it out of payloads"))
                }
                if let older = item.olderDisagreements[model], !older.isEmpty {
                    result.append(DerivedResidual(id: "D-older-\(slug(place))", what: "an older record disagrees on \(item.reference) for \(model): \(older.map(\.record).joined(separator: ", "))", refs: [item.reference], evidence: vector.record ?? "", next: "confirm the latest behaviour is the current one"))
                }
            }
        }
        // References in the register that no item carries a status for.
        for claim in registry.register.claims {
            for reference in claim.refs {
                guard case .item(let target) = reference else { continue }
                let key = target.withoutModel.description
                if index.items[key] == nil {
                    result.append(DerivedResidual(id: "D-nolabel-\(slug(key))", what: "\(key) has no evidence label", refs: [key], evidence: claim.location.description, next: "transcribe it or correct the reference"))
                }
            }
        }
        return placeOutOfScope(distinctIDs(result), registry).sorted { $0.id < $1.id }
    }

    /// Drops a residual computed twice; two different residuals that happen to share an
    /// id both stay, the later one with a suffix from what it says, so none is lost.
    static func distinctIDs(_ residuals: [DerivedResidual]) -> [DerivedResidual] {
        var seen: [String: String] = [:]
        var result: [DerivedResidual] = []
        for residual in residuals {
            guard let what = seen[residual.id] else {
                seen[residual.id] = residual.what
                result.append(residual)
                continue
            }
            if what == residual.what { continue }
            var renamed = residual
            renamed.id += "-" + String(SHA256.hex(SHA256.digest(Array(residual.what.utf8))).prefix(6))
            seen[renamed.id] = renamed.what
            result.append(renamed)
        }
        return result
    }

    /// Marks what lies on an out-of-scope endpoint, by the file its evidence is in
    /// or the endpoint its first reference names.
    static func placeOutOfScope(_ residuals: [DerivedResidual], _ registry: Registry) -> [DerivedResidual] {
        var byFile: [String: String] = [:]
        var byID: [String: String] = [:]
        for endpoint in registry.endpoints {
            guard let reason = registry.outOfScopeReason(endpoint.id) else { continue }
            byFile[endpoint.location.file] = reason
            byID[endpoint.id] = reason
        }
        guard !byID.isEmpty else { return residuals }
        return residuals.map { residual in
            var residual = residual
            if residual.outOfScope == nil {
                let file = String(residual.evidence.prefix { $0 != ":" })
                let endpoint = residual.refs.first.map { String($0.prefix { $0 != "#" }) }
                residual.outOfScope = byFile[file] ?? endpoint.flatMap { byID[$0] }
            }
            return residual
        }
    }
}
