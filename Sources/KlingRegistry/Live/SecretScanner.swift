import KlingRuntime

/// Finds credentials in a request log or record before anything is written:
/// `Authorization` values, bearer tokens, JWTs, and access or secret keys by
/// key name, anywhere in the JSON, including inside strings and URL queries.
public enum SecretScanner {
    public struct Hit: Sendable, Equatable, CustomStringConvertible {
        /// The JSON path of the value; the secret itself is never repeated.
        public var path: String
        public var kind: String
        public var description: String { "\(kind) at \(path.isEmpty ? "(root)" : path)" }
    }

    /// Key names (lower-cased, `-` and `_` removed) whose values are credentials.
    static let secretKeys: Set<String> = [
        "authorization", "proxyauthorization", "accesskey", "accesskeyid", "secretkey", "secretaccesskey", "secret",
        "apikey", "xapikey", "apisecret", "accesstoken", "refreshtoken", "token", "bearer", "jwt", "password", "clientsecret",
    ]

    public static func firstHit(in value: JSONValue) -> Hit? {
        scan(value, path: "")
    }

    private static func normalized(_ key: String) -> String {
        key.lowercased().filter { $0 != "-" && $0 != "_" }
    }

    private static func scan(_ value: JSONValue, path: String) -> Hit? {
        switch value {
        case .object(let object):
            for member in object.members {
                let memberPath = JSONPath.appending(path, key: member.key)
                if secretKeys.contains(normalized(member.key)), member.value != .null, member.value != .string("") {
                    return Hit(path: memberPath, kind: "a credential under the key \"\(member.key)\"")
                }
                if let hit = scan(member.value, path: memberPath) { return hit }
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let hit = scan(item, path: JSONPath.appending(path, index: index)) { return hit }
            }
        case .string(let text):
            if let kind = secretKind(in: text) { return Hit(path: path, kind: kind) }
        default:
            break
        }
        return nil
    }

    /// What kind of secret a string carries, if any.
    public static func secretKind(in text: String) -> String? {
        let bytes = Array(text.utf8)
        if containsJWT(bytes) { return "a JWT" }
        if containsBearer(bytes) { return "a bearer token" }
        if containsSecretQuery(text) { return "a credential in a URL query" }
        return nil
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// `eyJ….eyJ….…`: a base64url header and payload that both open with `{"`.
    static func containsJWT(_ bytes: [UInt8]) -> Bool {
        let marker = Array("eyJ".utf8)
        var index = 0
        while index + 3 <= bytes.count {
            if bytes[index] == marker[0], bytes[index + 1] == marker[1], bytes[index + 2] == marker[2], index == 0 || !isTokenByte(bytes[index - 1]) {
                var cursor = index
                while cursor < bytes.count, isTokenByte(bytes[cursor]) { cursor += 1 }
                if cursor - index >= 10, cursor + 4 < bytes.count, bytes[cursor] == UInt8(ascii: "."), Array(bytes[(cursor + 1)...(cursor + 3)]) == marker {
                    var second = cursor + 1
                    while second < bytes.count, isTokenByte(bytes[second]) { second += 1 }
                    if second - cursor - 1 >= 10, second < bytes.count, bytes[second] == UInt8(ascii: ".") { return true }
                }
            }
            index += 1
        }
        return false
    }

    /// `Bearer <token>` with a token of at least 8 characters.
    static func containsBearer(_ bytes: [UInt8]) -> Bool {
        let word = Array("bearer ".utf8)
        var index = 0
        while index + word.count < bytes.count {
            let matches = (0..<word.count).allSatisfy { offset in
                let byte = bytes[index + offset]
                return (byte | 0x20) == word[offset] || (word[offset] == 0x20 && byte == 0x20)
            }
            if matches, index == 0 || !isTokenByte(bytes[index - 1]) {
                var cursor = index + word.count
                let start = cursor
                while cursor < bytes.count, isTokenByte(bytes[cursor]) || bytes[cursor] == UInt8(ascii: ".") || bytes[cursor] == UInt8(ascii: "=") || bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "/") { cursor += 1 }
                if cursor - start >= 8 { return true }
            }
            index += 1
        }
        return false
    }

    /// `?access_key=…` or `&token=…` in a URL.
    static func containsSecretQuery(_ text: String) -> Bool {
        guard let query = text.firstIndex(where: { $0 == "?" }) else { return false }
        for pair in text[text.index(after: query)...].split(whereSeparator: { $0 == "&" || $0 == "#" }) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, !parts[1].isEmpty, secretKeys.contains(normalized(String(parts[0]))) { return true }
        }
        return false
    }
}
