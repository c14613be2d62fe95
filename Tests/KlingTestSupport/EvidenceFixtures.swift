/// Small evidence files for tests that build a repository from scratch.
package enum EvidenceFixtures {
    /// SOURCES.md with two official keys and one third-party key.
    package static let sources = """
    # Sources

    | Key | Class | Title | Address |
    |---|---|---|---|
    | OFF-3.0 | official | Series 3.0 specification | https://docs.qingque.cn/ |
    | OFF-DEV | official | Developer docs | https://app.klingai.com/ |
    | T3-X | third-party | A reseller | https://example.com/ |

    """

    /// An endpoint file whose Request Body rows start on line 16, then `extra` sections.
    package static func endpointFile(id: String = "omni-video.create", body: String, extra: String = "") -> String {
        """
        # Fixture endpoint

        | Key | Value |
        |---|---|
        | id | \(id) |
        | method | POST |
        | path | /v1/videos/omni-video |
        | source | OFF-3.0 |
        | captured | 2026-11-20 |
        | scope | current |

        ## Request Body

        | Field | Type | Required | Default | Values | Source | Description |
        |---|---|---|---|---|---|---|
        \(body)
        \(extra)
        """
    }
}
