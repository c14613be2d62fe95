import KlingRuntime

/// Media strings (docs/validation.md#validation-and-classification): `data:` refused, URLs checked by URLSyntax with
/// their limits noted as unverifiable offline, strict base64 decoded and its
/// structure checked by ImageHeader (PNG chunks, JPEG markers) before format
/// and pixel size, `$digest` objects checked by what they state. The checks
/// live in KlingRuntime; this maps their typed problems to findings.
extension FieldChecker {
    package mutating func checkMedia(_ value: JSONValue, field: Field, at path: String) {
        let encoding: MediaEncoding = {
            if case .encoding(let encoding)? = field.constraint(.encoding) { return encoding }
            return .urlOrBase64
        }()
        let formats: [String]? = {
            if case .format(let formats)? = field.constraint(.format) { return formats }
            return nil
        }()
        let isImage = formats?.allSatisfy { $0 == "jpg" || $0 == "jpeg" || $0 == "png" } ?? true
        let mediaAtoms = field.constraints.filter { $0.kind.needsMedia }
        switch MediaString.inspect(value, readImageHeader: isImage) {
        case .empty, .notString:
            return
        case .dataURL:
            report(field, at: path, constraint: .encoding, "a `data:` prefix is not accepted; send the bare base64")
        case .neither(let problem):
            report(field, at: path, constraint: .encoding, "neither an http(s) URL nor strict base64: \(problem)")
        case .url(let wellFormed):
            if encoding == .base64 {
                report(field, at: path, constraint: .encoding, "a URL is not accepted here; send base64")
            } else if !wellFormed {
                let problem = value.stringValue.flatMap(URLSyntax.problem).map(\.description) ?? "not a string"
                report(field, at: path, constraint: .encoding, "not a well-formed http(s) URL: \(problem)")
            } else if !mediaAtoms.isEmpty {
                noteUnverifiable(field, at: path, mediaAtoms, because: "a URL")
            }
        case .base64(let bytes, let header):
            if encoding == .url {
                report(field, at: path, constraint: .encoding, "base64 is not accepted here; send a URL")
                return
            }
            if let limit = field.constraint(.bytes)?.byteLimit, Double(bytes) > limit {
                report(field, at: path, constraint: .bytes, "\(bytes) bytes decoded; the limit is \(field.constraint(.bytes)!.canonicalText)")
            }
            guard let header else {
                let rest = mediaAtoms.filter { $0.kind != .bytes }
                if !rest.isEmpty { noteUnverifiable(field, at: path, rest, because: "inline non-image media") }
                return
            }
            switch header {
            case .failure(let failure):
                report(field, at: path, constraint: .format, "not a whole image: \(failure)")
            case .success(let image):
                checkImage(format: image.format, width: image.width, height: image.height, field: field, formats: formats, at: path)
            }
        case .digest(let digest):
            if let prefix = digest.prefix {
                report(field, at: path, constraint: .encoding, "the digest states a `\(prefix)` prefix was sent; send the bare base64")
                return
            }
            var unknown: [Constraint] = []
            if let limit = field.constraint(.bytes)?.byteLimit {
                if let bytes = digest.bytes {
                    if Double(bytes) > limit { report(field, at: path, constraint: .bytes, "the digest states \(bytes) bytes; the limit is \(field.constraint(.bytes)!.canonicalText)") }
                } else {
                    unknown.append(field.constraint(.bytes)!)
                }
            }
            let format = digest.media.flatMap(ImageHeader.Format.init(mediaType:))
            if isImage, let format {
                checkImage(format: format, width: digest.width, height: digest.height, field: field, formats: formats, at: path, stated: true)
                if digest.width == nil { unknown += mediaAtoms.filter { [.minSide, .side, .aspect, .size].contains($0.kind) } }
            } else {
                unknown += mediaAtoms.filter { $0.kind != .bytes }
            }
            if !unknown.isEmpty { noteUnverifiable(field, at: path, unknown, because: "a digest that does not state them") }
        }
    }

    private mutating func noteUnverifiable(_ field: Field, at path: String, _ constraints: [Constraint], because: String) {
        let kinds = constraints.map(\.kind.rawValue).joined(separator: ", ")
        findings.append(Finding(severity: .note, path: path, message: "\(kinds) cannot be checked offline for \(because)", reference: reference(field), evidence: field.location.description))
    }

    private mutating func checkImage(format: ImageHeader.Format, width: Int?, height: Int?, field: Field, formats: [String]?, at path: String, stated: Bool = false) {
        let source = stated ? "the digest states" : "the image is"
        if format == .webp || format == .gif || format == .heic || !(formats.map { !Set($0).isDisjoint(with: format.extensions) } ?? true) {
            report(field, at: path, constraint: .format, "\(source) \(format.rawValue.uppercased()); accepted: \(formats?.joined(separator: ", ") ?? "PNG, JPEG")")
            return
        }
        guard let width, let height else { return }
        if case .minSide(let side)? = field.constraint(.minSide), min(width, height) < side {
            report(field, at: path, constraint: .minSide, "\(width)×\(height) px: the shorter side is below \(side) px")
        }
        if case .side(let low, let high)? = field.constraint(.side), min(width, height) < low || max(width, height) > high {
            report(field, at: path, constraint: .side, "\(width)×\(height) px: each side must lie in \(low)..\(high) px")
        }
        let ratio = Double(width) / Double(max(height, 1))
        switch field.constraint(.aspect) {
        case .aspectRange(let low, let high)?:
            // A small tolerance: 1:2.5 is 0.4 exactly, 400×1000 must pass.
            if ratio < low.value - 1e-9 || ratio > high.value + 1e-9 {
                report(field, at: path, constraint: .aspect, "\(width)×\(height) px has aspect \(Self.format(ratio)):1, outside \(low)..\(high)")
            }
        case .aspectSet(let ratios)?:
            if !ratios.contains(where: { abs($0.value - ratio) < 0.01 }) {
                report(field, at: path, constraint: .aspect, "\(width)×\(height) px is not \(ratios.map(\.description).joined(separator: ", "))")
            }
        default:
            break
        }
        if case .size(let sizes)? = field.constraint(.size), !sizes.contains(where: { $0.width == width && $0.height == height }) {
            report(field, at: path, constraint: .size, "\(width)×\(height) px is not \(sizes.map(\.description).joined(separator: ", "))")
        }
    }

    package static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
