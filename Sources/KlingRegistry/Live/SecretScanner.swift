import KlingRuntime

/// Finds credentials in a request log, a live record or a golden case by
/// structure, not by exact strings: key names after folding case, width and
/// separators; header maps, `[name, value]` pairs and HAR `{name, value}`
/// objects; URLs (userinfo, query, fragment, matrix parameters); JWTs, also
/// split across adjacent fields; `Bearer`/`Basic` with any whitespace; PEM
/// blocks; well-known key-id shapes. Text is looked at as given, with
/// fullwidth forms folded, percent-decoded, and inside one level of base64.
///
/// Signed URLs whose query only carries a signature and an expiry
/// (`x-signature`, `x-oss-signature`, `expires`, …) pass: the API returns them
/// for its outputs and they open one asset for a while, not the account.
package enum SecretScanner {
    package struct Hit: Sendable, Equatable, CustomStringConvertible {
        /// The JSON path of the value; the secret itself is never repeated.
        package var path: String
        package var kind: String
        package var description: String { "\(kind) at \(path.isEmpty ? "(root)" : path)" }
    }

    /// The first credential found, in document order.
    package static func firstHit(in value: JSONValue) -> Hit? {
        var scan = Scan(limit: 1)
        scan.value(value, path: "", depth: 0)
        return scan.hits.first
    }

    /// Every credential found, at most one per JSON path.
    package static func hits(in value: JSONValue) -> [Hit] {
        var scan = Scan(limit: .max)
        scan.value(value, path: "", depth: 0)
        return scan.hits
    }

    /// What kind of secret a string carries, if any.
    package static func secretKind(in text: String) -> String? {
        kind(in: text, depth: 0)
    }

    // MARK: - Key names

    /// Words that name a credential wherever they stand in a key.
    static let secretWords: Set<String> = [
        "ak", "sk", "secret", "secrets", "token", "tokens", "password", "passwords", "passwd", "passphrase", "pwd",
        "credential", "credentials", "creds", "signature", "cookie", "cookies", "session", "sessionid", "sessid",
        "auth", "authorization", "authentication", "authn", "bearer", "jwt", "apikey", "apikeys", "accesskey",
        "secretkey", "privatekey", "accesstoken", "refreshtoken", "idtoken", "csrf", "xsrf", "otp", "totp",
    ]
    /// Adjacent word pairs that name a credential (`access key`, `api key`, …).
    static let secretPairs: Set<String> = [
        "access key", "api key", "private key", "secret key", "client secret", "app key", "app secret",
        "master key", "signing key", "encryption key", "key id", "key secret", "pass word", "pass phrase",
    ]
    /// Run-together spellings found inside a single word (`kling_accesskey`, `XAPIKEY`).
    static let secretInfixes = ["accesskey", "apikey", "secretkey", "privatekey", "appkey", "appsecret", "secret", "token", "password", "passwd", "credential", "authorization", "cookie", "session", "signature", "bearer", "jwt"]

    /// URL query parameters that sign one output URL: allowed, see the type's note.
    static let urlSignatureNames: Set<String> = [
        "signature", "xsignature", "xosssignature", "xcossignature", "xamzsignature", "sign", "sig",
        "expires", "xexpires", "xossexpires", "xamzexpires", "xamzdate", "xossdate", "xossprocess",
    ]

    /// The words of a key: fullwidth forms folded, split at separators and camelCase, lower-cased.
    static func words(of key: String) -> [String] {
        var words: [String] = []
        var current: [Character] = []
        var previous: Character?
        let scalars = Array(fold(key).unicodeScalars)
        func flush() {
            if !current.isEmpty { words.append(String(current).lowercased()) }
            current = []
        }
        for (index, scalar) in scalars.enumerated() {
            let character = Character(scalar)
            guard character.isLetter || character.isNumber else {
                flush()
                previous = nil
                continue
            }
            if let previous {
                let next = index + 1 < scalars.count ? Character(scalars[index + 1]) : nil
                // `accessKey` → access|Key; `APIKey` → API|Key.
                if previous.isLowercase && character.isUppercase { flush() }
                else if previous.isUppercase && character.isUppercase, let next, next.isLowercase { flush() }
                else if previous.isNumber != character.isNumber { flush() }
            }
            current.append(character)
            previous = character
        }
        flush()
        return words
    }

    /// Whether a key (or a header or parameter name) names a credential.
    package static func isSecretName(_ key: String) -> Bool {
        let words = words(of: key)
        if words.contains(where: secretWords.contains) { return true }
        for index in words.indices.dropLast() where secretPairs.contains(words[index] + " " + words[index + 1]) { return true }
        return words.contains { word in secretInfixes.contains { word.count > $0.count && word.contains($0) } }
    }

    /// Fullwidth ASCII forms (U+FF01…U+FF5E) and the ideographic space become ASCII;
    /// zero-width characters go.
    static func fold(_ text: String) -> String {
        var needs = false
        for scalar in text.unicodeScalars where scalar.value >= 0x200B {
            needs = true
            break
        }
        guard needs else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: result.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: result.append(" ")
            case 0x200B...0x200D, 0x2060, 0xFEFF: continue
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    // MARK: - Structure

    private struct Scan {
        let limit: Int
        var hits: [Hit] = []
        var seen: Set<String> = []

        init(limit: Int) { self.limit = limit }

        var done: Bool { hits.count >= limit }

        mutating func add(_ path: String, _ kind: String) {
            guard !done, seen.insert(path).inserted else { return }
            hits.append(Hit(path: path, kind: kind))
        }

        mutating func value(_ value: JSONValue, path: String, depth: Int) {
            guard !done else { return }
            switch value {
            case .object(let object):
                if let name = pairName(object), hasValue(object["value"]) {
                    add(path, "a credential in a name/value pair named \"\(name)\"")
                    return
                }
                for member in object.members {
                    if let kind = SecretScanner.kind(in: member.key, depth: depth) {
                        // The key itself would leak through its path.
                        add(path, "\(kind) in a key")
                        continue
                    }
                    let memberPath = JSONPath.appending(path, key: member.key)
                    if isSecretName(member.key), hasValue(member.value) {
                        add(memberPath, "a credential under the key \"\(member.key)\"")
                        continue
                    }
                    self.value(member.value, path: memberPath, depth: depth)
                }
                adjacent(object.members.map { (JSONPath.appending(path, key: $0.key), $0.value) })
            case .array(let items):
                if items.count == 2, case .string(let name) = items[0], isSecretName(name), hasValue(items[1]), SecretScanner.kind(in: name, depth: depth) == nil {
                    add(path, "a credential in a [name, value] pair named \"\(name)\"")
                    return
                }
                for (index, item) in items.enumerated() {
                    self.value(item, path: JSONPath.appending(path, index: index), depth: depth)
                }
                adjacent(items.enumerated().map { (JSONPath.appending(path, index: $0.offset), $0.element) })
            case .string(let text):
                if let kind = SecretScanner.kind(in: text, depth: depth) { add(path, kind) }
            default:
                break
            }
        }

        /// HAR and similar lists: `{"name": "Authorization", "value": …}` (or `key`/`value`).
        func pairName(_ object: JSONObject) -> String? {
            guard object["value"] != nil else { return nil }
            for key in ["name", "key", "header", "field"] {
                if case .string(let name)? = object[key], isSecretName(name), SecretScanner.kind(in: name, depth: 1) == nil { return name }
            }
            return nil
        }

        /// A JWT cut into pieces kept in neighbouring string values: two, or three
        /// with the middle one all token characters. Reported at the first piece.
        mutating func adjacent(_ members: [(path: String, value: JSONValue)]) {
            let strings = members.map { member -> String? in if case .string(let text) = member.value { return text } else { return nil } }
            func spans(_ pieces: [String], _ joins: [String]) -> Bool {
                // A JWT inside one piece is reported at that piece, not here.
                !pieces.contains { containsJWT(Array($0.utf8)) } && joins.contains { containsJWT(Array($0.utf8)) }
            }
            var pairs = [Bool](repeating: false, count: strings.count)
            for index in strings.indices.dropLast() {
                guard let first = strings[index], let second = strings[index + 1] else { continue }
                let tail = trailingRun(first)
                let head = leadingRun(second)
                pairs[index] = spans([tail, head], [tail + head, tail + "." + head])
                if pairs[index] { add(members[index].path, "a JWT split across adjacent fields") }
            }
            for index in strings.indices.dropLast(2) where !pairs[index] && !pairs[index + 1] {
                guard let first = strings[index], let second = strings[index + 1], let third = strings[index + 2], leadingRun(second) == second else { continue }
                let tail = trailingRun(first)
                let end = leadingRun(third)
                if spans([tail, second, end], [tail + second + end, tail + "." + second + "." + end, tail + second + "." + end, tail + "." + second + end]) {
                    add(members[index].path, "a JWT split across adjacent fields")
                }
            }
        }
    }

    /// Null, empty, and booleans carry no credential; anything else does.
    static func hasValue(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?, .bool?: return false
        case .string(let text)?: return !text.isEmpty
        case .array(let items)?: return !items.isEmpty
        case .object(let object)?: return !object.members.isEmpty
        case .number?: return true
        }
    }

    // MARK: - Text

    static func kind(in text: String, depth: Int) -> String? {
        guard !text.isEmpty else { return nil }
        var variants = [text]
        let folded = fold(text)
        if folded != text { variants.append(folded) }
        if folded.utf8.contains(UInt8(ascii: "%")), let decoded = percentDecoded(folded), decoded != folded { variants.append(decoded) }
        for variant in variants {
            if let kind = directKind(variant) { return kind }
        }
        guard depth == 0 else { return nil }
        for variant in variants {
            if let kind = nestedKind(variant) { return kind }
        }
        return nil
    }

    /// Secrets readable in the text as it stands.
    static func directKind(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        if containsPEM(bytes) { return "a PEM block" }
        if containsJWT(bytes) { return "a JWT" }
        if let scheme = authorizationScheme(bytes) { return "a \(scheme) credential" }
        if let kind = keyIDKind(bytes) { return kind }
        if let kind = urlCredential(bytes) { return kind }
        if containsAssignment(bytes) { return "a credential assigned to a secret name" }
        return nil
    }

    /// Secrets one level down: JSON held in a string, and base64 runs that decode to text.
    static func nestedKind(_ text: String) -> String? {
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        if trimmed.first == "{" || trimmed.first == "[", let inner = try? JSONReader().parse(String(trimmed)) {
            var scan = Scan(limit: 1)
            scan.value(inner, path: "", depth: 1)
            if let hit = scan.hits.first { return "\(hit.kind) inside JSON text" }
        }
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            guard isBase64Byte(bytes[start]) else { start += 1; continue }
            var end = start
            while end < bytes.count, isBase64Byte(bytes[end]) { end += 1 }
            var stop = end
            while stop < bytes.count, bytes[stop] == UInt8(ascii: "="), stop - end < 2 { stop += 1 }
            if end - start >= 12, let decoded = decodeBase64Text(bytes[start..<end]) {
                if looksLikeUserSecretPair(decoded) { return "base64 of a name:secret pair" }
                if let kind = kind(in: decoded, depth: 1) { return "base64 of \(kind)" }
                if let inner = nestedJSONKind(decoded) { return "base64 of \(inner)" }
            }
            start = stop
        }
        return nil
    }

    static func nestedJSONKind(_ text: String) -> String? {
        guard text.first == "{" || text.first == "[", let inner = try? JSONReader().parse(text) else { return nil }
        var scan = Scan(limit: 1)
        scan.value(inner, path: "", depth: 1)
        return scan.hits.first.map { "JSON holding \($0.kind)" }
    }

    // MARK: - Shapes

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    static func isBase64Byte(_ byte: UInt8) -> Bool {
        isTokenByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
    }

    static func trailingRun(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var start = bytes.count
        while start > 0, isTokenByte(bytes[start - 1]) || bytes[start - 1] == UInt8(ascii: ".") { start -= 1 }
        return String(decoding: bytes[start...], as: UTF8.self)
    }

    static func leadingRun(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var end = 0
        while end < bytes.count, isTokenByte(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// `-----BEGIN …-----`: keys and certificates alike.
    static func containsPEM(_ bytes: [UInt8]) -> Bool {
        let marker = Array("-----BEGIN ".utf8)
        guard bytes.count >= marker.count else { return false }
        for index in 0...(bytes.count - marker.count) where bytes[index] == marker[0] {
            if (0..<marker.count).allSatisfy({ (bytes[index + $0] & (marker[$0] >= 0x41 ? 0xDF : 0xFF)) == marker[$0] }) { return true }
        }
        return false
    }

    /// Three base64url segments whose first decodes to a JSON object, the header
    /// of a JWT; the header may be glued to text before it.
    static func containsJWT(_ bytes: [UInt8]) -> Bool {
        var start = 0
        while start < bytes.count {
            guard isTokenByte(bytes[start]) else { start += 1; continue }
            var end = start
            while end < bytes.count, isTokenByte(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
            var segments: [Range<Int>] = []
            var segmentStart = start
            for index in start...end where index == end || bytes[index] == UInt8(ascii: ".") {
                segments.append(segmentStart..<index)
                segmentStart = index + 1
            }
            if segments.count >= 3 {
                for index in 0..<(segments.count - 2) where segments[index + 1].count >= 2 && hasJSONHeader(bytes, segments[index]) {
                    return true
                }
            }
            start = end
        }
        return false
    }

    /// Whether some suffix of the segment starting `ey`/`ew` (`{"`, `{ `, `{\n`) decodes to a JSON object.
    static func hasJSONHeader(_ bytes: [UInt8], _ segment: Range<Int>) -> Bool {
        guard segment.count >= 4 else { return false }
        var candidates = 0
        for index in segment.lowerBound..<(segment.upperBound - 3) where bytes[index] == UInt8(ascii: "e") && (bytes[index + 1] == UInt8(ascii: "y") || bytes[index + 1] == UInt8(ascii: "w")) {
            candidates += 1
            if candidates > 64 { return false }
            let header = bytes[index..<segment.upperBound]
            guard header.count <= 4096, let decoded = decodeBase64(header) else { continue }
            if case .object? = try? JSONReader().parse(decoded) { return true }
        }
        return false
    }

    /// `Bearer <token>` or `Basic <base64 of name:secret>`, with any whitespace between.
    static func authorizationScheme(_ bytes: [UInt8]) -> String? {
        for (word, name) in [(Array("bearer".utf8), "Bearer"), (Array("basic".utf8), "Basic")] {
            guard bytes.count > word.count else { continue }
            for index in 0...(bytes.count - word.count) where bytes[index] | 0x20 == word[0] {
                guard (0..<word.count).allSatisfy({ bytes[index + $0] | 0x20 == word[$0] }), index == 0 || !isAlphanumeric(bytes[index - 1]) else { continue }
                var cursor = index + word.count
                var spaces = 0
                while cursor < bytes.count, let width = whitespaceWidth(bytes, cursor) {
                    cursor += width
                    spaces += 1
                }
                guard spaces > 0 else { continue }
                let start = cursor
                while cursor < bytes.count, isTokenByte(bytes[cursor]) || [UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "=")].contains(bytes[cursor]) { cursor += 1 }
                let token = bytes[start..<cursor]
                guard token.count >= 8 else { continue }
                if name == "Basic" {
                    let trimmed = token.prefix { $0 != UInt8(ascii: "=") }
                    if let decoded = decodeBase64Text(trimmed), decoded.contains(":") { return name }
                } else if looksLikeCredential(token) {
                    return name
                }
            }
        }
        return nil
    }

    /// A word of prose has letters only, with at most its first in capitals; a credential has more.
    static func looksLikeCredential<C: Collection>(_ token: C) -> Bool where C.Element == UInt8 {
        guard token.count >= 6 else { return false }
        if token.count >= 24 { return true }
        return token.enumerated().contains { offset, byte in
            !(0x61...0x7A).contains(byte) && !(offset == 0 && (0x41...0x5A).contains(byte))
        }
    }

    /// Bytes of one whitespace character at `index` (ASCII, NBSP, the U+2000 spaces, U+3000), or nil.
    static func whitespaceWidth(_ bytes: [UInt8], _ index: Int) -> Int? {
        let byte = bytes[index]
        if byte == 0x20 || (0x09...0x0D).contains(byte) { return 1 }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 || bytes[index + 1] == 0x85 { return 2 }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, (0x80...0x8A).contains(bytes[index + 2]) || [0xA8, 0xA9, 0xAF].contains(bytes[index + 2]) { return 3 }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x81, bytes[index + 2] == 0x9F { return 3 }
        if byte == 0xE3, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 { return 3 }
        return nil
    }

    /// How AWS-style key ids (`AKIA…`) and provider tokens (`sk-…`, `ghp_…`, `xoxb-…`) begin.
    static let awsPrefixes = ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "AROA", "APKA"].map { Array($0.utf8) }
    static let tokenPrefixes = ["sk-", "sk_live_", "sk_test_", "rk_live_", "ghp_", "gho_", "ghs_", "github_pat_", "xoxb-", "xoxp-", "xoxa-", "glpat-"].map { Array($0.utf8) }

    /// AWS-style key ids, Alibaba Cloud `LTAI…` ids, and provider tokens (`AIza…` too), as whole words.
    static func keyIDKind(_ bytes: [UInt8]) -> String? {
        var index = 0
        while index < bytes.count {
            guard isAlphanumeric(bytes[index]), index == 0 || !isAlphanumeric(bytes[index - 1]) else { index += 1; continue }
            var end = index
            while end < bytes.count, isTokenByte(bytes[end]) { end += 1 }
            var alnumEnd = index
            while alnumEnd < end, isAlphanumeric(bytes[alnumEnd]) { alnumEnd += 1 }
            let word = bytes[index..<end]
            let alphanumerics = alnumEnd - index
            if alphanumerics == 20, awsPrefixes.contains(where: { word.starts(with: $0) }),
               bytes[(index + 4)..<alnumEnd].allSatisfy({ (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }) { return "an access key id" }
            if (16...30).contains(alphanumerics), word.starts(with: Array("LTAI".utf8)) { return "an access key id" }
            if word.count >= 39, word.starts(with: Array("AIza".utf8)) { return "an API token" }
            if word.count >= 19, let prefix = tokenPrefixes.first(where: { word.starts(with: $0) }), word.count - prefix.count >= 16,
               bytes[(index + prefix.count)..<end].contains(where: { (0x30...0x39).contains($0) }) { return "an API token" }
            index = max(end, index + 1)
        }
        return nil
    }

    /// A URL with userinfo, or a query, fragment or matrix parameter named like a credential.
    static func urlCredential(_ bytes: [UInt8]) -> String? {
        let separator = Array("://".utf8)
        guard bytes.count > separator.count else { return nil }
        for index in 1...(bytes.count - separator.count) where bytes[index] == separator[0] && bytes[index + 1] == separator[1] && bytes[index + 2] == separator[2] {
            var end = index + 3
            while end < bytes.count, bytes[end] > 0x20, ![UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "`")].contains(bytes[end]) { end += 1 }
            let rest = bytes[(index + 3)..<end]
            let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
            if rest[rest.startIndex..<authorityEnd].contains(UInt8(ascii: "@")) { return "credentials in a URL's userinfo" }
            let queryStart = rest.firstIndex(of: UInt8(ascii: "?"))
            let fragmentStart = rest.firstIndex(of: UInt8(ascii: "#"))
            let pathEnd = [queryStart, fragmentStart].compactMap { $0 }.min() ?? rest.endIndex
            for segment in rest[authorityEnd..<pathEnd].split(separator: UInt8(ascii: "/")) {
                if parameters(segment.split(separator: UInt8(ascii: ";")).dropFirst()) { return "a credential in a URL's matrix parameter" }
            }
            if let queryStart {
                let queryEnd = fragmentStart.map { $0 > queryStart ? $0 : rest.endIndex } ?? rest.endIndex
                if parameters(rest[(queryStart + 1)..<queryEnd].split { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: ";") }) { return "a credential in a URL query" }
            }
            if let fragmentStart {
                if parameters(rest[(fragmentStart + 1)...].split { [UInt8(ascii: "&"), UInt8(ascii: ";"), UInt8(ascii: "?"), UInt8(ascii: "/")].contains($0) }) { return "a credential in a URL fragment" }
            }
        }
        return nil
    }

    /// Whether any `name=value` piece names a credential (signature and expiry parameters aside).
    static func parameters<S: Sequence>(_ pieces: S) -> Bool where S.Element == ArraySlice<UInt8> {
        for piece in pieces {
            guard let equals = piece.firstIndex(of: UInt8(ascii: "=")), equals + 1 < piece.endIndex else { continue }
            let raw = String(decoding: piece[piece.startIndex..<equals], as: UTF8.self)
            let name = percentDecoded(raw.replacingOccurrences(of: "+", with: " ")) ?? raw
            if isSecretName(name), !urlSignatureNames.contains(words(of: name).joined()) { return true }
        }
        return false
    }

    /// `name=value` (no spaces around `=`) or `Name: value` in free text, the name a
    /// credential's and the value present; URL signature parameters aside.
    static func containsAssignment(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            guard isTokenByte(bytes[index]) else { index += 1; continue }
            var end = index
            while end < bytes.count, isTokenByte(bytes[end]) { end += 1 }
            defer { index = end }
            var cursor = end
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") { cursor += 1 }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") || bytes[cursor] == UInt8(ascii: ":") || whitespaceWidth(bytes, cursor) != nil else { continue }
            var spaced = false
            while cursor < bytes.count, let width = whitespaceWidth(bytes, cursor) { cursor += width; spaced = true }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") || bytes[cursor] == UInt8(ascii: ":") else { continue }
            let colon = bytes[cursor] == UInt8(ascii: ":")
            cursor += 1
            while cursor < bytes.count, let width = whitespaceWidth(bytes, cursor) { cursor += width; spaced = true }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") { cursor += 1 }
            var valueEnd = cursor
            while valueEnd < bytes.count, bytes[valueEnd] > 0x20, ![UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "&"), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "#")].contains(bytes[valueEnd]) { valueEnd += 1 }
            let value = bytes[cursor..<valueEnd]
            let name = String(decoding: bytes[index..<end], as: UTF8.self)
            guard !value.isEmpty, isSecretName(name), !urlSignatureNames.contains(words(of: name).joined()) else { continue }
            // Prose says "the secret: gardens"; a credential is not a plain word.
            if colon || spaced {
                if looksLikeCredential(value) { return true }
            } else {
                return true
            }
        }
        return false
    }

    /// `AKEXAMPLE:SKEXAMPLE`: what HTTP Basic and many key files wrap in base64.
    static func looksLikeUserSecretPair(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count >= 2, parts[1].count >= 4, !parts[1].hasPrefix("/") else { return false }
        let name = parts[0].utf8.allSatisfy { isTokenByte($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "+") }
        return name && parts[1].utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    // MARK: - Decoding

    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8).enumerated() { table[Int(byte)] = UInt8(index) }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Standard or URL-safe base64 without padding; `textOnly` stops at the first byte that is not printable text.
    static func decodeBase64<C: Collection>(_ characters: C, textOnly: Bool = false) -> [UInt8]? where C.Element == UInt8 {
        guard characters.count % 4 != 1 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(characters.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for character in characters {
            let value = base64Values[Int(character)]
            guard value != 0xFF else { return nil }
            buffer = (buffer << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                let byte = UInt8((buffer >> UInt32(bits)) & 0xFF)
                if textOnly, !(byte >= 0x20 && byte < 0x7F) && byte != 0x09 && byte != 0x0A && byte != 0x0D { return nil }
                result.append(byte)
            }
        }
        return result
    }

    static func decodeBase64Text<C: Collection>(_ characters: C) -> String? where C.Element == UInt8 {
        decodeBase64(characters, textOnly: true).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `%XX` sequences decoded; nil when none decodes.
    static func percentDecoded(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        var changed = false
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: return byte - 0x30
            case 0x41...0x46: return byte - 0x37
            case 0x61...0x66: return byte - 0x57
            default: return nil
            }
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                result.append(high << 4 | low)
                index += 3
                changed = true
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return changed ? String(decoding: result, as: UTF8.self) : nil
    }
}

extension SecretScanner {
    /// One load error per credential in an evidence file, at its value; the value is not printed.
    static func report(_ value: JSONValue, positions: [String: SourcePosition], sink: inout DiagnosticSink) -> Bool {
        let found = hits(in: value)
        for hit in found {
            sink.error("\(hit.description): evidence holds no secrets; remove the value (it is not printed)", at: positions[hit.path] ?? SourcePosition(line: 1, column: 1))
        }
        return found.isEmpty
    }
}
