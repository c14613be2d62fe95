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
        case truncated(Format)
        case missingDimensions(Format)

        public var description: String {
            switch self {
            case .notAnImage: return "the data is not a PNG, JPEG, WebP, GIF or HEIC image"
            case .truncated(let format): return "the \(format.rawValue.uppercased()) header is truncated"
            case .missingDimensions(let format): return format == .png ? "the PNG has no IHDR chunk where it must start" : "the \(format.rawValue.uppercased()) data has no frame header (SOF) before its image data"
            }
        }
    }

    /// Reads the format and, for PNG and JPEG, the pixel size.
    public static func read(_ bytes: [UInt8]) -> Result<ImageHeader, Failure> {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if bytes.starts(with: png) { return readPNG(bytes) }
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return readJPEG(bytes) }
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

    private static func bigEndian(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int {
        var value = 0
        for index in offset..<(offset + count) { value = value << 8 | Int(bytes[index]) }
        return value
    }

    private static func readPNG(_ bytes: [UInt8]) -> Result<ImageHeader, Failure> {
        // Signature (8), then the first chunk must be IHDR: length (4), type (4), width (4), height (4).
        guard bytes.count >= 16 else { return .failure(.truncated(.png)) }
        guard Array(bytes[12..<16]) == Array("IHDR".utf8) else { return .failure(.missingDimensions(.png)) }
        guard bytes.count >= 24 else { return .failure(.truncated(.png)) }
        return .success(ImageHeader(format: .png, width: bigEndian(bytes, 16, 4), height: bigEndian(bytes, 20, 4)))
    }

    private static func readJPEG(_ bytes: [UInt8]) -> Result<ImageHeader, Failure> {
        var index = 2
        while true {
            guard index < bytes.count else { return .failure(.truncated(.jpeg)) }
            guard bytes[index] == 0xFF else { return .failure(.missingDimensions(.jpeg)) }
            // Fill bytes: any number of 0xFF before a marker.
            while index < bytes.count, bytes[index] == 0xFF { index += 1 }
            guard index < bytes.count else { return .failure(.truncated(.jpeg)) }
            let marker = bytes[index]
            index += 1
            switch marker {
            case 0xD8, 0x01, 0xD0...0xD7:
                continue  // markers without a length
            case 0xD9, 0xDA:
                return .failure(.missingDimensions(.jpeg))  // end of image or scan data before any frame header
            default:
                break
            }
            guard index + 2 <= bytes.count else { return .failure(.truncated(.jpeg)) }
            let length = bigEndian(bytes, index, 2)
            guard length >= 2 else { return .failure(.missingDimensions(.jpeg)) }
            // SOF0…SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard index + 7 <= bytes.count else { return .failure(.truncated(.jpeg)) }
                let height = bigEndian(bytes, index + 3, 2)
                let width = bigEndian(bytes, index + 5, 2)
                return .success(ImageHeader(format: .jpeg, width: width, height: height))
            }
            index += length  // APPn (EXIF), DQT, DHT, COM, …
        }
    }
}
