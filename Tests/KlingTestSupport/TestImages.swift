import KlingRuntime

/// Small images made in code, for media checks: only their headers matter,
/// so pixel data is a token stream that no check decodes.
public enum TestImages {
    static func bigEndian(_ value: Int, _ count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(value >> ($0 * 8) & 0xFF) }
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(data.count, 4) + body + bigEndian(Int(crc32(body)), 4)
    }

    public static func png(width: Int, height: Int) -> [UInt8] {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let header = bigEndian(width, 4) + bigEndian(height, 4) + [8, 2, 0, 0, 0]
        return signature + chunk("IHDR", header) + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) + chunk("IEND", [])
    }

    /// A PNG signature followed by a chunk that is not IHDR.
    public static func pngWithoutIHDR() -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("tEXt", Array("a".utf8))
    }

    /// SOI, an APP0 (JFIF) and an APP1 (EXIF-like) segment of `exifBytes`, a
    /// frame header of the given SOF marker, then EOI.
    public static func jpeg(width: Int, height: Int, sof: UInt8 = 0xC0, exifBytes: Int = 0) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += [0xFF, 0xE0] + bigEndian(16, 2) + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        if exifBytes > 0 {
            bytes += [0xFF, 0xE1] + bigEndian(exifBytes + 2, 2) + [UInt8](repeating: 0x45, count: exifBytes)
        }
        bytes += [0xFF, 0xDB] + bigEndian(3, 2) + [0]  // a token DQT before the frame
        bytes += [0xFF, sof] + bigEndian(11, 2) + [8] + bigEndian(height, 2) + bigEndian(width, 2) + [1, 1, 0x11, 0]
        bytes += [0xFF, 0xD9]
        return bytes
    }

    public static func webp() -> [UInt8] { Array("RIFF".utf8) + [0x1A, 0, 0, 0] + Array("WEBPVP8 ".utf8) + [0, 0, 0, 0] }
    public static func gif() -> [UInt8] { Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0] }
    public static func heic() -> [UInt8] { [0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0] }

    public static func base64(_ bytes: [UInt8]) -> String { StrictBase64.encode(bytes) }
}
