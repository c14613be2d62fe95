import KlingRuntime
import KlingTestSupport
import Testing

/// A header alone is not an image: the structure a decoder needs, defect by defect.
struct PNGStructureTests {
    static let whole = TestImages.png(width: 600, height: 600)
    /// IHDR starts at 8 and ends at 33; the IDAT follows.
    static let idat = 33

    func read(_ bytes: [UInt8]) -> Result<ImageHeader, ImageHeader.Failure> { ImageHeader.read(bytes) }

    @Test func crcMatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)
    }

    @Test func aWholeImageReadsItsSize() throws {
        let header = try read(Self.whole).get()
        #expect(header.width == 600 && header.height == 600)
    }

    @Test func signatureAndIHDROnly() {
        #expect(read(Array(Self.whole.prefix(Self.idat))) == .failure(.png(.noEnd(offset: 33, imageData: false))))
    }

    @Test func badIHDRCRC() {
        var bytes = Self.whole
        bytes[29] ^= 0xFF
        guard case .failure(.png(.crc(chunk: "IHDR", offset: 8, _, _))) = read(bytes) else {
            Issue.record("\(read(bytes))")
            return
        }
        #expect(read(bytes).failureText.hasPrefix("the PNG chunk IHDR at byte 8 has CRC 0x"))
    }

    @Test func badIDATCRCAndData() {
        var bytes = Self.whole
        bytes[Self.idat + 9] ^= 0x01  // inside the zlib stream
        guard case .failure(.png(.crc(chunk: "IDAT", offset: 33, _, _))) = read(bytes) else {
            Issue.record("\(read(bytes))")
            return
        }
    }

    @Test func wrongChunkLengths() {
        var longer = Self.whole
        longer[Self.idat + 2] &+= 1  // 256 bytes more than there are
        let declared = Int(longer[Self.idat + 2]) << 8 | Int(longer[Self.idat + 3])
        #expect(read(longer) == .failure(.png(.chunkOverrun(chunk: "IDAT", offset: 33, length: declared, remaining: Self.whole.count - 41))))
        var shorter = Self.whole
        shorter[Self.idat + 3] &-= 1
        // The CRC is then read one byte early.
        guard case .failure(.png(.crc(chunk: "IDAT", offset: 33, _, _))) = read(shorter) else {
            Issue.record("\(read(shorter))")
            return
        }
        var header = Self.whole
        header[11] = 12
        #expect(read(header) == .failure(.png(.headerLength(12))))
        var huge = Self.whole
        huge[Self.idat] = 0xFF
        guard case .failure(.png(.chunkOverrun(chunk: "IDAT", offset: 33, length: _, remaining: _))) = read(huge) else {
            Issue.record("\(read(huge))")
            return
        }
    }

    @Test func missingChunksAndOrder() {
        let ihdr = Array(Self.whole.prefix(Self.idat))
        let iend = TestImages.chunk("IEND", [])
        let idat = Array(Self.whole[Self.idat..<(Self.whole.count - 12)])
        #expect(read(ihdr + iend) == .failure(.png(.noImageData(iendOffset: 33))))
        #expect(read(ihdr + idat) == .failure(.png(.noEnd(offset: 33 + idat.count, imageData: true))))
        #expect(read(ihdr + idat + [0, 0, 0]) == .failure(.png(.cutOff(offset: 33 + idat.count, remaining: 3))))
        #expect(read(ihdr + idat + TestImages.chunk("tEXt", [65]) + idat + iend) == .failure(.png(.misplaced(chunk: "IDAT", offset: 33 + idat.count + 13))))
        #expect(read(ihdr + TestImages.chunk("IHDR", TestImages.pngHeader(width: 1, height: 1)) + idat + iend) == .failure(.png(.misplaced(chunk: "IHDR", offset: 33))))
        #expect(read(ihdr + idat + iend + [1, 2, 3]).isSuccess, "bytes after IEND are ignored, as decoders do")
        #expect(read(ihdr + TestImages.chunk("ab1d", []) + idat + iend) == .failure(.png(.chunkType(offset: 33))))
        let palette = TestImages.pngSignature + TestImages.chunk("IHDR", TestImages.pngHeader(width: 600, height: 600, colour: 3))
        #expect(read(palette + idat + iend) == .failure(.png(.noPalette(offset: 33))))
        #expect(read(palette + TestImages.chunk("PLTE", [0, 0, 0]) + idat + iend).isSuccess)
    }

    @Test func headerFields() {
        func with(_ header: [UInt8]) -> Result<ImageHeader, ImageHeader.Failure> {
            read(TestImages.pngSignature + TestImages.chunk("IHDR", header) + Array(Self.whole[Self.idat...]))
        }
        #expect(with(TestImages.pngHeader(width: 0, height: 600)) == .failure(.png(.header("width 0 is not 1..2147483647"))))
        #expect(with(TestImages.pngHeader(width: 600, height: 600, depth: 4)) == .failure(.png(.header("bit depth 4 is not allowed with colour type 2"))))
        #expect(with(TestImages.pngHeader(width: 600, height: 600, colour: 5)) == .failure(.png(.header("colour type 5 is not 0, 2, 3, 4 or 6"))))
        #expect(read(Self.whole).failureText == "")
    }
}

struct JPEGStructureTests {
    static let whole = TestImages.jpeg(width: 800, height: 600)
    static let soi: [UInt8] = [0xFF, 0xD8]
    static let app0: [UInt8] = [0xFF, 0xE0, 0, 16] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
    static let sof0: [UInt8] = [0xFF, 0xC0, 0, 11, 8, 0x02, 0x58, 0x03, 0x20, 1, 1, 0x11, 0]
    static let sos: [UInt8] = [0xFF, 0xDA, 0, 8, 1, 1, 0x00, 0, 63, 0]
    static let eoi: [UInt8] = [0xFF, 0xD9]
    static let data = [UInt8](repeating: 0, count: 1875)

    func read(_ bytes: [UInt8]) -> Result<ImageHeader, ImageHeader.Failure> { ImageHeader.read(bytes) }

    @Test func aWholeImageReadsItsSize() throws {
        let header = try read(Self.whole).get()
        #expect(header.width == 800 && header.height == 600)
        #expect(read(Self.soi + Self.app0 + TestImages.jpegQuantisationTable + Self.sof0 + TestImages.jpegHuffmanTables + Self.sos + Self.data + Self.eoi).isSuccess)
    }

    @Test func framesWithoutTablesOrScan() {
        // SOI, APP0, SOF0, EOI: a header, not an image.
        #expect(read(Self.soi + Self.app0 + Self.sof0 + Self.eoi) == .failure(.jpeg(.noScan(endOffset: 33))))
        #expect(read(Self.soi + Self.app0 + Self.sof0 + Self.sos + Self.data + Self.eoi) == .failure(.jpeg(.noQuantizationTable(scanOffset: 33, table: 0))))
        #expect(read(Self.soi + Self.app0 + TestImages.jpegQuantisationTable + Self.sof0 + Self.sos + Self.data + Self.eoi) == .failure(.jpeg(.noHuffmanTable(scanOffset: 102, table: "DC 0"))))
        #expect(read(Self.soi + Self.app0 + TestImages.jpegQuantisationTable + Self.sof0 + TestImages.jpegHuffmanTables + Self.sos + Self.eoi) == .failure(.jpeg(.emptyScan(offset: 142))))
        #expect(read(Self.soi + Self.app0 + TestImages.jpegQuantisationTable + Self.sof0 + TestImages.jpegHuffmanTables + Self.sos + Self.data) == .failure(.jpeg(.noEnd(offset: 152 + 1875))))
    }

    @Test func arithmeticFramesNeedNoHuffmanTables() {
        let arithmetic = TestImages.jpeg(width: 64, height: 64, sof: 0xC9)
        #expect(read(arithmetic).isSuccess)
        var sof9 = Self.sof0
        sof9[1] = 0xC9
        #expect(read(Self.soi + TestImages.jpegQuantisationTable + sof9 + Self.sos + [0x12] + Self.eoi).isSuccess)
        // Lossless frames need no quantisation table.
        var sof3 = Self.sof0
        sof3[1] = 0xC3
        #expect(read(Self.soi + sof3 + TestImages.jpegHuffmanTables + [0xFF, 0xDA, 0, 8, 1, 1, 0x00, 1, 0, 0] + [0x12] + Self.eoi).isSuccess)
    }

    @Test func brokenSegments() {
        let tables = TestImages.jpegQuantisationTable + TestImages.jpegHuffmanTables
        #expect(read(Self.soi + [0xFF, 0xDB, 0, 3, 0] + Self.sof0) == .failure(.jpeg(.table(segment: "DQT", offset: 2))))
        #expect(read(Self.soi + [0xFF, 0xC4, 0, 19, 0x00] + [UInt8](repeating: 0, count: 16)) == .failure(.jpeg(.table(segment: "DHT", offset: 2))))
        // Two codes of length 1 fill the space, so the last is all ones.
        #expect(read(Self.soi + [0xFF, 0xC4, 0, 21, 0x00, 2] + [UInt8](repeating: 0, count: 15) + [0, 1]) == .failure(.jpeg(.table(segment: "DHT", offset: 2))))
        #expect(read(Self.soi + [0xFF, 0xE1, 0xFF, 0xFF, 1, 2]) == .failure(.jpeg(.segmentOverrun(segment: "APP1", offset: 2, length: 65535, remaining: 4))))
        #expect(read(Self.soi + [0xFF, 0xE1, 0]) == .failure(.jpeg(.segmentOverrun(segment: "APP1", offset: 2, length: nil, remaining: 1))))
        #expect(read(Self.soi + [0xFF, 0xFE, 0, 1]) == .failure(.jpeg(.segmentLength(segment: "COM", offset: 2, length: 1))))
        var oneComponentTooMany = Self.sof0
        oneComponentTooMany[9] = 2
        #expect(read(Self.soi + tables + oneComponentTooMany) == .failure(.jpeg(.segmentLength(segment: "SOF0", offset: 2 + tables.count, length: 11))))
        var zero = Self.sof0
        zero[5] = 0
        zero[6] = 0
        #expect(read(Self.soi + tables + zero) == .failure(.jpeg(.zeroSize(offset: 2 + tables.count))))
        var otherComponent = Self.sos
        otherComponent[5] = 2
        #expect(read(Self.soi + tables + Self.sof0 + otherComponent + Self.data + Self.eoi) == .failure(.jpeg(.component(segment: "SOS", offset: 2 + tables.count + 13, id: 2))))
        #expect(read(Self.soi + tables + Self.sof0 + Self.sof0) == .failure(.jpeg(.secondFrame(offset: 2 + tables.count + 13))))
        #expect(read(Self.soi + Self.app0 + [0x00]) == .failure(.jpeg(.expectedMarker(offset: 20, found: 0))))
        #expect(read(Self.soi + [0xFF, 0x02]) == .failure(.jpeg(.reservedMarker(offset: 2, marker: 2))))
        #expect(read(Self.whole + [0x00, 0x01]).isSuccess, "bytes after EOI are ignored, as decoders do")
    }

    @Test func scanDataSkipsStuffingAndRestarts() {
        let prefix = Self.soi + TestImages.jpegQuantisationTable + Self.sof0 + TestImages.jpegHuffmanTables + Self.sos
        #expect(read(prefix + [0xFF, 0x00, 0xFF, 0xD0, 0x00] + Self.eoi).isSuccess)
        // Restart markers alone are not data.
        #expect(read(prefix + [0xFF, 0xD0] + Self.eoi) == .failure(.jpeg(.emptyScan(offset: 124))))
    }

    @Test func descriptionsSayWhatAndWhere() {
        #expect(read(Self.soi + Self.app0 + Self.sof0 + Self.eoi).failureText == "the JPEG has no scan (SOS) before its end of image (EOI) at byte 33")
        #expect(ImageHeader.Failure.png(.crc(chunk: "IHDR", offset: 8, stored: 0, computed: 0x7B1A_43AD)).description == "the PNG chunk IHDR at byte 8 has CRC 0x00000000; its type and data give 0x7B1A43AD")
    }
}

struct URLSyntaxTests {
    @Test(arguments: [
        "https://example.com/a.png", "http://example.com", "HTTPS://Example.COM:8443/a%20b.png?x=1&y=2#top", "https://user:pw@cdn.example.com/a",
        "https://[2001:db8::1]:443/a.png", "https://192.0.2.1/x", "https://example.com/a(1).png;v=2", "https://example.com:/a",
    ])
    func acceptsHTTPURLs(_ text: String) {
        #expect(URLSyntax.problem(text) == nil, "\(text)")
        #expect(MediaString.inspect(.string(text), readImageHeader: true) == .url(wellFormed: true))
    }

    @Test func refusesWhatIsNotAFetchableAddress() {
        let cases: [(String, URLProblem)] = [
            ("javascript:alert(1)", .scheme("javascript")),
            ("file:///etc/passwd", .scheme("file")),
            ("ftp://example.com/a.png", .scheme("ftp")),
            ("https:/example.com/a.png", .noAuthority(scheme: "https")),
            ("https://", .noHost),
            ("https:///a.png", .noHost),
            ("https://user@:80/a", .noHost),
            ("https://example.com/a\n.png", .controlCharacter(offset: 21, value: 0x0A)),
            ("https://example.com/a b.png", .space(offset: 21)),
            ("https://example.com/%zz.png", .percentEscape(offset: 20)),
            ("https://example.com/a%2", .percentEscape(offset: 21)),
            ("https://example.com/图.png", .nonASCII(offset: 20, character: "图")),
            ("https://example.com/<a>.png", .character(offset: 20, character: "<")),
            ("https://exa_mple.com:99999/a", .port("99999")),
            ("https://example.com:8o/a", .port("8o")),
            ("https://[zz]/a", .host("[zz]")),
            ("https://a:b:80/x", .host("a:b")),
            ("https://example.com/a#b#c", .character(offset: 23, character: "#")),
            ("https://example.com/[a]", .character(offset: 20, character: "[")),
        ]
        for (text, problem) in cases {
            #expect(URLSyntax.problem(text) == problem, "\(text)")
            #expect(MediaString.inspect(.string(text), readImageHeader: true) == .url(wellFormed: false), "\(text)")
        }
        #expect(URLProblem.controlCharacter(offset: 21, value: 0x0A).description == "the URL has the control character U+000A at offset 21")
    }
}

extension Result where Failure == ImageHeader.Failure {
    var isSuccess: Bool { if case .success = self { return true } else { return false } }
    var failureText: String { if case .failure(let failure) = self { return failure.description } else { return "" } }
}
