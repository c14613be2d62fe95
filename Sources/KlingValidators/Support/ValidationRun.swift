import KlingRuntime

/// Hand-written support for the generated validators: the findings of one
/// payload and the field-level checks the generated code calls. The rule
/// semantics live in `RuleRun`; neither is shared with the interpreter.
public struct ValidationRun {
    public let endpoint: String
    public private(set) var findings: [Finding] = []
    /// Concrete payload paths whose value failed a field check: rules reading them are skipped.
    public private(set) var failed: Set<String> = []
    /// Empty optional strings and nulls, read as absent by rules.
    public private(set) var absent: Set<String> = []
    public private(set) var skipped: [String] = []
    /// The production posture: `unsupported` rules are errors.
    public let strict: Bool

    public init(endpoint: String, strict: Bool = false) {
        self.endpoint = endpoint
        self.strict = strict
    }

    public enum Kind: Sendable { case string, integer, int64, number, boolean, object, array }

    public mutating func add(_ finding: Finding) {
        findings.append(finding)
        // Only a value that failed a field check is unknown to rules; a rule finding marks nothing.
        if finding.severity == .error, finding.constraint != nil { failed.insert(finding.path) }
    }

    mutating func error(_ path: String, _ field: String, _ constraint: String, _ message: String) {
        add(Finding(severity: .error, path: path, message: message, reference: "\(field)/\(constraint)", constraint: constraint, evidence: ValidatorIndex.location(field)))
    }

    mutating func note(_ path: String, _ field: String, _ message: String) {
        add(Finding(severity: .note, path: path, message: message, reference: field, evidence: ValidatorIndex.location(field)))
    }

    public mutating func skip(_ id: String) { skipped.append(id) }

    public func finish() -> [Finding] { findings.sorted() }

    /// The payload is not an object.
    public mutating func notAnObject(_ value: JSONValue) -> [Finding] {
        add(Finding(severity: .error, path: "", message: "a payload is a JSON object, found \(value.typeName)", constraint: "type"))
        return finish()
    }

    /// Unknown keys of an object (the allowlist is the doc's fields).
    public mutating func allow(_ object: JSONObject, keys: Set<String>, at path: String, parent: String) {
        for member in object.members where !keys.contains(member.key) {
            var message = "unknown field `\(member.key)`"
            if let near = Suggestion.closest(to: member.key, among: keys) { message += "; did you mean `\(near)`?" }
            let memberPath = path.isEmpty ? member.key : JSONPath.appending(path, key: member.key)
            add(Finding(severity: .error, path: memberPath, message: message, reference: parent, constraint: "unknown", evidence: ValidatorIndex.location(endpoint)))
        }
    }

    public mutating func missing(_ path: String, _ field: String, _ leaf: String) {
        error(path, field, "required", "`\(leaf)` is required")
    }

    /// null and type checks; returns whether the value goes on to its constraints.
    public mutating func begin(_ value: JSONValue, path: String, field: String, kind: Kind, required: Bool, nonEmpty: Bool, media: Bool) -> Bool {
        if value == .null {
            if required { error(path, field, "required", "required and may not be null") } else {
                note(path, field, "null is read as absent")
                absent.insert(path)
            }
            return false
        }
        if media, case .object = value, MediaString.inspect(value, readImageHeader: false) != .notString { return true }
        guard Self.has(value, kind) else {
            error(path, field, "type", "expected \(kind), found \(value.typeName)")
            return false
        }
        if case .string(let text) = value, text.isEmpty {
            if nonEmpty { error(path, field, "non-empty", "must not be empty") } else if !required {
                note(path, field, "empty string is read as absent")
                absent.insert(path)
            }
            return false
        }
        return true
    }

    public static func has(_ value: JSONValue, _ kind: Kind) -> Bool {
        switch (value, kind) {
        case (.string, .string), (.bool, .boolean), (.object, .object), (.array, .array), (.number, .number): return true
        case (.number(let number), .integer): return number.isInteger
        case (.number(let number), .int64): return number.isInteger && number.int64Value != nil
        default: return false
        }
    }

    public mutating func oneOf(_ value: JSONValue, _ values: [JSONValue], path: String, field: String) {
        if !values.contains(value) { error(path, field, "enum", "\(JSONWriter(style: .compact).string(value)) is not an allowed value") }
    }

    public mutating func range(_ value: JSONValue, _ low: Double, _ lowInclusive: Bool, _ high: Double, _ highInclusive: Bool, path: String, field: String) {
        guard case .number(let number) = value else { return }
        guard let double = number.doubleValue, lowInclusive ? double >= low : double > low, highInclusive ? double <= high : double < high else {
            return error(path, field, "range", "\(number.lexeme) is out of range")
        }
    }

    public mutating func intString(_ value: JSONValue, _ low: Int, _ high: Int, path: String, field: String) {
        guard case .string(let text) = value else { return }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text), number >= low, number <= high else {
            return error(path, field, "int-string", "\"\(text)\" is not a whole number in \(low)..\(high)")
        }
    }

    public mutating func length(_ value: JSONValue, _ low: Int, _ high: Int, path: String, field: String) {
        guard case .string(let text) = value else { return }
        let units = text.utf16.count
        if units < low || units > high { error(path, field, "len", "length \(units) is outside \(low)..\(high)") }
    }

    public mutating func items(_ value: JSONValue, _ low: Int, _ high: Int, path: String, field: String) {
        guard case .array(let items) = value else { return }
        if items.count < low || items.count > high { error(path, field, "items", "\(items.count) items, allowed \(low)..\(high)") }
    }

    public mutating func nonEmptyArray(_ value: JSONValue, path: String, field: String) {
        if case .array(let items) = value, items.isEmpty { error(path, field, "non-empty", "must not be empty") }
    }

    /// What the generated code knows of a media field.
    public struct Media: Sendable {
        public var encoding: String
        public var formats: [String]?
        public var maxBytes: Double?
        public var minSide: Int?
        public var side: (Int, Int)?
        public var aspectRange: (Double, Double)?
        public var aspectSet: [Double]?
        public var sizes: [(Int, Int)]?
        /// Media constraint kinds in the field's order, for the unverifiable note.
        public var kinds: [String]

        public init(encoding: String, formats: [String]?, maxBytes: Double?, minSide: Int?, side: (Int, Int)?, aspectRange: (Double, Double)?, aspectSet: [Double]?, sizes: [(Int, Int)]?, kinds: [String]) {
            self.encoding = encoding
            self.formats = formats
            self.maxBytes = maxBytes
            self.minSide = minSide
            self.side = side
            self.aspectRange = aspectRange
            self.aspectSet = aspectSet
            self.sizes = sizes
            self.kinds = kinds
        }

        var isImage: Bool { formats.map { Set($0).isSubset(of: ["jpg", "jpeg", "png"]) } ?? true }
    }

    public mutating func media(_ value: JSONValue, _ media: Media, path: String, field: String) {
        switch MediaString.inspect(value, readImageHeader: media.isImage) {
        case .empty, .notString:
            return
        case .dataURL:
            error(path, field, "encoding", "a data: prefix is not accepted")
        case .neither(let problem):
            error(path, field, "encoding", "neither a URL nor strict base64: \(problem)")
        case .url(let wellFormed):
            if media.encoding == "base64" { error(path, field, "encoding", "a URL is not accepted here") } else if !wellFormed { error(path, field, "encoding", "not a well-formed URL") } else if !media.kinds.isEmpty {
                note(path, field, "\(media.kinds.joined(separator: ", ")) cannot be checked offline for a URL")
            }
        case .base64(let bytes, let header):
            if media.encoding == "url" { return error(path, field, "encoding", "base64 is not accepted here") }
            if let limit = media.maxBytes, Double(bytes) > limit { error(path, field, "bytes", "\(bytes) bytes decoded is over the limit") }
            guard let header else {
                let rest = media.kinds.filter { $0 != "bytes" }
                if !rest.isEmpty { note(path, field, "\(rest.joined(separator: ", ")) cannot be checked offline for inline non-image media") }
                return
            }
            switch header {
            case .failure(let failure): error(path, field, "format", "image header unreadable: \(failure)")
            case .success(let image): image_(image.format, image.width, image.height, media, path: path, field: field)
            }
        case .digest(let digest):
            if digest.prefix != nil { return error(path, field, "encoding", "a data: prefix is not accepted") }
            var unknown: [String] = []
            if let limit = media.maxBytes {
                if let bytes = digest.bytes { if Double(bytes) > limit { error(path, field, "bytes", "the digest states \(bytes) bytes, over the limit") } } else { unknown.append("bytes") }
            }
            if media.isImage, let format = digest.media.flatMap(ImageHeader.Format.init(mediaType:)) {
                image_(format, digest.width, digest.height, media, path: path, field: field)
                if digest.width == nil { unknown += media.kinds.filter { ["min-side", "side", "aspect", "size"].contains($0) } }
            } else {
                unknown += media.kinds.filter { $0 != "bytes" }
            }
            if !unknown.isEmpty { note(path, field, "\(unknown.joined(separator: ", ")) cannot be checked offline for a digest that does not state them") }
        }
    }

    private mutating func image_(_ format: ImageHeader.Format, _ width: Int?, _ height: Int?, _ media: Media, path: String, field: String) {
        if [.webp, .gif, .heic].contains(format) || !(media.formats.map { !Set($0).isDisjoint(with: format.extensions) } ?? true) {
            return error(path, field, "format", "\(format.rawValue) is not an accepted format")
        }
        guard let width, let height else { return }
        if let side = media.minSide, min(width, height) < side { error(path, field, "min-side", "\(width)×\(height) px is below \(side) px") }
        if let (low, high) = media.side, min(width, height) < low || max(width, height) > high { error(path, field, "side", "\(width)×\(height) px is outside \(low)..\(high) px") }
        let ratio = Double(width) / Double(max(height, 1))
        if let (low, high) = media.aspectRange, ratio < low - 1e-9 || ratio > high + 1e-9 { error(path, field, "aspect", "\(width)×\(height) px is outside the aspect range") }
        if let set = media.aspectSet, !set.contains(where: { abs($0 - ratio) < 0.01 }) { error(path, field, "aspect", "\(width)×\(height) px is not an accepted aspect") }
        if let sizes = media.sizes, !sizes.contains(where: { $0.0 == width && $0.1 == height }) { error(path, field, "size", "\(width)×\(height) px is not an accepted size") }
    }

    /// An object whose inner structure the doc does not show.
    public mutating func unchecked(_ value: JSONValue, path: String, field: String) {
        if case .object(let object) = value, !object.members.isEmpty { note(path, field, "contents not checked: the documentation shows no inner structure") }
    }
}

extension ValidationRun {
    public typealias Effect = RuleEffect

    /// Evaluates one compiled rule; a false verdict becomes a finding at the
    /// failing item of an `all`, else at the first top-level field the
    /// consequent reads. A rule that read a failed value is listed as skipped.
    public mutating func check(_ id: String, effect: Effect, blame: String, contradiction: String?, enforces: Bool = false, root: JSONObject, defaults: [String: JSONValue], message: String, _ body: (RuleRun) throws(RuleRun.Stop) -> RuleRun.V) {
        let rule = RuleRun(root: root, defaults: defaults, run: self)
        let holds: Bool
        do {
            holds = try rule.truth(body(rule))
        } catch .unknown {
            skip(id)
            return
        } catch {
            return
        }
        guard !holds else { return }
        let path = rule.failingItem ?? blame
        let reference = enforces ? "contra:\(id)" : "rule:\(id)"
        add(Finding(
            severity: effect.severity(strict: strict),
            path: path,
            message: rule.cellsRead.isEmpty ? message : message + "; reads " + rule.cellsRead.joined(separator: ", "),
            reference: reference,
            rule: enforces ? nil : id,
            contradiction: contradiction,
            evidence: ValidatorIndex.location(reference)
        ))
    }
}
