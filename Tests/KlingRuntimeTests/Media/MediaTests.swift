import KlingRuntime
import KlingTestSupport
import Testing

struct StrictBase64Tests {
    @Test func roundTripsAndRejectsLooseSpellings() {
        let bytes: [UInt8] = Array(0...255)
        let text = StrictBase64.encode(bytes)
        #expect(StrictBase64.decode(text) == bytes)
        #expect(StrictBase64.decodedLength(text) == 256)
        #expect(StrictBase64.decode("QQ==") == [0x41])
        for loose in ["QQ", "QQ=", "Q Q==", "QQ==\n", "QR==", "QUI=x", "Q===", "", "QUJD-_==", "=QUI"] {
            #expect(!StrictBase64.isValid(loose), "\(loose.debugDescription) must be refused")
        }
    }

    @Test func limitDecodesOnlyThePrefix() {
        let text = StrictBase64.encode(Array(repeating: 7, count: 1000))
        #expect(StrictBase64.decode(text, limit: 10)?.count == 10)
    }
}

struct ImageHeaderTests {
    @Test func pngAndJPEGSizes() {
        let png = try? ImageHeader.read(TestImages.png(width: 512, height: 300)).get()
        #expect(png?.format == .png && png?.width == 512 && png?.height == 300)
        for sof: UInt8 in [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF] {
            let jpeg = try? ImageHeader.read(TestImages.jpeg(width: 640, height: 480, sof: sof)).get()
            #expect(jpeg?.format == .jpeg && jpeg?.width == 640 && jpeg?.height == 480, "SOF \(sof)")
        }
        // A long EXIF block before the frame header is skipped, not read as pixels.
        let exif = try? ImageHeader.read(TestImages.jpeg(width: 1024, height: 768, exifBytes: 60_000)).get()
        #expect(exif?.width == 1024 && exif?.height == 768)
    }

    @Test func refusedAndBrokenHeaders() throws {
        #expect(try ImageHeader.read(TestImages.webp()).get().format == .webp)
        #expect(try ImageHeader.read(TestImages.gif()).get().format == .gif)
        #expect(try ImageHeader.read(TestImages.heic()).get().format == .heic)
        #expect(ImageHeader.read(TestImages.pngWithoutIHDR()) == .failure(.missingDimensions(.png)))
        #expect(ImageHeader.read(Array(TestImages.png(width: 1, height: 1).prefix(20))) == .failure(.truncated(.png)))
        #expect(ImageHeader.read(Array(TestImages.jpeg(width: 9, height: 9).prefix(10))) == .failure(.jpeg(.segmentOverrun(segment: "APP0", offset: 2, length: 16, remaining: 6))))
        #expect(ImageHeader.read(Array(TestImages.jpeg(width: 9, height: 9).prefix(3))) == .failure(.truncated(.jpeg)))
        #expect(ImageHeader.read([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02]) == .failure(.missingDimensions(.jpeg)))
        #expect(ImageHeader.read(Array("hello".utf8)) == .failure(.notAnImage))
    }

    @Test func mediaStringVerdicts() {
        #expect(MediaString.inspect(.string("data:image/png;base64,AAAA"), readImageHeader: true) == .dataURL)
        #expect(MediaString.inspect(.string("https://example.com/a.png"), readImageHeader: true) == .url(wellFormed: true))
        #expect(MediaString.inspect(.string("https://"), readImageHeader: true) == .url(wellFormed: false))
        #expect(MediaString.inspect(.string("not media!"), readImageHeader: true) == .neither(.whitespace(offset: 3)))
        #expect(MediaString.inspect(.string(""), readImageHeader: true) == .empty)
        #expect(MediaString.inspect(.number(JSONNumber(1)), readImageHeader: true) == .notString)
        let png = TestImages.png(width: 10, height: 20)
        #expect(MediaString.inspect(.string(TestImages.base64(png)), readImageHeader: true) == .base64(bytes: png.count, header: .success(try! ImageHeader.read(png).get())))
        let digest = try! JSONReader().parse(#"{"$digest":{"sha256":null,"bytes":1200,"media":"image/jpeg","px":"640x480"}}"#)
        #expect(MediaString.inspect(digest, readImageHeader: true) == .digest(MediaDigest(sha256: nil, bytes: 1200, media: "image/jpeg", width: 640, height: 480)))
    }

    /// Each way base64 goes wrong is named with the offset of the first bad byte.
    @Test func base64ProblemsSayWhereAndWhy() {
        #expect(StrictBase64.problem("AAAA") == nil)
        #expect(StrictBase64.problem("AAAA\nAAAA") == .lineBreak(offset: 4))
        #expect(StrictBase64.problem("AA\r\nAA") == .lineBreak(offset: 2))
        #expect(StrictBase64.problem("AA AA") == .whitespace(offset: 2))
        #expect(StrictBase64.problem("AB-_") == .urlSafe(offset: 2))
        #expect(StrictBase64.problem("AB*C") == .character(offset: 2, byte: UInt8(ascii: "*")))
        #expect(StrictBase64.problem("AB=CAAAA") == .padding(offset: 2))
        #expect(StrictBase64.problem("A===") == .padding(offset: 1))
        #expect(StrictBase64.problem("AAAAA") == .length(5))
        #expect(StrictBase64.problem("AB==") == .unusedBits(offset: 1))
        #expect(StrictBase64.problem("") == .empty)
        #expect(StrictBase64.Problem.lineBreak(offset: 76).description.contains("line break at offset 76"))
        #expect(StrictBase64.Problem.character(offset: 0, byte: 0xC3).description == "byte 0xC3 at offset 0 is not in the base64 alphabet")
        // Every refused spelling has a problem, every accepted one none.
        for text in ["QQ==", "QUI=", "QUJD", "Q", "QQ=", "Q===", "QR==", "Q Q==", "QQ==\n"] {
            #expect((StrictBase64.problem(text) == nil) == StrictBase64.isValid(text), "\(text)")
        }
    }

    /// A digest keeps the `data:` header that was sent; starts_with reads it.
    @Test func aDigestKeepsItsDataPrefix() throws {
        let sent = try JSONReader().parse(#"{"$digest":{"sha256":null,"bytes":3,"media":"image/png","px":null,"prefix":"data:image/png;base64,"}}"#)
        let digest = try #require(MediaDigest.read(sent))
        #expect(digest.prefix == "data:image/png;base64,")
        #expect(digest.json == sent)
        #expect(digest.startsWith("data:") == true)
        #expect(digest.startsWith("data:image/jpeg") == false)
        #expect(digest.startsWith("data:image/png;base64,iVBOR") == nil)
        let bare = MediaDigest(sha256: nil, bytes: 3, media: nil, width: nil, height: nil)
        #expect(bare.startsWith("data:") == false)
        #expect(bare.startsWith("iVBOR") == nil)
        // A prefix that is not a data header is not a digest.
        #expect(MediaDigest.read(try JSONReader().parse(#"{"$digest":{"prefix":"https://x"}}"#)) == nil)
    }
}
