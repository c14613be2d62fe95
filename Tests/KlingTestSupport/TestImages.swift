import KlingRuntime

/// Small images made in code, for media checks. PNGs and baseline JPEGs are
/// whole images a decoder reads (black pixels); JPEGs of other frame kinds
/// have every structure their kind needs but scan data that only stands in.
package enum TestImages {
    static func bigEndian(_ value: Int, _ count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(value >> ($0 * 8) & 0xFF) }
    }

    package static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(data.count, 4) + body + bigEndian(Int(CRC32.checksum(body)), 4)
    }

    package static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// An 8-bit RGB PNG, all black: IHDR, one IDAT holding the whole zlib stream, IEND.
    package static func png(width: Int, height: Int) -> [UInt8] {
        pngSignature + chunk("IHDR", pngHeader(width: width, height: height)) + chunk("IDAT", zlibZeros(height * (1 + 3 * width))) + chunk("IEND", [])
    }

    package static func pngHeader(width: Int, height: Int, depth: UInt8 = 8, colour: UInt8 = 2) -> [UInt8] {
        bigEndian(width, 4) + bigEndian(height, 4) + [depth, colour, 0, 0, 0]
    }

    /// A PNG signature followed by a chunk that is not IHDR.
    package static func pngWithoutIHDR() -> [UInt8] {
        pngSignature + chunk("tEXt", Array("a".utf8))
    }

    /// A zlib stream of `count` zero bytes (each scanline's filter byte and its black pixels):
    /// one fixed-Huffman deflate block of a literal 0 and back-references at distance 1.
    static func zlibZeros(_ count: Int) -> [UInt8] {
        var bits = BitWriter()
        bits.write(1, count: 1)  // BFINAL
        bits.write(1, count: 2)  // BTYPE 01: fixed Huffman codes
        bits.code(0x30, length: 8)  // literal 0
        var left = count - 1
        let lengths: [(code: Int, base: Int, extra: Int)] = [
            (257, 3, 0), (258, 4, 0), (259, 5, 0), (260, 6, 0), (261, 7, 0), (262, 8, 0), (263, 9, 0), (264, 10, 0),
            (265, 11, 1), (266, 13, 1), (267, 15, 1), (268, 17, 1), (269, 19, 2), (270, 23, 2), (271, 27, 2), (272, 31, 2),
            (273, 35, 3), (274, 43, 3), (275, 51, 3), (276, 59, 3), (277, 67, 4), (278, 83, 4), (279, 99, 4), (280, 115, 4),
            (281, 131, 5), (282, 163, 5), (283, 195, 5), (284, 227, 5), (285, 258, 0),
        ]
        while left > 0 {
            if left < 3 {
                bits.code(0x30, length: 8)
                left -= 1
                continue
            }
            let run = min(left, 258)
            let entry = run == 258 ? lengths.last! : lengths.last { $0.base <= run && $0.code != 285 }!
            if entry.code <= 279 { bits.code(entry.code - 256, length: 7) } else { bits.code(0xC0 + entry.code - 280, length: 8) }
            bits.write(run - entry.base, count: entry.extra)
            bits.code(0, length: 5)  // distance code 0: distance 1
            left -= run
        }
        bits.code(0, length: 7)  // end of block
        // Adler-32 of zeros: a stays 1, b adds 1 per byte.
        let adler = (count % 65521) << 16 | 1
        return [0x78, 0x01] + bits.bytes + bigEndian(adler, 4)
    }

    struct BitWriter {
        var bytes: [UInt8] = []
        var used = 8

        /// `value`'s low `count` bits, least significant first (deflate's data fields).
        mutating func write(_ value: Int, count: Int) {
            for bit in 0..<count { append(value >> bit & 1) }
        }

        /// A Huffman code, most significant bit first.
        mutating func code(_ value: Int, length: Int) {
            for bit in (0..<length).reversed() { append(value >> bit & 1) }
        }

        mutating func append(_ bit: Int) {
            if used == 8 {
                bytes.append(0)
                used = 0
            }
            bytes[bytes.count - 1] |= UInt8(bit) << used
            used += 1
        }
    }

    /// A one-component JPEG, all black: SOI, APP0 (JFIF), an APP1 (EXIF-like)
    /// segment of `exifBytes`, DQT, the frame header of the given SOF marker,
    /// DHT (Huffman frames), one scan and EOI. The Huffman tables hold one
    /// one-bit code each, so a block of a baseline scan is DC difference 0 then
    /// end of block: two zero bits.
    package static func jpeg(width: Int, height: Int, sof: UInt8 = 0xC0, exifBytes: Int = 0) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += [0xFF, 0xE0] + bigEndian(16, 2) + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        if exifBytes > 0 {
            bytes += [0xFF, 0xE1] + bigEndian(exifBytes + 2, 2) + [UInt8](repeating: 0x45, count: exifBytes)
        }
        bytes += jpegQuantisationTable
        bytes += [0xFF, sof] + bigEndian(11, 2) + [8] + bigEndian(height, 2) + bigEndian(width, 2) + [1, 1, 0x11, 0]
        let arithmetic = sof >= 0xC9
        let lossless = [0xC3, 0xC7, 0xCB, 0xCF].contains(sof)
        let progressive = [0xC2, 0xC6, 0xCA, 0xCE].contains(sof)
        if !arithmetic { bytes += jpegHuffmanTables }
        // Ss, Se: the whole block sequentially, DC only in a first progressive pass, predictor 1 when lossless.
        let spectral: [UInt8] = lossless ? [1, 0] : progressive ? [0, 0] : [0, 63]
        bytes += [0xFF, 0xDA] + bigEndian(8, 2) + [1, 1, 0x00] + spectral + [0]
        let blocks = ((width + 7) / 8) * ((height + 7) / 8)
        let bitCount = lossless ? width * height : progressive ? blocks : 2 * blocks
        bytes += jpegScanData(bits: bitCount)
        bytes += [0xFF, 0xD9]
        return bytes
    }

    /// DQT: table 0, 8-bit, every entry 1.
    package static let jpegQuantisationTable: [UInt8] = [0xFF, 0xDB] + bigEndian(67, 2) + [0x00] + [UInt8](repeating: 1, count: 64)

    /// DHT: DC table 0 and AC table 0, each one code of length 1 (DC category 0; AC end of block).
    package static let jpegHuffmanTables: [UInt8] = [0xFF, 0xC4] + bigEndian(2 + 2 * 18, 2)
        + [0x00, 1] + [UInt8](repeating: 0, count: 15) + [0x00]
        + [0x10, 1] + [UInt8](repeating: 0, count: 15) + [0x00]

    /// `bits` zero bits, the last byte padded with one bits as JPEG requires.
    static func jpegScanData(bits: Int) -> [UInt8] {
        var data = [UInt8](repeating: 0, count: (bits + 7) / 8)
        if bits % 8 != 0 { data[data.count - 1] = UInt8(0xFF >> (bits % 8)) }
        return data
    }

    package static func webp() -> [UInt8] { Array("RIFF".utf8) + [0x1A, 0, 0, 0] + Array("WEBPVP8 ".utf8) + [0, 0, 0, 0] }
    package static func gif() -> [UInt8] { Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0] }
    package static func heic() -> [UInt8] { [0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0] }

    package static func base64(_ bytes: [UInt8]) -> String { StrictBase64.encode(bytes) }
}
