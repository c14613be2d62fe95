/// The families and id prefixes of docs/evidence-format.md. The endpoints themselves
/// come from the evidence files; this only says how ids are formed.
package enum EndpointCatalog {
    package static let families = ["video", "image", "element", "voice", "audio", "general", "legacy"]
    package static let reservedFolders = ["common", "live", "payloads"]

    /// `omni-video.create` → `omni-video`.
    package static func resource(ofEndpoint id: String) -> String {
        String(id.prefix { $0 != "." })
    }

    static let prefixes: [String: String] = [
        "omni-video": "OV", "text2video": "T2V", "image2video": "I2V",
        "omni-image": "OI", "image-generation": "IG", "element": "EL",
        "custom-voice": "CV", "video-extend": "VE", "multi-image2video": "MI",
        "callback": "CB", "tts": "TTS",
        "motion-control": "MC", "multi-elements": "ME", "lip-sync": "LS", "avatar": "AV",
        "text-to-audio": "TTA", "video-to-audio": "VTA", "image-recognize": "IR", "account": "ACC",
    ]

    /// Prefixes of ids that do not belong to one endpoint.
    package static let sharedPrefixes = ["CAP", "ENV"]

    package static func idPrefix(forEndpoint id: String) -> String? {
        prefixes[resource(ofEndpoint: id)]
    }

    /// The operation part of an id: `create`, `query-single`, …
    package static let operations = [
        "create", "query-single", "query-list", "presets-list", "delete", "notify",
        // The multi-elements selection calls, face identification, image recognition and the account's costs.
        "init", "add", "clear", "preview", "identify-face", "recognize", "costs",
    ]

    package static func isWellFormedID(_ id: String) -> Bool {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && prefixes[String(parts[0])] != nil && operations.contains(String(parts[1]))
    }
}
