import Foundation
import KlingRuntime
import KlingTestSupport
import Testing

/// Evidence and register defects the readers once let through: tables that
/// vanished or replaced each other, values not checked against their own
/// row, invisible and look-alike characters, rule trees deep enough to
/// overflow the stack, and knock-on errors that hid their cause. Every case
/// pins its exact diagnostics and exit code.
extension MalformedInputTests {
    static let envelopeFile = "evidence/common/envelope.md"
    static let fieldHeader = "| Field | Type | Required | Default | Values | Source | Description |\n|---|---|---|---|---|---|---|\n"

    /// An envelope whose headers rows start on line 7 and pagination rows on line 14.
    static func envelope(headers: String = "| `Content-Type` | string | required | `\"application/json\"` | | OFF-3.0 | Body format. |\n| `Authorization` | string | required | | | OFF-3.0 | Bearer token. |\n",
                         pagination: String = "| `pageNum` | integer | optional | `1` | [1, 1000] | OFF-3.0 | Page. |\n| `pageSize` | integer | optional | `30` | [1, 500] | OFF-3.0 | Page size. |\n",
                         headerColumns: String = fieldHeader, extra: String = "") -> String {
        "# Common envelope\n\n## headers\n\n" + headerColumns + headers + "\n## pagination\n\n" + fieldHeader + pagination + extra
    }

    /// The endpoint fixture with the envelope's headers and pagination included (include rows on lines 22 and 28).
    static let including = endpoint(extra: "\n## Request Header\n\n" + fieldHeader + "| … | | | | | | include common/envelope#headers |\n\n## Query Parameters\n\n" + fieldHeader + "| … | | | | | | include common/envelope#pagination |\n")

    static func withEnvelope(_ name: String, _ envelopeText: String, endpointText: String = including, _ diagnostics: [String]) -> Case {
        Case(name: name, files: [file: Array(endpointText.utf8), envelopeFile: Array(envelopeText.utf8)], arguments: ["check"], exit: 2, diagnostics: diagnostics)
    }

    static func register(_ name: String, _ path: String, _ text: String, _ diagnostics: [String]) -> Case {
        Case(name: name, files: [path: Array(text.utf8)], arguments: ["check"], exit: 2, diagnostics: diagnostics)
    }

    static let statusFile = "register/status.md"
    static let statusTable = "# Status\n\n## Status\n\n| Ref | Posture | Finding | Reason |\n|---|---|---|---|\n"
    static let contradictions = "\n## Contradictions\n\n| Id | Topic | Refs | Reading A | Source A | Reading B | Source B | Enforced | Digest | Why |\n|---|---|---|---|---|---|---|---|---|---|\n"
    static let body = "evidence/video/omni-video.create.md"

    static func chain(_ term: String, _ op: String, _ count: Int) -> String {
        Array(repeating: term, count: count).joined(separator: " \(op) ")
    }

    static let readerCases: [Case] = [
        // 1. Tables that vanish or replace each other.
        Case(name: "envelope with both parts included loads", files: [file: Array(including.utf8), envelopeFile: Array(envelope().utf8)], arguments: ["check"], exit: 0, diagnostics: []),
        withEnvelope("a second headers table in the envelope", envelope(extra: "\n## headers\n\n" + fieldHeader + "| `X-Trace` | string | optional | | | OFF-3.0 | Trace. |\n"), [
            "evidence/common/envelope.md:19:1: error: a second table in section 'headers' (the first is at line 5); a section holds one table",
        ]),
        withEnvelope("a second table under the same headers heading", envelope(headers: "| `Content-Type` | string | required | | | OFF-3.0 | Body format. |\n\n" + fieldHeader + "| `X-Trace` | string | optional | | | OFF-3.0 | Trace. |\n"), [
            "evidence/common/envelope.md:9:1: error: a second table in section 'headers' (the first is at line 5); a section holds one table",
        ]),
        withEnvelope("envelope table without a Values column", envelope(headers: "| `Content-Type` | string | required | | OFF-3.0 | Body format. |\n", headerColumns: "| Field | Type | Required | Default | Source | Description |\n|---|---|---|---|---|---|\n"), [
            "evidence/common/envelope.md:5:1: error: table has no 'Values' column",
            "evidence/video/omni-video.create.md:22:19: error: include common/envelope#headers: the section's table in evidence/common/envelope.md did not load",
        ]),
        withEnvelope("envelope table without a Source column", envelope(pagination: "| `pageNum` | integer | optional | `1` | [1, 1000] | Page. |\n").replacingOccurrences(of: "## pagination\n\n" + fieldHeader, with: "## pagination\n\n| Field | Type | Required | Default | Values | Description |\n|---|---|---|---|---|---|\n"), [
            "evidence/common/envelope.md:12:1: error: table has no 'Source' column",
            "evidence/video/omni-video.create.md:28:19: error: include common/envelope#pagination: the section's table in evidence/common/envelope.md did not load",
        ]),
        evidence("a second Request Body table", endpoint(extra: "\n" + fieldHeader + "| `n` | integer | optional | | | OFF-3.0 | N. |"), [
            "evidence/video/omni-video.create.md:18:1: error: a second table in section 'Request Body' (the first is at line 14); a section holds one table",
        ]),
        evidence("last row wrapped in an HTML comment", endpoint(extra: "<!--\n| `n` | integer | optional | | | OFF-3.0 | N. |\n-->"), [
            "evidence/video/omni-video.create.md:18:1: error: a table line inside an HTML block or comment is not read; remove the markup around the rows",
        ]),
        evidence("last row in a one-line HTML comment", endpoint(extra: "<!-- | `n` | integer | optional | | | OFF-3.0 | N. | -->"), [
            "evidence/video/omni-video.create.md:17:6: error: a table line inside an HTML block or comment is not read; remove the markup around the rows",
        ]),
        evidence("middle row wrapped in an HTML comment", endpoint("| `a` | string | optional | | | OFF-3.0 | A. |\n<!--\n| `b` | string | optional | | | OFF-3.0 | B. |\n-->\n| `c` | string | optional | | | OFF-3.0 | C. |"), [
            "evidence/video/omni-video.create.md:18:1: error: a table line inside an HTML block or comment is not read; remove the markup around the rows",
            "evidence/video/omni-video.create.md:20:1: error: lines starting with '|' are not a table (is the delimiter row '|---|' missing or malformed?)",
        ]),
        evidence("last row moved into a blockquote", endpoint(extra: "> | `n` | integer | optional | | | OFF-3.0 | N. |"), [
            "evidence/video/omni-video.create.md:17:3: error: a table line inside a blockquote is not read; tables sit at the top level",
        ]),
        evidence("a whole table inside a blockquote", endpoint(extra: "\n## Rules\n\n> | Rule | Check | Effect | Wording | Source | Digest | Description |\n> |---|---|---|---|---|---|---|\n> | OV-R1 | `present(mode)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:20:3: error: a table line inside a blockquote is not read; tables sit at the top level",
        ]),
        evidence("a table inside a list item", endpoint(extra: "\n## Rules\n\n- the rules:\n\n  | Rule | Check | Effect | Wording | Source | Digest | Description |\n  |---|---|---|---|---|---|---|\n  | OV-R1 | `present(mode)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:3: error: a table line inside a list is not read; tables sit at the top level",
        ]),
        evidence("an HTML comment around a whole Contradictions table", endpoint(extra: contradictions.replacingOccurrences(of: "| Id |", with: "<!--\n| Id |") + "| OV-C1 | t | | a | OFF-3.0 | b | OFF-DEV | A | x.md#y | w |\n-->"), [
            "evidence/video/omni-video.create.md:21:1: error: a table line inside an HTML block or comment is not read; remove the markup around the rows",
        ]),
        evidence("an HTML comment around the last Rules row", endpoint(extra: rules + "| OV-R1 | `present(mode)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |\n<!--\n| OV-R2 | `mode == \"std\"` | error | OFF-3.0 | omni-video.md#rule-2 | R. |\n-->"), [
            "evidence/video/omni-video.create.md:24:1: error: a table line inside an HTML block or comment is not read; remove the markup around the rows",
        ]),
        evidence("a code fence around a table", endpoint(extra: "\n## Claims\n\n```\n| Id | Claim | Refs | Source | Note |\n|---|---|---|---|---|\n| OV-K1 | c | | T3-X | n |\n```"), [
            "evidence/video/omni-video.create.md:21:1: error: a table line inside a code block is not read; remove the markup around the rows",
        ]),
        evidence("<details> right above a table", endpoint(extra: "\n## Claims\n\n<details>\n| Id | Claim | Refs | Source | Note |\n|---|---|---|---|---|\n| OV-K1 | c | | T3-X | n |\n</details>"), [
            "evidence/video/omni-video.create.md:21:1: error: a table line inside an HTML block or comment is not read; remove the markup around the rows",
        ]),
        evidence("a row indented into a code block", endpoint(extra: "\n\n    | `n` | integer | optional | | | OFF-3.0 | N. |"), [
            "evidence/video/omni-video.create.md:19:5: error: a table line inside a code block is not read; remove the markup around the rows",
        ]),
        evidence("an HTML comment inside a table row", endpoint("| `mode` | string | optional | | | OFF-3.0 | Tier. <!-- hidden --> |"), [
            "evidence/video/omni-video.create.md:16:52: error: an HTML comment in a table row; its text would be read as cell text or hide the rows after it",
        ]),
        register("a second Status table", statusFile, statusTable + "| `omni-video.create#body:mode` | out-of-scope | | r |\n\n| Ref | Posture | Finding | Reason |\n|---|---|---|---|\n| `omni-video.create#body:mode` | out-of-scope | | r |\n", [
            "register/status.md:9:1: error: a second table in section 'Status' (the first is at line 5); a section holds one table",
        ]),
        register("a Status row in an HTML comment", statusFile, statusTable + "| `omni-video.create#body:mode` | out-of-scope | | r |\n<!-- | `omni-video.create#body:mode` | out-of-scope | | r | -->\n", [
            "register/status.md:8:6: error: a table line inside an HTML block or comment is not read; remove the markup around the rows",
        ]),
        register("a Status row in a blockquote", statusFile, statusTable + "| `omni-video.create#body:mode` | out-of-scope | | r |\n> | `omni-video.create#body:mode` | out-of-scope | | r |\n", [
            "register/status.md:8:3: error: a table line inside a blockquote is not read; tables sit at the top level",
        ]),

        // 2. Values checked against their own row.
        evidence("default outside the row's enum", endpoint("| `mode` | string | optional | `\"ultra\"` | `std`, `pro` | OFF-3.0 | Tier. |"), [
            "evidence/video/omni-video.create.md:16:32: error: default \"ultra\" is not one of this row's values `std`, `pro`",
        ]),
        evidence("default close to an enum value", endpoint("| `mode` | string | optional | `\"pr\"` | `std`, `pro` | OFF-3.0 | Tier. |"), [
            "evidence/video/omni-video.create.md:16:32: error: default \"pr\" is not one of this row's values `std`, `pro`; did you mean `pro`?",
        ]),
        evidence("default outside the row's range", endpoint("| `pageSize` | integer | optional | `9999` | [1, 500] | OFF-3.0 | Size. |"), [
            "evidence/video/omni-video.create.md:16:37: error: default 9999 is outside this row's range [1, 500]",
        ]),
        evidence("default outside the row's int-string", endpoint("| `duration` | string | optional | `\"20\"` | int-string 3..15 | OFF-3.0 | Seconds. |"), [
            "evidence/video/omni-video.create.md:16:36: error: default \"20\" is outside this row's int-string 3..15",
        ]),
        evidence("default longer than the row allows", endpoint("| `tag` | string | optional | `\"abcdef\"` | len <= 3 chars | OFF-3.0 | Tag. |"), [
            "evidence/video/omni-video.create.md:16:31: error: default \"abcdef\" has length 6, outside this row's len <= 3 chars",
        ]),
        evidence("default without backticks", endpoint("| `mode` | string | optional | pro | `std`, `pro` | OFF-3.0 | Tier. |"), [
            "evidence/video/omni-video.create.md:16:32: error: default 'pro' must be one literal in backticks (`pro`), empty, or 'not stated'",
        ]),
        evidence("rule literal outside the enum, with in", endpoint(extra: rules + "| OV-R1 | `mode in [\"std\", \"por\"]` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:28: error: \"por\" is not a value of `mode` (`std`, `pro`); did you mean \"pro\"?",
        ]),
        evidence("rule literal outside the enum, with ==", endpoint(extra: rules + "| OV-R1 | `mode == \"sdt\"` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:20: error: \"sdt\" is not a value of `mode` (`std`, `pro`); did you mean \"std\"?",
        ]),
        evidence("rule literal outside the enum, with != on the left", endpoint(extra: rules + "| OV-R1 | `\"ultra\" != mode` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:12: error: \"ultra\" is not a value of `mode` (`std`, `pro`)",
        ]),
        evidence("rule literal outside an array's item enum", endpoint("| `tags` | array[string] | optional | | `a`, `b` | OFF-3.0 | Tags. |", extra: rules + "| OV-R1 | `any(tags, @ == \"c\")` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:27: error: \"c\" is not a value of `@` (`a`, `b`); did you mean \"a\"?",
        ]),
        evidence("the same source key twice in a field row", endpoint("| `mode` | string | optional | | | OFF-3.0, OFF-3.0 | Tier. |"), [
            "evidence/video/omni-video.create.md:16:45: error: source key 'OFF-3.0' is listed twice in this cell (first at column 36)",
        ]),
        evidence("the same source key twice in a rule row", endpoint(extra: rules + "| OV-R1 | `present(mode)` | error | must | OFF-DEV, OFF-DEV | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:53: error: source key 'OFF-DEV' is listed twice in this cell (first at column 44)",
        ]),

        // 3. Invisible and confusable characters.
        evidence("a zero-width joiner in an enum atom", endpoint("| `status` | string | optional | | `submitted\u{200D}`, `failed` | OFF-3.0 | Status. |"), [
            "evidence/video/omni-video.create.md:16:37: error: enum value 'submitted\\u200d' holds '\\u200d' (U+200D ZERO WIDTH JOINER); enum values use ASCII letters, digits and _ - . :",
        ]),
        evidence("a Cyrillic letter in a field name", endpoint("| `pageSiz\u{0435}` | integer | optional | | | OFF-3.0 | Size. |"), [
            "evidence/video/omni-video.create.md:16:3: error: field name 'pageSiz\\u0435' holds '\\u0435' (U+0435 CYRILLIC SMALL LETTER IE); field names use ASCII letters, digits, '_' and '-'",
        ]),
        evidence("a zero-width space in a rule id", endpoint(extra: rules + "| OV-R1\u{200B} | `present(mode)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:3: error: id 'OV-R1\\u200b' holds '\\u200b' (U+200B ZERO WIDTH SPACE); ids use ASCII letters, digits, '-', '.' and '_'",
        ]),
        evidence("a look-alike character in a rule", endpoint(extra: rules + "| OV-R1 | `present(mod\u{0435})` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:23: error: unexpected character '\\u0435'",
        ]),
        Case(name: "a Cyrillic letter in a source key", files: ["evidence/SOURCES.md": Array(sources.replacingOccurrences(of: "| OFF-DEV |", with: "| \u{041E}FF-DEV |").utf8)], arguments: ["check"], exit: 2, diagnostics: [
            "evidence/SOURCES.md:6:3: error: source key '\\u041eFF-DEV' holds '\\u041e' (U+041E CYRILLIC CAPITAL LETTER O); keys use ASCII letters, digits, '-', '.' and '_'",
        ]),
        evidence("a look-alike source key in a row", endpoint("| `mode` | string | optional | | | \u{041E}FF-3.0 | Tier. |"), [
            "evidence/video/omni-video.create.md:16:36: error: source key '\\u041eFF-3.0' holds '\\u041e' (U+041E CYRILLIC CAPITAL LETTER O); keys use ASCII letters, digits, '-', '.' and '_'",
        ]),
        withEnvelope("a look-alike field name in the envelope", envelope(pagination: "| `pageNum` | integer | optional | `1` | [1, 1000] | OFF-3.0 | Page. |\n| `pageSiz\u{0435}` | integer | optional | `30` | [1, 500] | OFF-3.0 | Page size. |\n"), [
            "evidence/common/envelope.md:15:3: error: field name 'pageSiz\\u0435' holds '\\u0435' (U+0435 CYRILLIC SMALL LETTER IE); field names use ASCII letters, digits, '_' and '-'",
        ]),

        // 6. Rule trees too deep to walk.
        evidence("a chain of 6 000 &&", endpoint(extra: rules + "| OV-R1 | `\(chain("present(mode)", "&&", 6000))` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:1080: error: expression is more than 64 levels deep (each operator of a chain adds one); split it into smaller rules",
        ]),
        evidence("a chain of 6 000 ||", endpoint(extra: rules + "| OV-R1 | `\(chain("present(mode)", "\\|\\|", 6000))` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:1204: error: expression is more than 64 levels deep (each operator of a chain adds one); split it into smaller rules",
        ]),
        evidence("a chain of 6 000 +", endpoint(extra: rules + "| OV-R1 | `\(chain("1", "+", 6000)) > 0` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:266: error: expression is more than 64 levels deep (each operator of a chain adds one); split it into smaller rules",
        ]),
        evidence("a chain of 6 000 -", endpoint(extra: rules + "| OV-R1 | `\(chain("1", "-", 6000)) > 0` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:266: error: expression is more than 64 levels deep (each operator of a chain adds one); split it into smaller rules",
        ]),
        Case(name: "a chain of 6 000 && in a billing condition", files: ["evidence/billing.md": Array("# Billing\n\n| Endpoint | Model | Mode | When | Units | Per | Source |\n|---|---|---|---|---|---|---|\n| omni-video.create | `kling-v3` | `std` | `\(chain("present(mode)", "&&", 6000))` | 1 | `duration` | OFF-3.0 |\n".utf8)], arguments: ["check"], exit: 2, diagnostics: [
            "evidence/billing.md:5:1113: error: expression is more than 64 levels deep (each operator of a chain adds one); split it into smaller rules",
        ]),

        // 7. Cascades that hid their cause.
        evidence("a rule that does not parse is not reported again where it is named", endpoint("| `mode` | string | conditional(OV-R1) | | | OFF-3.0 | Tier. |", extra: rules + "| OV-R1 | `present(mode) &&` | required | required | OFF-3.0 | omni-video.md#rule-1 | R. |" + contradictions + "| OV-C1 | t | | a | OFF-3.0 | b | OFF-DEV | `rule:OV-R1` | x.md#y | w |"), [
            "evidence/video/omni-video.create.md:22:28: error: expression ends too early",
        ]),
        evidence("a rule that fails its type check is not reported again where it is named", endpoint("| `mode` | string | conditional(OV-R1) | | | OFF-3.0 | Tier. |", extra: rules + "| OV-R1 | `present(moed)` | required | required | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:20: error: unknown field `moed`; did you mean `mode`?",
        ]),
        evidence("a rule naming a row that did not load", endpoint("| `mode` | text | optional | | | OFF-3.0 | Tier. |", extra: rules + "| OV-R1 | `present(mode)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:16:12: error: unknown type 'text'; use string, integer, int64, number, boolean, object, array or array[<type>]",
            "evidence/video/omni-video.create.md:22:20: error: `mode` did not load (its row has an error)",
        ]),
        evidence("### Rules is a heading-level problem", endpoint(extra: "\n## Response Body\n\n" + fieldHeader + "| `code` | integer | required | | | OFF-3.0 | Code. |\n\n### Rules\n\n| Rule | Check | Effect | Wording | Source | Digest | Description |\n|---|---|---|---|---|---|---|\n| OV-R1 | `present(mode)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:26:1: error: a table under the level-3 heading '### Rules' (line 24); sections are level-2 headings ('## Rules')",
        ]),
        Case(name: "an include without an envelope says the file is missing", files: [file: Array(including.utf8)], arguments: ["check"], exit: 2, diagnostics: [
            "evidence/video/omni-video.create.md:22:19: error: include common/envelope#headers: evidence/common/envelope.md is missing",
            "evidence/video/omni-video.create.md:28:19: error: include common/envelope#pagination: evidence/common/envelope.md is missing",
        ]),
        Case(name: "an envelope that is a folder says so", files: [file: Array(including.utf8), envelopeFile + "/": []], arguments: ["check"], exit: 2, diagnostics: [
            "evidence/common/envelope.md:1:1: error: evidence/common/envelope.md is a folder, not a file",
            "evidence/video/omni-video.create.md:22:19: error: include common/envelope#headers: evidence/common/envelope.md is a folder, not a file",
            "evidence/video/omni-video.create.md:28:19: error: include common/envelope#pagination: evidence/common/envelope.md is a folder, not a file",
        ]),
        Case(name: "an endpoint file that is a folder says so", files: ["evidence/video/text2video.create.md/": []], arguments: ["check"], exit: 2, diagnostics: [
            "evidence/video/text2video.create.md:1:1: error: evidence/video/text2video.create.md is a folder, not a file",
        ]),
        Case(name: "a look-alike envelope field: what names the real one is a knock-on", files: [
            file: Array((including + rules + "| OV-R1 | `present(pageSize)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |\n").utf8),
            envelopeFile: Array(envelope(pagination: "| `pageNum` | integer | optional | `1` | [1, 1000] | OFF-3.0 | Page. |\n| `pageSiz\u{0435}` | integer | optional | `30` | [1, 500] | OFF-3.0 | Page size. |\n").utf8),
            statusFile: Array((statusTable + "| `omni-video.create#query:pageSize` | out-of-scope | | r |\n").utf8),
        ], arguments: ["check"], exit: 2, diagnostics: [
            "evidence/common/envelope.md:15:3: error: field name 'pageSiz\\u0435' holds '\\u0435' (U+0435 CYRILLIC SMALL LETTER IE); field names use ASCII letters, digits, '_' and '-'",
            "evidence/video/omni-video.create.md:34:20: error: `pageSize` did not load (its row has an error)",
        ]),
        evidence("a rule id with a zero-width space: its conditional is a knock-on", endpoint("| `mode` | string | conditional(OV-R1) | | | OFF-3.0 | Tier. |", extra: rules + "| OV-R1\u{200B} | `present(mode)` | required | required | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:22:3: error: id 'OV-R1\\u200b' holds '\\u200b' (U+200B ZERO WIDTH SPACE); ids use ASCII letters, digits, '-', '.' and '_'",
        ]),
        Case(name: "a look-alike source key: the rows citing the real one are knock-ons", files: [
            "evidence/SOURCES.md": Array(sources.replacingOccurrences(of: "| OFF-DEV |", with: "| \u{041E}FF-DEV |").utf8),
            file: Array(endpoint("| `mode` | string | optional | | | OFF-3.0, OFF-DEV | Tier. |").utf8),
        ], arguments: ["check"], exit: 2, diagnostics: [
            "evidence/SOURCES.md:6:3: error: source key '\\u041eFF-DEV' holds '\\u041e' (U+041E CYRILLIC CAPITAL LETTER O); keys use ASCII letters, digits, '-', '.' and '_'",
        ]),
        Case(name: "a status row naming a rule that did not load is a knock-on", files: [
            file: Array(endpoint(extra: rules + "| OV-R1 | `present(mode) &&` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |").utf8),
            statusFile: Array((statusTable + "| `rule:OV-R1` | out-of-scope | | r |\n").utf8),
        ], arguments: ["check"], exit: 2, diagnostics: [
            "evidence/video/omni-video.create.md:22:28: error: expression ends too early",
        ]),
        evidence("# Rules is a heading-level problem", endpoint(extra: "\n# Rules\n\n| Rule | Check | Effect | Wording | Source | Digest | Description |\n|---|---|---|---|---|---|---|\n| OV-R1 | `present(mode)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:18:1: error: a level-1 heading '# Rules'; sections are level-2 headings ('## Rules')",
        ]),
        evidence("a zero-width space in the endpoint path", endpoint().replacingOccurrences(of: "| path | /v1/videos/omni-video |", with: "| path | /v1/videos/omni\u{200B}-video |"), [
            "evidence/video/omni-video.create.md:7:10: error: path '/v1/videos/omni\\u200b-video' holds '\\u200b' (U+200B ZERO WIDTH SPACE); a path uses ASCII letters, digits and / - _ . { }",
        ]),
        evidence("an enforced expression with a literal outside the enum", endpoint(extra: contradictions + "| OV-C1 | t | | a | OFF-3.0 | b | OFF-DEV | `mode != \"ultra\"` | x.md#y | w |"), [
            "evidence/video/omni-video.create.md:22:54: error: \"ultra\" is not a value of `mode` (`std`, `pro`)",
        ]),
        Case(name: "a billing condition with a literal outside the enum", files: ["evidence/billing.md": Array("# Billing\n\n| Endpoint | Model | Mode | When | Units | Per | Source |\n|---|---|---|---|---|---|---|\n| omni-video.create | `kling-v3` | `std` | `mode == \"pr0\"` | 1 | `duration` | OFF-3.0 |\n".utf8), "evidence/video/omni-video.create.md": Array(endpoint("| `mode` | string | optional | `\"std\"` | `std`, `pro` | OFF-3.0 | Tier. |\n| `duration` | string | optional | `\"5\"` | int-string 3..15 | OFF-3.0 | Length. |").utf8)], arguments: ["check"], exit: 2, diagnostics: [
            "evidence/billing.md:5:53: error: \"pr0\" is not a value of `mode` (`std`, `pro`); did you mean \"pro\"?",
        ]),
        Case(name: "a look-alike model heading in the capability map", files: ["evidence/capability-map.md": Array("# Capability map\n\n## kling-v3-\u{043E}mni\n\n| Feature | Value | Source | Note |\n|---|---|---|---|\n| sound | ✅ | OFF-3.0 | |\n".utf8)], arguments: ["check"], exit: 2, diagnostics: [
            "evidence/capability-map.md:5:1: error: model 'kling-v3-\\u043emni' holds '\\u043e' (U+043E CYRILLIC SMALL LETTER O); model names use ASCII letters, digits and _ - . :",
        ]),
        Case(name: "a policy check with a literal outside the enum", files: ["register/policy.md": Array("# Policy\n\n## Policy\n\n| Id | Applies to | Check | Description |\n|---|---|---|---|\n| P-1 | omni-video.create | `mode == \"4k\"` | d |\n".utf8)], arguments: ["check"], exit: 2, diagnostics: [
            "register/policy.md:7:38: error: \"4k\" is not a value of `mode` (`std`, `pro`)",
        ]),
        evidence("children of a row that did not load are knock-ons", endpoint("| `a` | obj | optional | | | OFF-3.0 | A. |\n| `a.b` | string | optional | | | OFF-3.0 | B. |\n| `a.b.c` | string | optional | | | OFF-3.0 | C. |\n| └ `d` | string | optional | | | OFF-3.0 | D. |"), [
            "evidence/video/omni-video.create.md:16:9: error: unknown type 'obj'; use string, integer, int64, number, boolean, object, array or array[<type>]",
        ]),
        evidence("a marked child of a row that did not load is not given to the row above", endpoint("| `z` | object | optional | | | OFF-3.0 | Z. |\n| `a` | obj | optional | | | OFF-3.0 | A. |\n| └ `b` | string | optional | | | OFF-3.0 | B. |", extra: rules + "| OV-R1 | `present(z.b)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:17:9: error: unknown type 'obj'; use string, integer, int64, number, boolean, object, array or array[<type>]",
            "evidence/video/omni-video.create.md:24:20: error: unknown field `z.b`",
        ]),
        Case(name: "an endpoint file that does not load: what names the endpoint is a knock-on", files: [
            file: Array(endpoint().replacingOccurrences(of: "| scope | current |\n", with: "").utf8),
            "evidence/live/2026-04-01-omni-video-x.json": Array(#"{"id": "2026-04-01-omni-video-x", "label": null, "purpose": "", "observed": "2026-04-01", "model": null, "request_known": "partial", "calls": [{"endpoint": "omni-video.create", "create": "rejected"}], "blame": ["omni-video.create#body:mode"], "claims": [], "notes": ""}"#.utf8),
            "evidence/payloads/omni-video.create.json": Array(#"[{"description": "g", "cases": [{"id": "OV-G-1", "description": "d", "payload": {"mode": "std"}, "valid": true, "expect": [], "oracle": "author", "notes": []}]}]"#.utf8),
            statusFile: Array((statusTable + "| `omni-video.create#body:mode` | out-of-scope | | r |\n").utf8),
            "register/policy.md": Array("# Policy\n\n## Policy\n\n| Id | Applies to | Check | Description |\n|---|---|---|---|\n| P-1 | omni-video.create | `mode == \"std\"` | d |\n".utf8),
        ], arguments: ["check"], exit: 2, diagnostics: [
            "evidence/video/omni-video.create.md:1:1: error: the header table lacks scope",
        ]),
        evidence("a commented-out rule named by a conditional: the comment is the cause", endpoint("| `mode` | string | conditional(OV-R2) | | | OFF-3.0 | Tier. |", extra: rules + "| OV-R1 | `present(mode)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |\n<!-- | OV-R2 | `present(mode)` | required | OFF-3.0 | omni-video.md#rule-2 | R. | -->"), [
            "evidence/video/omni-video.create.md:23:6: error: a table line inside an HTML block or comment is not read; remove the markup around the rows",
        ]),
        evidence("### Rules named by a conditional: the heading is the cause", endpoint("| `mode` | string | conditional(OV-R1) | | | OFF-3.0 | Tier. |", extra: "\n### Rules\n\n| Rule | Check | Effect | Wording | Source | Digest | Description |\n|---|---|---|---|---|---|---|\n| OV-R1 | `present(mode)` | required | required | OFF-3.0 | omni-video.md#rule-1 | R. |"), [
            "evidence/video/omni-video.create.md:20:1: error: a table under the level-3 heading '### Rules' (line 18); sections are level-2 headings ('## Rules')",
        ]),
        evidence("a rule in a second Rules table named by a reference", endpoint(extra: rules + "| OV-R1 | `present(mode)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |\n" + rules + "| OV-R2 | `present(mode)` | error | OFF-3.0 | omni-video.md#rule-2 | R. |" + contradictions + "| OV-C1 | t | | a | OFF-3.0 | b | OFF-DEV | `rule:OV-R2` | x.md#y | w |"), [
            "evidence/video/omni-video.create.md:26:1: error: a second table in section 'Rules' (the first is at line 20); a section holds one table",
        ]),
        withEnvelope("a commented-out envelope row named by a rule", envelope(pagination: "| `pageNum` | integer | optional | `1` | [1, 1000] | OFF-3.0 | Page. |\n<!-- | `pageSize` | integer | optional | `30` | [1, 500] | OFF-3.0 | Page size. | -->\n"), endpointText: including + rules + "| OV-R1 | `present(pageSize)` | error | must | OFF-3.0 | omni-video.md#rule-1 | R. |\n", [
            "evidence/common/envelope.md:15:6: error: a table line inside an HTML block or comment is not read; remove the markup around the rows",
            "evidence/video/omni-video.create.md:34:20: error: `pageSize` did not load (its row has an error)",
        ]),
        Case(name: "a capability cell that did not load: its status row is a knock-on", files: [
            "evidence/capability-map.md": Array("# Capability map\n\n## kling-v3\n\n| Feature | Value | Source | Note |\n|---|---|---|---|\n| sound | maybe | OFF-3.0 | |\n".utf8),
            statusFile: Array((statusTable + "| `cap:kling-v3/sound` | out-of-scope | | r |\n").utf8),
        ], arguments: ["check"], exit: 2, diagnostics: [
            "evidence/capability-map.md:7:11: error: cannot read 'maybe' as a constraint",
        ]),
        withEnvelope("an include of an unknown envelope section", envelope(), endpointText: including.replacingOccurrences(of: "envelope#pagination", with: "envelope#paging"), [
            "evidence/video/omni-video.create.md:28:19: error: include common/envelope#paging: no such section in evidence/common/envelope.md (sections: headers, pagination, task, task-list)",
        ]),
        withEnvelope("an include of an envelope section whose table did not load", envelope(headerColumns: "| Field | Type | Required | Default | Values | Origin | Description |\n|---|---|---|---|---|---|---|\n"), [
            "evidence/common/envelope.md:5:1: error: table has no 'Source' column",
            "evidence/common/envelope.md:5:48: error: unknown column 'Origin'; expected Field | Type | Required | Default | Values | Source | Description",
            "evidence/video/omni-video.create.md:22:19: error: include common/envelope#headers: the section's table in evidence/common/envelope.md did not load",
        ]),
    ]

    @Test(arguments: readerCases)
    func readerDefects(_ testCase: Case) throws {
        try Self.expectDiagnostics(testCase)
    }
}

/// A file argument that is missing and one that is a folder are told apart.
struct FileArgumentTests {
    @Test func validateSaysWhichFileIsMissingAndWhichIsAFolder() {
        let folder = TemporaryFolder()
        folder.makeFolder("payload.json")
        let result = runCLI(["validate", "nope.json", "payload.json", "--endpoint", "omni-video.create", "--root", packageRoot.path], in: folder.url)
        #expect(result.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") } == [
            "nope.json: error: no such file",
            "payload.json: error: is a folder, not a file",
        ])
        #expect(result.exit.rawValue == 2)
    }

    @Test func preflightSaysThePlanIsAFolder() {
        let folder = TemporaryFolder()
        folder.makeFolder("plan.json")
        let result = runCLI(["preflight", "plan.json", "--root", packageRoot.path], in: folder.url)
        #expect(result.stderr.split(separator: "\n").map(String.init).filter { $0.contains("error") } == ["klingreg: error: plan.json: cannot read the plan: is a folder, not a file"])
        #expect(result.exit.rawValue == 2)
    }

    @Test func aRootWithAFileWhereAFolderBelongsSaysSo() {
        let folder = TemporaryFolder()
        folder.makeFolder("register")
        folder.write("evidence", "")
        let result = runCLI(["check", "--root", folder.url.path], in: folder.url)
        #expect(result.stderr.split(separator: "\n").map(String.init) == ["klingreg: error: \(folder.url.standardizedFileURL.path) is not a klingreg repository: missing evidence/ (a file stands there, not a folder)"])
        #expect(result.exit.rawValue == 2)
    }
}
