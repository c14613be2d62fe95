import KlingRuntime
import KlingTestSupport
import Testing
@testable import KlingRegistry

/// MediaChecker maps KlingRuntime's typed media and URL problems to findings
/// on the field's encoding or format constraint.
struct MediaCheckerTests {
    static let registry: Registry = {
        let (registry, diagnostics) = buildRegistry([
            "evidence/SOURCES.md": fixtureSources,
            "evidence/video/omni-video.create.md": endpointFile(body: """
            | `image` | string | optional | | url-or-base64; min-side >= 300 px; format jpg, jpeg, png | OFF-3.0 | A frame. |
            | `callback_url` | string | optional | | url | OFF-3.0 | Address notified. |
            | `frame` | string | optional | | base64; format png | OFF-3.0 | A frame, inline only. |
            """),
        ])
        precondition(diagnostics.isEmpty, diagnostics.joined(separator: "\n"))
        return registry
    }()

    func errors(_ members: [(String, String)]) -> [String] {
        let payload = JSONValue.object(JSONObject(members.map { (key: $0.0, value: JSONValue.string($0.1)) }))
        return PayloadValidator(registry: Self.registry).validate(payload, endpoint: "omni-video.create").errors.map { "\($0.path) \($0.constraint ?? "-"): \($0.message)" }
    }

    @Test func wholeImagesPassAndTheirSizeIsChecked() {
        #expect(errors([("image", TestImages.base64(TestImages.png(width: 640, height: 480)))]) == [])
        #expect(errors([("image", TestImages.base64(TestImages.jpeg(width: 640, height: 480)))]) == [])
        #expect(errors([("image", TestImages.base64(TestImages.png(width: 200, height: 480)))]) == ["image min-side: 200×480 px: the shorter side is below 300 px"])
    }

    @Test func aHeaderAloneIsNotAnImage() {
        let png = TestImages.png(width: 640, height: 480)
        #expect(errors([("image", TestImages.base64(Array(png.prefix(33))))]) == ["image format: not a whole image: the PNG ends at byte 33 without an IDAT or an IEND chunk"])
        let jpeg = TestImages.jpeg(width: 640, height: 480)
        #expect(errors([("frame", TestImages.base64(jpeg))]) == ["frame format: the image is JPEG; accepted: png"])
        // No size check runs on an image that is not whole: one finding, on its format.
        #expect(errors([("image", TestImages.base64(Array(TestImages.png(width: 10, height: 10).dropLast(12))))]).count == 1)
    }

    @Test func addressesNameWhatIsWrong() {
        #expect(errors([("callback_url", "https://example.com/hooks/kling?task=1")]) == [])
        #expect(errors([("callback_url", "javascript:alert(1)")]) == ["callback_url encoding: not a well-formed http(s) URL: the scheme 'javascript' is not http or https"])
        #expect(errors([("callback_url", "QUJD")]) == ["callback_url encoding: base64 is not accepted here; send a URL"])
        #expect(errors([("image", "https://example.com/a%2.png")]) == ["image encoding: not a well-formed http(s) URL: the '%' at offset 21 is not followed by two hex digits"])
        #expect(errors([("frame", "file:///etc/passwd")]) == ["frame encoding: a URL is not accepted here; send base64"])
    }

    /// Every field of the real evidence whose name says it holds an address carries an encoding atom.
    @Test func everyAddressFieldOfTheEvidenceHasItsAtom() {
        let load = RegistryLoader.load(Repository(root: packageRoot))
        let addressFields = load.registry.endpoints.flatMap { endpoint in
            endpoint.fields.filter { field in
                let leaf = field.path.split(separator: ".").last.map { String($0).replacingOccurrences(of: "[]", with: "") } ?? ""
                return leaf == "url" || leaf.hasSuffix("_url")
            }.map { (endpoint.id, $0) }
        }
        #expect(addressFields.count >= 40)
        for (endpoint, field) in addressFields {
            #expect(field.constraint(.encoding) != nil, "\(endpoint)#\(field.part.rawValue):\(field.path)")
        }
        let callbacks = addressFields.filter { $0.1.path == "callback_url" }
        #expect(!callbacks.isEmpty)
        #expect(callbacks.allSatisfy { if case .encoding(.url)? = $0.1.constraint(.encoding) { return true } else { return false } })
    }
}
