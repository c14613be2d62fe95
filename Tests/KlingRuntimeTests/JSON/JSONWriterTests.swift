import KlingRuntime
import Testing

private let realisticDocument = #"""
{
  "name": "kling-registry",
  "version": "2.4.0",
  "id": 867283741759111202,
  "ratio": 5.0,
  "threshold": -1e3,
  "tiny": 1E-7,
  "overflow": 1e400,
  "enabled": true,
  "deprecated": false,
  "homepage": null,
  "tags": ["json", "strict", "ünïcödé", "😀", "\ud83d\ude00"],
  "escapes": "line\nbreak \"quoted\" back\\slash tab\t ctrl\u0001 slash\/",
  "mirrors": [
    {"url": "https://example.org/a", "priority": 1, "regions": []},
    {"url": "https://example.org/b", "priority": 2, "headers": {}}
  ],
  "limits": {"maxSize": 104857600, "timeouts": {"connect": 1.5, "read": 30}},
  "": "empty key"
}
"""#

@Suite struct JSONWriterTests {
    private static let nested = #"{"b":[1,{"z":null,"a":true}],"a":"x\ny","c":{},"d":[], "e": -1.50e+3}"#

    @Test func writesPrettySortedOutput() throws {
        let value = try JSONReader().parse(Self.nested)
        let expected = #"""
            {
              "a": "x\ny",
              "b": [
                1,
                {
                  "a": true,
                  "z": null
                }
              ],
              "c": {},
              "d": [],
              "e": -1.50e+3
            }
            """#
        #expect(JSONWriter().string(value) == expected)
    }

    @Test func writesCompactOutput() throws {
        let value = try JSONReader().parse(Self.nested)
        #expect(JSONWriter(style: .compact).string(value)
            == #"{"a":"x\ny","b":[1,{"a":true,"z":null}],"c":{},"d":[],"e":-1.50e+3}"#)
        #expect(JSONWriter(style: .compact, sortKeys: false).string(value)
            == #"{"b":[1,{"z":null,"a":true}],"a":"x\ny","c":{},"d":[],"e":-1.50e+3}"#)
    }

    @Test func keepsSourceOrderWhenNotSorting() throws {
        let value = try JSONReader().parse(#"{"z": 1, "a": {"y": 2, "b": 3}}"#)
        let expected = """
            {
              "z": 1,
              "a": {
                "y": 2,
                "b": 3
              }
            }
            """
        #expect(JSONWriter(sortKeys: false).string(value) == expected)
    }

    @Test func sortsKeysByUTF8Bytes() {
        let keys = ["😀", "\u{FF61}", "\u{E9}", "e\u{301}", "Z", "a", ""]
        let object = JSONObject(keys.map { (key: $0, value: JSONValue.null) })
        let output = JSONWriter(style: .compact).string(.object(object))
        let expected = "{\"\":null,\"Z\":null,\"a\":null,\"e\u{301}\":null,\"\u{E9}\":null,\"\u{FF61}\":null,\"😀\":null}"
        #expect(Array(output.utf8) == Array(expected.utf8))
    }

    @Test func escapesOnlyWhatJSONRequires() {
        let value = JSONValue.string("\"\\/\u{8}\u{C}\n\r\t\u{1}\u{1F}é😀\u{7F}\u{2028}")
        let expected = #""\"\\/\b\f\n\r\t\u0001\u001fé😀"# + "\u{7F}\u{2028}\""
        #expect(Array(JSONWriter().string(value).utf8) == Array(expected.utf8))
    }

    @Test(arguments: ["\"", "\\", "\n", "\u{1}", "\u{1F}", "é"])
    func escapesAtEveryOffsetWithinLongRuns(_ special: String) {
        for offset in 0..<24 {
            let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 20)
            let output = JSONWriter().string(.string(text))
            let reference = "\"" + text.unicodeScalars.map(Self.referenceEscape).joined() + "\""
            #expect(output == reference, "offset \(offset)")
        }
    }

    private static func referenceEscape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\"": #"\""#
        case "\\": #"\\"#
        case "\n": #"\n"#
        case "\u{1}": #"\u0001"#
        case "\u{1F}": #"\u001f"#
        default: String(scalar)
        }
    }

    @Test func writesNumbersAsTheirLexemes() throws {
        let value = try JSONReader().parse("[5, 5.0, -1e3, 1E400, 867283741759111202, -0, 0.10]")
        #expect(JSONWriter(style: .compact).string(value) == "[5,5.0,-1e3,1E400,867283741759111202,-0,0.10]")
        #expect(JSONWriter().string(try JSONReader().parse("867283741759111202")) == "867283741759111202")
        #expect(JSONWriter().string(.number(JSONNumber(-12))) == "-12")
    }

    @Test(arguments: [
        (JSONValue.null, "null"),
        (.bool(true), "true"),
        (.bool(false), "false"),
        (.string("a"), #""a""#),
        (.array([]), "[]"),
        (.object(JSONObject([])), "{}"),
        (.array([.array([])]), "[\n  []\n]"),
    ])
    func writesRootValuesWithoutTrailingNewline(_ value: JSONValue, _ expected: String) {
        #expect(JSONWriter().string(value) == expected)
    }

    @Test(arguments: [
        JSONWriter(style: .pretty, sortKeys: true),
        JSONWriter(style: .pretty, sortKeys: false),
        JSONWriter(style: .compact, sortKeys: true),
        JSONWriter(style: .compact, sortKeys: false),
    ])
    func roundTripsRealisticDocument(_ writer: JSONWriter) throws {
        let reader = JSONReader()
        let original = try reader.parse(realisticDocument)
        let written = writer.string(original)
        let reread = try reader.parse(written)
        #expect(reread == original)
        #expect(writer.string(reread) == written)
        #expect(written.contains("867283741759111202"))
        #expect(written.contains("1e400"))
        #expect(reread["ratio"]?.numberValue?.lexeme == "5.0")
        #expect(reread["tags"]?.arrayValue?[4] == .string("😀"))
    }

    @Test func prettySortedOutputOfRealisticDocumentIsPinned() throws {
        let output = JSONWriter().string(try JSONReader().parse(realisticDocument))
        let expected = #"""
            {
              "": "empty key",
              "deprecated": false,
              "enabled": true,
              "escapes": "line\nbreak \"quoted\" back\\slash tab\t ctrl\u0001 slash/",
              "homepage": null,
              "id": 867283741759111202,
              "limits": {
                "maxSize": 104857600,
                "timeouts": {
                  "connect": 1.5,
                  "read": 30
                }
              },
              "mirrors": [
                {
                  "priority": 1,
                  "regions": [],
                  "url": "https://example.org/a"
                },
                {
                  "headers": {},
                  "priority": 2,
                  "url": "https://example.org/b"
                }
              ],
              "name": "kling-registry",
              "overflow": 1e400,
              "ratio": 5.0,
              "tags": [
                "json",
                "strict",
                "ünïcödé",
                "😀",
                "😀"
              ],
              "threshold": -1e3,
              "tiny": 1E-7,
              "version": "2.4.0"
            }
            """#
        #expect(output == expected)
    }
}
