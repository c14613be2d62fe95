/// What is wrong with a PNG's chunk structure; offsets are bytes from the
/// start of the decoded data, where the chunk's length field starts.
public enum PNGDefect: Sendable, Equatable, CustomStringConvertible {
    /// Fewer than the 12 bytes of a chunk's length, type and CRC remain.
    case cutOff(offset: Int, remaining: Int)
    /// The type is not four ASCII letters.
    case chunkType(offset: Int)
    /// The declared length and the CRC run past the end of the data (or the length passes 2^31 − 1).
    case chunkOverrun(chunk: String, offset: Int, length: Int, remaining: Int)
    case crc(chunk: String, offset: Int, stored: UInt32, computed: UInt32)
    case headerLength(Int)
    /// An IHDR field a decoder refuses.
    case header(String)
    /// A chunk where the order PNG requires forbids it.
    case misplaced(chunk: String, offset: Int)
    /// A palette image (colour type 3) whose first IDAT comes before any PLTE.
    case noPalette(offset: Int)
    case noImageData(iendOffset: Int)
    /// The data ends without IEND; `imageData` says whether an IDAT came first.
    case noEnd(offset: Int, imageData: Bool)

    public var description: String {
        switch self {
        case .cutOff(let offset, let remaining):
            return "the PNG is cut off at byte \(offset): \(remaining) bytes remain where a chunk needs at least 12"
        case .chunkType(let offset):
            return "the PNG chunk at byte \(offset) has a type that is not four ASCII letters"
        case .chunkOverrun(let chunk, let offset, let length, let remaining):
            return "the PNG chunk \(chunk) at byte \(offset) declares \(length) data bytes, but only \(remaining) bytes follow its type (its data and a 4-byte CRC)"
        case .crc(let chunk, let offset, let stored, let computed):
            return "the PNG chunk \(chunk) at byte \(offset) has CRC \(Self.hex(stored)); its type and data give \(Self.hex(computed))"
        case .headerLength(let length):
            return "the PNG chunk IHDR at byte 8 holds \(length) data bytes, not 13"
        case .header(let problem):
            return "the PNG chunk IHDR at byte 8: \(problem)"
        case .misplaced(let chunk, let offset):
            return "the PNG chunk \(chunk) at byte \(offset) is out of order"
        case .noPalette(let offset):
            return "the PNG is a palette image (colour type 3) but has no PLTE chunk before the IDAT at byte \(offset)"
        case .noImageData(let offset):
            return "the PNG has no IDAT chunk before its IEND at byte \(offset)"
        case .noEnd(let offset, let imageData):
            return "the PNG ends at byte \(offset) without \(imageData ? "" : "an IDAT or ")an IEND chunk"
        }
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}

/// The chunk structure a PNG decoder needs: the signature, IHDR first with
/// valid fields, every chunk length inside the data, CRC-32 of every chunk
/// up to and including the first IDAT, PLTE before it for a palette image,
/// and an IEND. Chunks after the first IDAT are walked by length only (their
/// CRCs would cost a pass over all pixel data); bytes after IEND are ignored,
/// as decoders do.
public enum PNGStructure {
    public static func read(_ bytes: [UInt8]) -> Result<ImageHeader, ImageHeader.Failure> {
        // Signature (8), then IHDR: length (4), type (4), data (13), CRC (4).
        guard bytes.count >= 16 else { return .failure(.truncated(.png)) }
        guard Array(bytes[12..<16]) == Array("IHDR".utf8) else { return .failure(.missingDimensions(.png)) }
        guard bytes.count >= 33 else { return .failure(.truncated(.png)) }
        let headerLength = bigEndian(bytes, 8)
        guard headerLength == 13 else { return .failure(.png(.headerLength(headerLength))) }
        let width = bigEndian(bytes, 16)
        let height = bigEndian(bytes, 20)
        if let problem = headerProblem(width: width, height: height, depth: Int(bytes[24]), colour: Int(bytes[25]), compression: bytes[26], filter: bytes[27], interlace: bytes[28]) {
            return .failure(.png(.header(problem)))
        }
        let palette = bytes[25] == 3
        var offset = 8
        var seenPalette = false
        var seenImageData = false
        var inImageData = false
        while true {
            let remaining = bytes.count - offset
            if remaining == 0 { return .failure(.png(.noEnd(offset: offset, imageData: seenImageData))) }
            guard remaining >= 12 else { return .failure(.png(.cutOff(offset: offset, remaining: remaining))) }
            let typeBytes = bytes[(offset + 4)..<(offset + 8)]
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                return .failure(.png(.chunkType(offset: offset)))
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            let length = bigEndian(bytes, offset)
            let dataStart = offset + 8
            guard length <= Int(Int32.max), length + 4 <= bytes.count - dataStart else {
                return .failure(.png(.chunkOverrun(chunk: type, offset: offset, length: length, remaining: bytes.count - dataStart)))
            }
            let end = dataStart + length
            if !seenImageData || type == "IEND" {
                let stored = UInt32(truncatingIfNeeded: bigEndian(bytes, end))
                let computed = CRC32.checksum(bytes, (offset + 4)..<end)
                if stored != computed { return .failure(.png(.crc(chunk: type, offset: offset, stored: stored, computed: computed))) }
            }
            switch type {
            case "IHDR" where offset != 8, "PLTE" where seenImageData:
                return .failure(.png(.misplaced(chunk: type, offset: offset)))
            case "PLTE":
                seenPalette = true
            case "IDAT":
                if palette && !seenPalette { return .failure(.png(.noPalette(offset: offset))) }
                // IDAT chunks are consecutive: one after another chunk follows other data.
                if seenImageData && !inImageData { return .failure(.png(.misplaced(chunk: type, offset: offset))) }
                seenImageData = true
            case "IEND":
                guard seenImageData else { return .failure(.png(.noImageData(iendOffset: offset))) }
                return .success(ImageHeader(format: .png, width: width, height: height))
            default:
                break
            }
            inImageData = type == "IDAT"
            offset = end + 4
        }
    }

    static func headerProblem(width: Int, height: Int, depth: Int, colour: Int, compression: UInt8, filter: UInt8, interlace: UInt8) -> String? {
        let limit = Int(Int32.max)
        if width == 0 || width > limit { return "width \(width) is not 1..\(limit)" }
        if height == 0 || height > limit { return "height \(height) is not 1..\(limit)" }
        let depths: [Int: [Int]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard let allowed = depths[colour] else { return "colour type \(colour) is not 0, 2, 3, 4 or 6" }
        if !allowed.contains(depth) { return "bit depth \(depth) is not allowed with colour type \(colour)" }
        if compression != 0 { return "compression method \(compression) is not 0" }
        if filter != 0 { return "filter method \(filter) is not 0" }
        if interlace > 1 { return "interlace method \(interlace) is not 0 or 1" }
        return nil
    }

    static func bigEndian(_ bytes: [UInt8], _ offset: Int) -> Int {
        Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
    }
}
