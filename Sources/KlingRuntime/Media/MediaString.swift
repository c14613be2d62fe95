/// What a string that should carry media turns out to be (docs/validation.md#validation-and-classification's
/// table): the verdict both the interpreter and the generated validators
/// start from before comparing it with a field's constraints.
public enum MediaString: Sendable, Equatable {
    case empty
    /// Starts with `data:`: a prefix the API does not take.
    case dataURL
    /// An absolute URI (`scheme:`); `wellFormed` is false unless it is an
    /// http(s) URL by URLSyntax (which says why not).
    case url(wellFormed: Bool)
    /// Strict base64, decoded; `header` is nil when not read (video fields).
    case base64(bytes: Int, header: Result<ImageHeader, ImageHeader.Failure>?)
    /// A `$digest` object from a live record: what it states.
    case digest(MediaDigest)
    /// Neither a URL nor strict base64, and why it is not base64.
    case neither(StrictBase64.Problem)
    /// Not a string (and not a `$digest` object).
    case notString

    /// Classifies `value`. `readImageHeader` decodes only as much as the header needs.
    public static func inspect(_ value: JSONValue, readImageHeader: Bool) -> MediaString {
        if case .object(let object) = value, let digest = MediaDigest(object) { return .digest(digest) }
        guard case .string(let text) = value else { return .notString }
        if text.isEmpty { return .empty }
        if text.hasPrefix("data:") { return .dataURL }
        // Any scheme is read as an address (javascript:, file:, ftp: …) so that it is refused as one.
        if URLSyntax.hasScheme(text) { return .url(wellFormed: URLSyntax.problem(text) == nil) }
        guard let length = StrictBase64.decodedLength(text) else { return .neither(StrictBase64.problem(text) ?? .empty) }
        guard readImageHeader else { return .base64(bytes: length, header: nil) }
        // The whole image: its structure runs to the last byte (IEND, EOI).
        return .base64(bytes: length, header: ImageHeader.read(StrictBase64.decode(text, validated: true) ?? []))
    }
}

/// `{ "$digest": { "sha256": …, "bytes": …, "media": …, "px": "512x512" } }`:
/// media recorded without its bytes. Null members are unknown.
public struct MediaDigest: Sendable, Equatable {
    public var sha256: String?
    public var bytes: Int?
    public var media: String?
    public var width: Int?
    public var height: Int?
    /// The `data:…,` header sent before the base64, kept so that a live run
    /// shows whether the API took it; nil when the value was bare base64.
    public var prefix: String?

    public init(sha256: String?, bytes: Int?, media: String?, width: Int?, height: Int?, prefix: String? = nil) {
        self.prefix = prefix
        self.sha256 = sha256
        self.bytes = bytes
        self.media = media
        self.width = width
        self.height = height
    }

    init?(_ object: JSONObject) {
        guard object.members.count == 1, case .object(let inner)? = object["$digest"] else { return nil }
        let allowed: Set<String> = ["sha256", "bytes", "media", "px", "prefix"]
        guard inner.keys.allSatisfy(allowed.contains) else { return nil }
        sha256 = inner["sha256"]?.stringValue
        bytes = inner["bytes"]?.numberValue?.int64Value.map(Int.init)
        media = inner["media"]?.stringValue
        if let sent = inner["prefix"] {
            guard case .string(let text) = sent, text.hasPrefix("data:"), text.hasSuffix(",") else { return nil }
            prefix = text
        }
        if let px = inner["px"]?.stringValue {
            let sides = px.split(separator: "x").compactMap { Int($0) }
            guard sides.count == 2 else { return nil }
            width = sides[0]
            height = sides[1]
        }
    }

    public var json: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        let px: JSONValue = (width != nil && height != nil) ? .string("\(width!)x\(height!)") : .null
        return .object(JSONObject([
            (key: "$digest", value: .object(JSONObject([
                (key: "sha256", value: text(sha256)),
                (key: "bytes", value: bytes.map { .number(JSONNumber($0)) } ?? .null),
                (key: "media", value: text(media)),
                (key: "px", value: px),
            ] + (prefix.map { [(key: "prefix", value: JSONValue.string($0))] } ?? [])))),
        ]))
    }
}

extension MediaDigest {
    /// `starts_with` on recorded media: the text is known only as far as its
    /// `data:` prefix; nil when that cannot tell.
    public func startsWith(_ pattern: String) -> Bool? {
        if let prefix {
            if pattern.utf8.count <= prefix.utf8.count { return prefix.hasPrefix(pattern) }
            return pattern.hasPrefix(prefix) ? nil : false
        }
        // Bare base64 never holds `:`; anything else about its start is unknown.
        return pattern.contains(":") ? false : nil
    }

    /// The digest of `object` if it is one.
    public static func read(_ value: JSONValue) -> MediaDigest? {
        guard case .object(let object) = value else { return nil }
        return MediaDigest(object)
    }
}
