import KlingRuntime
import Testing
@testable import KlingRegistry

struct EvidenceFileTests {
    /// The evidence-format acceptance file: five defects, five diagnostics, in file order.
    @Test func malformedFileYieldsExactlyFiveDiagnostics() {
        let (_, diagnostics) = buildRegistry([
            "evidence/SOURCES.md": fixtureSources,
            "evidence/video/omni-video.create.md": endpointFile(body: """
            | `duration` | string | optional | `"5"` | int-string 3..15 | OFF-3.0 | Length. |
            | `mode` | string | optional | `"pro"` | `std`, pro | OFF-3.0 | Tier. |
            | └└ `enabled` | boolean | required | | | OFF-3.0 | Orphan. |
            | `prompt` | string | optional | | len <= 2500 chars | OFF-9 | Text. |
            """, extra: """

            ## Rules

            | Rule | Check | Effect | Wording | Source | Digest | Description |
            |---|---|---|---|---|---|---|
            | OV-R1 | `present(negative_promt) => sound == "off"` | error | must | OFF-3.0 | omni-video.md#rule-4 | Unknown path. |
            | OV-R2 | `duration > 10 => mode == "pro"` | error | must | OFF-3.0 | omni-video.md#rule-2 | No num(). |
            """),
        ])
        #expect(diagnostics == [
            "evidence/video/omni-video.create.md:17:49: error: expected a literal in backticks",
            "evidence/video/omni-video.create.md:18:3: error: '└' row has no parent row above it with 1 mark",
            "evidence/video/omni-video.create.md:19:3: error: unknown source key 'OFF-9' (keys live in evidence/SOURCES.md)",
            "evidence/video/omni-video.create.md:25:20: error: unknown field `negative_promt`",
            "evidence/video/omni-video.create.md:26:12: error: '>' compares numbers, found string (`duration`); use num(...)",
        ])
    }

    @Test func markedRowsAndFullPathsGiveTheSameSchema() throws {
        let fullPaths = """
        | `multi_prompt` | array | optional | | 1..6 items | OFF-3.0 | Shots. |
        | `multi_prompt[].prompt` | string | required | | len <= 512 chars | OFF-3.0 | Shot text. |
        | `watermark_info` | object | optional | | | OFF-3.0 | Watermark. |
        | `watermark_info.enabled` | boolean | required | | | OFF-3.0 | On. |
        | `camera_control` | object | optional | | | OFF-DEV | Camera. |
        | `camera_control.config` | object | optional | | | OFF-DEV | Axes. |
        | `camera_control.config.pan` | number | optional | | [-10, 10] | OFF-DEV | Pan. |
        """
        let marked = """
        | `multi_prompt` | array | optional | | 1..6 items | OFF-3.0 | Shots. |
        | └ `prompt` | string | required | | len <= 512 chars | OFF-3.0 | Shot text. |
        | `watermark_info` | object | optional | | | OFF-3.0 | Watermark. |
        | └ enabled | boolean | required | | | OFF-3.0 | On. |
        | `camera_control` | object | optional | | | OFF-DEV | Camera. |
        | └ `config` | object | optional | | | OFF-DEV | Axes. |
        | └└ `pan` | number | optional | | [-10, 10] | OFF-DEV | Pan. |
        """
        let a = buildRegistry(["evidence/SOURCES.md": fixtureSources, "evidence/video/omni-video.create.md": endpointFile(body: fullPaths)])
        let b = buildRegistry(["evidence/SOURCES.md": fixtureSources, "evidence/video/omni-video.create.md": endpointFile(body: marked)])
        #expect(a.diagnostics.isEmpty)
        #expect(b.diagnostics.isEmpty)
        let writer = JSONWriter()
        // Locations differ only in columns; compare everything else.
        func shape(_ registry: Registry) -> [String] {
            registry.endpoints[0].fields.map { field in
                var copy = field
                copy.location.column = 1
                return writer.string(SchemaJSON.field(copy))
            }
        }
        #expect(shape(a.registry) == shape(b.registry))
        #expect(a.registry.endpoints[0].fields.map(\.path) == ["multi_prompt", "multi_prompt[].prompt", "watermark_info", "watermark_info.enabled", "camera_control", "camera_control.config", "camera_control.config.pan"])
    }

    @Test func treeStructureIsChecked() {
        let (_, diagnostics) = buildRegistry([
            "evidence/SOURCES.md": fixtureSources,
            "evidence/video/omni-video.create.md": endpointFile(body: """
            | `list` | array | optional | | | OFF-3.0 | A list. |
            | `list.item` | string | optional | | | OFF-3.0 | Missing []. |
            | `obj` | object | optional | | | OFF-3.0 | An object. |
            | `obj[].x` | string | optional | | | OFF-3.0 | Wrong []. |
            | `orphan.child` | string | optional | | | OFF-3.0 | No parent. |
            | `text` | string | optional | | | OFF-3.0 | Text. |
            | `text` | string | optional | | | OFF-3.0 | Twice. |
            | `tags` | array[string] | optional | | | OFF-3.0 | Tags. |
            | `tags[].x` | string | optional | | | OFF-3.0 | Items are strings. |
            """),
        ])
        #expect(diagnostics == [
            "evidence/video/omni-video.create.md:17:3: error: `list` is an array: write `list[].item`",
            "evidence/video/omni-video.create.md:19:3: error: `[]` in `obj[].x` but `obj` is object, not an array",
            "evidence/video/omni-video.create.md:20:3: error: `orphan.child` has no parent row `orphan` above it",
            "evidence/video/omni-video.create.md:22:3: error: duplicate field `text` (first at evidence/video/omni-video.create.md:21)",
            "evidence/video/omni-video.create.md:24:3: error: `tags` is array[string]: its items have no fields; use `array` for items described by child rows",
        ])
    }

    @Test func cellGrammarErrors() {
        let (_, diagnostics) = buildRegistry([
            "evidence/SOURCES.md": fixtureSources,
            "evidence/video/omni-video.create.md": endpointFile(body: """
            | `a` | text | optional | | | OFF-3.0 | Unknown type. |
            | `b` | string | maybe | | | OFF-3.0 | Bad requirement. |
            | `c` | integer | optional | `"5"` | | OFF-3.0 | Default of the wrong type. |
            | `d` | string | conditional(OV-R9) | | | OFF-3.0 | Missing rule. |
            | `e` | string | optional | | | T3-X | Third party only. |
            """),
        ])
        #expect(diagnostics == [
            "evidence/video/omni-video.create.md:16:9: error: unknown type 'text'; use string, integer, int64, number, boolean, object, array or array[<type>]",
            "evidence/video/omni-video.create.md:17:18: error: Required must be required, optional or conditional(<rule-id>), not 'maybe'",
            "evidence/video/omni-video.create.md:18:30: error: default '`\"5\"`' is not a integer literal",
            "evidence/video/omni-video.create.md:19:3: error: conditional(OV-R9): no such rule in this file",
            "evidence/video/omni-video.create.md:20:3: error: no OFF- source: a field row is doc evidence; a third-party-only fact goes in Claims",
        ])
    }

    @Test func qingqueHeadersAndPastedTablesParse() throws {
        let file = """
        # Pasted

        | Key | Value |
        |---|---|
        | id | omni-video.create |
        | method | POST |
        | path | /v1/videos/omni-video |
        | source | OFF-3.0 |
        | captured | 2026-11-20 |
        | scope | current |

        ## Request Body

        | Parameter Name | Type | Required Field | Default Value | Description |
        |---|---|---|---|---|
        | model_name | string | Optional | kling-video-o1 | Model name |
        | duration | string | Optional | None | Length |
        """
        let (registry, diagnostics) = buildRegistry(["evidence/SOURCES.md": fixtureSources, "evidence/video/omni-video.create.md": file])
        #expect(diagnostics.isEmpty)
        let fields = try #require(registry.endpoint("omni-video.create")).fields
        #expect(fields.map(\.path) == ["model_name", "duration"])
        #expect(fields.allSatisfy { $0.pasted })
        #expect(fields[0].defaultValue == .value(.string("kling-video-o1")))
        #expect(fields[1].defaultValue == DefaultValue.none)
    }

    @Test func includesReadSharedRows() throws {
        let envelope = """
        # Envelope

        ## headers

        | Field | Type | Required | Default | Values | Source | Description |
        |---|---|---|---|---|---|---|
        | `Authorization` | string | required | | | OFF-DEV | Bearer token. |
        """
        let body = "| `mode` | string | optional | | | OFF-3.0 | Tier. |"
        let file = endpointFile(body: body, extra: """

        ## Request Header

        | Field | Type | Required | Default | Values | Source | Description |
        |---|---|---|---|---|---|---|
        | … | | | | | | include common/envelope#headers |
        | `X-Extra` | string | optional | | | OFF-DEV | Own row. |

        ## Response Body

        | Field | Type | Required | Default | Values | Source | Description |
        |---|---|---|---|---|---|---|
        | … | | | | | | include common/envelope#nope |
        """)
        let (registry, diagnostics) = buildRegistry(["evidence/SOURCES.md": fixtureSources, "evidence/common/envelope.md": envelope, "evidence/video/omni-video.create.md": file])
        #expect(diagnostics == ["evidence/video/omni-video.create.md:29:19: error: include common/envelope#nope: no such section in evidence/common/envelope.md (sections: headers, pagination, task, task-list)"])
        let headers = try #require(registry.endpoint("omni-video.create")).fields(in: .header)
        #expect(headers.map(\.path) == ["Authorization", "X-Extra"])
        #expect(headers[0].includedFrom == "common/envelope#headers")
        #expect(headers[0].location.file == "evidence/common/envelope.md")
    }

    @Test func findingTablesAreChecked() {
        let (registry, diagnostics) = buildRegistry([
            "evidence/SOURCES.md": fixtureSources,
            "evidence/video/omni-video.create.md": endpointFile(body: """
            | `mode` | string | optional | | `std`, `pro` | OFF-3.0 | Tier. |
            """, extra: """

            ## Rules

            | Rule | Check | Effect | Wording | Source | Digest | Description |
            |---|---|---|---|---|---|---|
            | OV-R1 | not-expressible: needs the clip's length | error | must | OFF-3.0 | omni-video.md#rule-8 | Gap. |
            | OV-R2 | needs-external-data: the element's kind | error | must | OFF-DEV | omni-video.md#rule-5 | Inherent. |
            | T2V-R3 | `mode == "std"` | error | must | OFF-3.0 | omni-video.md#rule-1 | Wrong prefix. |
            | OV-R4 | `mode == "std"` | fatal | must | OFF-3.0 | rule-1 | Bad effect. |

            ## Contradictions

            | Id | Topic | Refs | Reading A | Source A | Reading B | Source B | Enforced | Digest | Why |
            |---|---|---|---|---|---|---|---|---|---|
            | OV-C1 | modes | `omni-video.create#body:mode="std"` | std | OFF-3.0 | no std | T3-X | A | omni-video.md#mode | Stricter. |

            ## Claims

            | Id | Claim | Refs | Source | Note |
            |---|---|---|---|---|
            | OV-K1 | mode has 4k | `omni-video.create#body:mode="4k"` | T3-X | Reseller. |
            | OV-K1 | again | | T3-X | Duplicate id. |
            """),
        ])
        #expect(registry.endpoints.first?.rules.map(\.id) == ["OV-R1", "OV-R2"])
        #expect(diagnostics == [
            "evidence/video/omni-video.create.md:24:3: error: id 'T2V-R3' must start with 'OV-' in this file",
            "evidence/video/omni-video.create.md:25:29: error: Effect must be one of error, required, unsupported, ignored, not 'fatal'",
            "evidence/video/omni-video.create.md:31:82: error: a contradiction is between official sources: 'Source B' has no OFF- key (a third-party reading is a Claims row)",
            "evidence/video/omni-video.create.md:38:3: error: id OV-K1 is already used at evidence/video/omni-video.create.md:37",
        ])
    }
}
