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
        #expect(MediaString.inspect(.string("not media!"), readImageHeader: true) == .neither)
        #expect(MediaString.inspect(.string(""), readImageHeader: true) == .empty)
        #expect(MediaString.inspect(.number(JSONNumber(1)), readImageHeader: true) == .notString)
        let png = TestImages.png(width: 10, height: 20)
        #expect(MediaString.inspect(.string(TestImages.base64(png)), readImageHeader: true) == .base64(bytes: png.count, header: .success(try! ImageHeader.read(png).get())))
        let digest = try! JSONReader().parse(#"{"$digest":{"sha256":null,"bytes":1200,"media":"image/jpeg","px":"640x480"}}"#)
        #expect(MediaString.inspect(digest, readImageHeader: true) == .digest(MediaDigest(sha256: nil, bytes: 1200, media: "image/jpeg", width: 640, height: 480)))
    }
}
