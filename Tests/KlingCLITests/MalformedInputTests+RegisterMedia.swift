import Foundation
import KlingRuntime
import KlingTestSupport
import Testing

/// Register rows closed by live evidence that does not support them: each
/// row, edited into a copy of the real register, with `check`'s exact
/// findings (consistency findings: exit 1).
struct RegisterEvidenceDefectTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var id: String
        var state: String
        var classification: String
        var refs: String
        var evidence: String
        var exit: Int32
        var diagnostics: [String]
        var testDescription: String { name }
    }

    static let l1 = "2026-03-29-text2video-text2video-kling-v3-final-1774805076"
    static let l5 = "2026-03-30-omni-video-two-person-baseline"
    static let l7 = "2026-03-29-omni-video-element-list"
    static let l8 = "2026-03-29-omni-video-multi-shot-customize"
    static let l9 = "2026-03-29-omni-video-mode-standard-rejected"
    static let l11 = "2026-03-30-omni-video-risk-blocked-references"
    static let l12 = "before-2026-03-30-image2video-small-images"

    static func live(_ id: String, _ refs: String, evidence: String? = nil, row: String = "R-13", exit: Int32 = 1, _ name: String, _ diagnostics: [String]) -> Case {
        Case(name: name, id: row, state: "closed-by-live", classification: "live-confirmed", refs: refs, evidence: evidence ?? id, exit: exit, diagnostics: diagnostics)
    }

    /// R-13 is on line 21 of register/residuals.md, R-14 on 22, R-9 on 17.
    static let cases: [Case] = [
        live(l9, "`omni-video.create#body:multi_prompt[].prompt`, `live:\(l9)`", "a prompting decision closed by the rejected-mode run", [
            "register/residuals.md:21:3: error: R-13: closed-by-live on omni-video.create#body:multi_prompt[].prompt, which no cited record observes (no call of the record sent multi_prompt[].prompt at omni-video.create)",
        ]),
        live(l9, "`live:\(l9)`", row: "R-14", "a row whose only ref is the record", [
            "register/residuals.md:22:3: error: R-14: closed-by-live names nothing its record observes: add the field, value, rule, capability cell, claim or route it closes on to Refs",
        ]),
        live(l9, "`omni-video.create#body:mode=\"pro\"`, `live:\(l9)`", "a value the record never sent", [
            "register/residuals.md:21:3: error: R-13: closed-by-live on omni-video.create#body:mode=\"pro\", which no cited record observes (no call of the record sent mode = \"pro\" at omni-video.create)",
        ]),
        live(l8, "`omni-video.create#body:sound`, `live:\(l8)`", "a field the record never sent", [
            "register/residuals.md:21:3: error: R-13: closed-by-live on omni-video.create#body:sound, which no cited record observes (no call of the record sent sound at omni-video.create)",
        ]),
        live(l7, "`omni-video.create#body:sound=\"on\"@kling-video-o1`, `live:\(l7)`", "a value sent, but on another model", [
            "register/residuals.md:21:3: error: R-13: closed-by-live on omni-video.create#body:sound=\"on\"@kling-video-o1, which no cited record observes (no call of the record sent sound = \"on\" at omni-video.create on kling-video-o1)",
        ]),
        live(l9, "`text2video.create#body:mode=\"std\"`, `live:\(l9)`", "a value sent at another endpoint", [
            "register/residuals.md:21:3: error: R-13: closed-by-live on text2video.create#body:mode=\"std\", which no cited record observes (no call of the record sent mode = \"std\" at text2video.create)",
        ]),
        live(l9, "`rule:OV-R1`, `live:\(l9)`", "a rule no call of the record exercised", [
            "register/residuals.md:21:3: error: R-13: closed-by-live on rule:OV-R1, which no cited record observes (no call's request makes the rule apply and the record does not blame it)",
        ]),
        live(l7, "`cap:kling-v3/sound`, `live:\(l7)`", "a capability cell of a model the record did not run", [
            "register/residuals.md:21:3: error: R-13: closed-by-live on cap:kling-v3/sound, which no cited record observes (no call on kling-v3 makes a rule reading cap(model_name, \"sound\") apply or sends `sound` other than its default)",
        ]),
        live(l11, "`claim:RC-5`, `live:\(l11)`", "a claim the record has no observation of", [
            "register/residuals.md:21:3: error: R-13: closed-by-live on claim:RC-5, which no cited record observes (the record has no observation of claim RC-5)",
        ]),
        live(l9, "`guard:G-1`, `omni-video.create#body:mode`, `live:\(l9)`", "a guardrail, which no record can observe", [
            "register/residuals.md:21:3: error: R-13: closed-by-live on guard:G-1, which no cited record observes (a live record cannot observe guard:G-1)",
        ]),
        live(l11, "`live:\(l11)`, `claim:RC-10`", evidence: l5, row: "R-9", "an Evidence cell naming another record than the live: ref", [
            "register/residuals.md:17:3: error: R-9: Evidence names record \(l5), which Refs does not cite as live:\(l5)",
            "register/residuals.md:17:3: error: R-9: Refs cite live:\(l11), which Evidence does not name",
        ]),
        live(l11, "`live:\(l11)`, `claim:RC-10`", evidence: "2026-03-30-omni-video-risk-blocked", row: "R-9", "an Evidence cell naming no record at all", [
            "register/residuals.md:17:3: error: R-9: Evidence names '2026-03-30-omni-video-risk-blocked', which is not a record in evidence/live/",
            "register/residuals.md:17:3: error: R-9: Refs cite live:\(l11), which Evidence does not name",
        ]),
        live(l11, "`live:\(l11)`, `claim:RC-10`", evidence: "—", row: "R-9", "an empty Evidence cell", [
            "register/residuals.md:17:3: error: R-9: closed-by-live needs Evidence naming the cited record, found '—'",
        ]),
        live(l1, "`policy:ROUTE-2`, `live:\(l1)`", row: "R-16", "a route the record did not take", [
            "register/residuals.md:24:3: error: R-16: closed-by-live on policy:ROUTE-2, which no cited record observes (no create call of the record is on image2video.create with kling-v3)",
        ]),
        live(l9, "`omni-video.create#body:mode`, `rule:OV-R9`, `live:\(l9)`, `live:\(l8)`", evidence: "\(l9), \(l8)", "two records, neither observing the rule", [
            "register/residuals.md:21:3: error: R-13: closed-by-live on rule:OV-R9, which no cited record observes (none of the 2 cited records does)",
        ]),
        live(l8, "`omni-video.create#body:sound=<absent>`, `live:\(l8)`", "absence shown only by a partial request", [
            "register/residuals.md:21:3: error: R-13: closed-by-live on omni-video.create#body:sound=<absent>, which no cited record observes (no call of the record has a complete request at omni-video.create without sound)",
        ]),
        live(l8, "`contra:OV-C1`, `live:\(l8)`", "a contradiction whose contested value the record never sent", [
            "register/residuals.md:21:3: error: R-13: closed-by-live on contra:OV-C1, which no cited record observes (the record does not observe every item contra:OV-C1 contests)",
        ]),
        // What the records do observe closes a row.
        live(l1, "`text2video.create#body:sound=<absent>`, `live:\(l1)`", row: "R-16", exit: 0, "absence shown by a complete request", []),
        live(l8, "`rule:OV-R1`, `omni-video.create#body:shot_type=\"customize\"@kling-v3-omni`, `omni-video.create#body:multi_prompt[].duration`, `live:\(l8)`", exit: 0, "a rule, a value and a field the record sent", []),
        live(l12, "`image2video.create#body:image/min-side`, `live:\(l12)`", exit: 0, "a blamed constraint", []),
        live(l5, "`claim:RC-5`, `omni-video.create#body:sound=\"on\"`, `cap:kling-v3-omni/sound`, `live:\(l5)`", exit: 0, "a claim, a value and the capability cell the record observes", []),
        live(l1, "`cap:kling-v3/t2v-duration`, `policy:ROUTE-1`, `policy:P-3`, `text2video.create#response:data.task_status=\"submitted\"`, `live:\(l1)`", row: "R-16", exit: 0, "a cell a rule reads, a route, a policy check and a response value the record observes", []),
        live(l1, "`text2video.create#response:data.task_status=\"succeed\"`, `live:\(l1)`", row: "R-16", "a response value the record did not receive", [
            "register/residuals.md:24:3: error: R-16: closed-by-live on text2video.create#response:data.task_status=\"succeed\", which no cited record observes (no call of the record received data.task_status = \"succeed\" at text2video.create)",
        ]),
        live(l1, "`cap:kling-v3/sound`, `live:\(l1)`", row: "R-16", "a capability the record did not ask for", [
            "register/residuals.md:24:3: error: R-16: closed-by-live on cap:kling-v3/sound, which no cited record observes (no call on kling-v3 makes a rule reading cap(model_name, \"sound\") apply or sends `sound` other than its default)",
        ]),
    ]

    @Test(arguments: cases)
    func closedByLiveRows(_ testCase: Case) throws {
        let folder = TemporaryFolder.repositoryCopy()
        let path = "register/residuals.md"
        var lines = try #require(folder.read(path)).components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.hasPrefix("| \(testCase.id) |") })
        var cells = lines[index].components(separatedBy: "|")
        // | Id | Seed | Kind | Phase | State | Classification | Refs | Evidence | Next |
        try #require(cells.count == 11)
        cells[5] = " \(testCase.state) "
        cells[6] = " \(testCase.classification) "
        cells[7] = " \(testCase.refs) "
        cells[8] = " \(testCase.evidence) "
        lines[index] = cells.joined(separator: "|")
        folder.write(path, lines.joined(separator: "\n"))
        let result = runCLI(["check"], in: folder.url)
        let errors = result.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") }
        #expect(errors == testCase.diagnostics)
        #expect(result.exit.rawValue == testCase.exit, "\(result.stderr)")
    }
}

/// Images and addresses that are broken past their first bytes, sent to
/// image2video.create: each names its exact error findings (exit 1).
struct HostileMediaPayloadTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var image: String
        var callback: String?
        /// `path constraint: message` of each error finding.
        var expected: [String]
        var testDescription: String { name }
    }

    static let png = TestImages.png(width: 600, height: 600)
    static let jpeg = TestImages.jpeg(width: 640, height: 480)
    /// The JPEG's segments: SOI (0), APP0 (2), DQT (20), SOF0 (89), DHT (102), SOS (142), data (152), EOI.
    static let jpegHead = Array(jpeg.prefix(20))
    static let sof0 = Array(jpeg[89..<102])
    static let sos = Array(jpeg[142..<152])
    static let scan = Array(jpeg[152..<(jpeg.count - 2)])
    static let eoi: [UInt8] = [0xFF, 0xD9]

    static func image(_ name: String, _ bytes: [UInt8], _ message: String) -> Case {
        Case(name: name, image: StrictBase64.encode(bytes), callback: nil, expected: ["image format: not a whole image: \(message)"])
    }

    static func edited(_ bytes: [UInt8], _ edit: (inout [UInt8]) -> Void) -> [UInt8] {
        var copy = bytes
        edit(&copy)
        return copy
    }

    static let cases: [Case] = [
        image("PNG of the signature and IHDR only", Array(png.prefix(33)), "the PNG ends at byte 33 without an IDAT or an IEND chunk"),
        image("PNG with a bad IHDR CRC", edited(png) { $0[32] ^= 0x01 }, "the PNG chunk IHDR at byte 8 has CRC 0x31040F8A; its type and data give 0x31040F8B"),
        image("PNG whose IDAT length runs past the data", edited(png) { $0[35] &+= 1 }, "the PNG chunk IDAT at byte 33 declares 7072 data bytes, but only 6832 bytes follow its type (its data and a 4-byte CRC)"),
        image("PNG whose IDAT length is one short", edited(png) { $0[36] &-= 1 }, "the PNG chunk IDAT at byte 33 has CRC 0x0140CC77; its type and data give 0x1C16EBCD"),
        image("PNG without IDAT", Array(png.prefix(33)) + Array(png.suffix(12)), "the PNG has no IDAT chunk before its IEND at byte 33"),
        image("PNG without IEND", Array(png.dropLast(12)), "the PNG ends at byte 6861 without an IEND chunk"),
        image("JPEG of SOI, APP0, SOF0 and EOI", jpegHead + sof0 + eoi, "the JPEG has no scan (SOS) before its end of image (EOI) at byte 33"),
        image("JPEG without DQT", jpegHead + sof0 + TestImages.jpegHuffmanTables + sos + scan + eoi, "the JPEG scan (SOS) at byte 73 needs quantisation table 0, which no DQT before it defines"),
        image("JPEG without DHT", jpegHead + TestImages.jpegQuantisationTable + sof0 + sos + scan + eoi, "the JPEG scan (SOS) at byte 102 needs Huffman table DC 0, which no DHT before it defines"),
        image("JPEG whose scan holds no data", Array(jpeg.prefix(152)) + eoi, "the JPEG scan (SOS) at byte 142 holds no entropy-coded data"),
        image("JPEG without EOI", Array(jpeg.dropLast(2)), "the JPEG ends at byte 1352 without an end of image (EOI)"),
        image("JPEG with a token DQT", jpegHead + [0xFF, 0xDB, 0, 3, 0] + sof0, "the JPEG segment DQT at byte 20 does not hold whole, valid tables"),
        Case(name: "image URL with a newline", image: "https://example.com/a\n.png", expected: ["image encoding: not a well-formed http(s) URL: the URL has the control character U+000A at offset 21"]),
        Case(name: "image URL with a bad % escape", image: "https://example.com/a%G1.png", expected: ["image encoding: not a well-formed http(s) URL: the '%' at offset 21 is not followed by two hex digits"]),
        Case(name: "image URL without a host", image: "https:///a.png", expected: ["image encoding: not a well-formed http(s) URL: the URL has no host"]),
        Case(name: "image URL of another scheme", image: "ftp://example.com/a.png", expected: ["image encoding: not a well-formed http(s) URL: the scheme 'ftp' is not http or https"]),
        Case(name: "callback_url javascript:", image: "https://example.com/a.png", callback: "javascript:alert(1)", expected: ["callback_url encoding: not a well-formed http(s) URL: the scheme 'javascript' is not http or https"]),
        Case(name: "callback_url file:", image: "https://example.com/a.png", callback: "file:///etc/passwd", expected: ["callback_url encoding: not a well-formed http(s) URL: the scheme 'file' is not http or https"]),
        Case(name: "callback_url that is no address", image: "https://example.com/a.png", callback: "xxx", expected: ["callback_url encoding: neither an http(s) URL nor strict base64: length 3 is not a multiple of 4"]),
        Case(name: "callback_url with a space", image: "https://example.com/a.png", callback: "https://example.com/hook me", expected: ["callback_url encoding: not a well-formed http(s) URL: the URL has a space at offset 24"]),
    ]

    func run(_ image: String, callback: String?) throws -> (exit: Int32, errors: [String]) {
        var payload: [(key: String, value: JSONValue)] = [
            ("model_name", .string("kling-v3")), ("mode", .string("std")), ("duration", .string("5")), ("prompt", .string("A lighthouse.")), ("image", .string(image)),
        ]
        if let callback { payload.append(("callback_url", .string(callback))) }
        let folder = TemporaryFolder()
        folder.write("p.json", JSONWriter(style: .compact).string(.object(JSONObject(payload))))
        let result = runCLI(["validate", "p.json", "--endpoint", "image2video.create", "--format", "json", "--policy", "off", "--root", packageRoot.path], in: folder.url)
        let findings = try JSONReader().parse(result.stdout)["results"]?.arrayValue?.first?["findings"]?.arrayValue ?? []
        let errors = findings.filter { $0["severity"] == .string("error") }.map { "\($0["path"]?.stringValue ?? "") \($0["constraint"]?.stringValue ?? "-"): \($0["message"]?.stringValue ?? "")" }
        return (result.exit.rawValue, errors)
    }

    @Test(arguments: cases)
    func brokenMediaAndAddresses(_ testCase: Case) throws {
        let (exit, errors) = try run(testCase.image, callback: testCase.callback)
        #expect(errors == testCase.expected)
        #expect(exit == 1)
    }

    /// The whole images the broken ones are cut from pass, so each case fails on its defect alone.
    @Test func wholeImagesAndAddressesPass() throws {
        for image in [StrictBase64.encode(Self.png), StrictBase64.encode(Self.jpeg), "https://example.com/a%20b.png?x=1"] {
            let (exit, errors) = try run(image, callback: "https://example.com/hooks/kling")
            #expect(errors == [])
            #expect(exit == 0)
        }
    }
}
