/// What an image's first bytes say, read without decoding pixels.
public struct ImageHeader: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable {
        case png
        case jpeg
        case webp
        case gif
        case heic

        /// The `format` atom names that mean this format.
        public var extensions: [String] {
            switch self {
            case .png: return ["png"]
            case .jpeg: return ["jpg", "jpeg"]
            case .webp: return ["webp"]
            case .gif: return ["gif"]
            case .heic: return ["heic"]
            }
        }

        public var mediaType: String { "image/\(rawValue)" }

        public init?(mediaType: String) {
            switch mediaType.lowercased() {
            case "image/png": self = .png
            case "image/jpeg", "image/jpg": self = .jpeg
            case "image/webp": self = .webp
            case "image/gif": self = .gif
            case "image/heic", "image/heif": self = .heic
            default: return nil
            }
        }
    }

    public var format: Format
    /// Nil for formats klingreg recognises only to refuse (WebP, GIF, HEIC).
    public var width: Int?
    public var height: Int?

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case notAnImage
        /// The data ends before the pixel size.
        case truncated(Format)
        case missingDimensions(Format)
        /// A structure a decoder needs is broken (PNGStructure).
        case png(PNGDefect)
        /// A structure a decoder needs is broken (JPEGStructure).
        case jpeg(JPEGDefect)

        public var description: String {
            switch self {
            case .notAnImage: return "the data is not a PNG, JPEG, WebP, GIF or HEIC image"
            case .truncated(let format): return "the \(format.rawValue.uppercased()) header is truncated"
            case .missingDimensions(let format): return format == .png ? "the PNG has no IHDR chunk where it must start" : "the \(format.rawValue.uppercased()) data has no frame header (SOF) before its image data"
            case .png(let defect): return defect.description
            case .jpeg(let defect): return defect.description
            }
        }
    }

    /// Reads the format and, for PNG and JPEG, the pixel size, after checking
    /// the structure a decoder needs (PNGStructure, JPEGStructure): a header
    /// alone is not an image.
    public static func read(_ bytes: [UInt8]) -> Result<ImageHeader, Failure> {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if bytes.starts(with: png) { return PNGStructure.read(bytes) }
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return JPEGStructure.read(bytes) }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return .success(ImageHeader(format: .webp))
        }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) {
            return .success(ImageHeader(format: .gif))
        }
        if bytes.count >= 12, Array(bytes[4..<8]) == Array("ftyp".utf8) {
            let brand = String(decoding: bytes[8..<12], as: UTF8.self)
            if ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"].contains(brand) {
                return .success(ImageHeader(format: .heic))
            }
        }
        return .failure(.notAnImage)
    }

    init(format: Format, width: Int? = nil, height: Int? = nil) {
        self.format = format
        self.width = width
        self.height = height
    }
}
