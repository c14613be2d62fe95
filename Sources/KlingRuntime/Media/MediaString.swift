import Foundation

/// What a string that should carry media turns out to be (DESIGN §9's
/// table): the verdict both the interpreter and the generated validators
/// start from before comparing it with a field's constraints.
public enum MediaString: Sendable, Equatable {
    case empty
    /// Starts with `data:`: a prefix the API does not take.
    case dataURL
    /// `http://` or `https://`; `wellFormed` is false when no host can be read.
    case url(wellFormed: Bool)
    /// Strict base64, decoded; `header` is nil when not read (video fields).
    case base64(bytes: Int, header: Result<ImageHeader, ImageHeader.Failure>?)
    /// A `$digest` object from a live record: what it states.
    case digest(MediaDigest)
    /// Neither a URL nor strict base64.
    case neither
    /// Not a string (and not a `$digest` object).
    case notString

    /// Classifies `value`. `readImageHeader` decodes only as much as the header needs.
    public static func inspect(_ value: JSONValue, readImageHeader: Bool) -> MediaString {
        if case .object(let object) = value, let digest = MediaDigest(object) { return .digest(digest) }
        guard case .string(let text) = value else { return .notString }
        if text.isEmpty { return .empty }
        if text.hasPrefix("data:") { return .dataURL }
        let lower = text.prefix(8).lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            let components = URLComponents(string: text)
            let host = components?.host ?? ""
            return .url(wellFormed: !host.isEmpty && !text.contains(" "))
        }
        guard let length = StrictBase64.decodedLength(text) else { return .neither }
        guard readImageHeader else { return .base64(bytes: length, header: nil) }
        // JPEG headers may sit behind a long EXIF block: read up to 256 KiB, then all of it.
        var header = ImageHeader.read(StrictBase64.decode(text, limit: 262_144, validated: true) ?? [])
        if case .failure(.truncated) = header, length > 262_144 {
            header = ImageHeader.read(StrictBase64.decode(text, validated: true) ?? [])
        }
        return .base64(bytes: length, header: header)
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

    public init(sha256: String?, bytes: Int?, media: String?, width: Int?, height: Int?) {
        self.sha256 = sha256
        self.bytes = bytes
        self.media = media
        self.width = width
        self.height = height
    }

    init?(_ object: JSONObject) {
        guard object.members.count == 1, case .object(let inner)? = object["$digest"] else { return nil }
        let allowed: Set<String> = ["sha256", "bytes", "media", "px"]
        guard inner.keys.allSatisfy(allowed.contains) else { return nil }
        sha256 = inner["sha256"]?.stringValue
        bytes = inner["bytes"]?.numberValue?.int64Value.map(Int.init)
        media = inner["media"]?.stringValue
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
            ]))),
        ]))
    }
}
