/// What makes a string not an address the API can fetch. Offsets count
/// Unicode scalars from 0.
public enum URLProblem: Sendable, Equatable, CustomStringConvertible {
    case scheme(String)
    case noAuthority(scheme: String)
    case noHost
    case controlCharacter(offset: Int, value: UInt32)
    case space(offset: Int)
    case nonASCII(offset: Int, character: String)
    /// An ASCII character RFC 3986 allows nowhere, or not where it stands.
    case character(offset: Int, character: String)
    case percentEscape(offset: Int)
    case host(String)
    case port(String)

    public var description: String {
        switch self {
        case .scheme(let scheme): return "the scheme '\(scheme)' is not http or https"
        case .noAuthority(let scheme): return "'\(scheme):' is not followed by '//' and a host"
        case .noHost: return "the URL has no host"
        case .controlCharacter(let offset, let value):
            let digits = String(value, radix: 16, uppercase: true)
            return "the URL has the control character U+\(String(repeating: "0", count: max(0, 4 - digits.count)) + digits) at offset \(offset)"
        case .space(let offset): return "the URL has a space at offset \(offset)"
        case .nonASCII(let offset, let character): return "the URL has the non-ASCII character '\(character)' at offset \(offset); percent-encode it"
        case .character(let offset, let character): return "the URL has '\(character)' at offset \(offset), where RFC 3986 does not allow it"
        case .percentEscape(let offset): return "the '%' at offset \(offset) is not followed by two hex digits"
        case .host(let host): return "the host '\(host)' is neither a registered name nor an IP address"
        case .port(let port): return "the port '\(port)' is not a number in 0..65535"
        }
    }
}

/// URLs as the API takes them: RFC 3986 absolute URIs with the scheme http
/// or https, an authority with a non-empty host, only the characters RFC 3986
/// allows (no spaces, controls or raw non-ASCII), and valid percent escapes.
public enum URLSyntax {
    /// Whether `text` starts like an absolute URI (`scheme:`), whatever its scheme.
    /// Base64 has no ':', so such a string is never inline media.
    public static func hasScheme(_ text: String) -> Bool {
        schemeEnd(scalars(text, prefix: 64)) != nil
    }

    /// The scalars of `text` (at most `prefix`). ASCII text, nearly every URL and all
    /// base64, is read from its UTF-8 bytes, which is many times faster than decoding.
    static func scalars(_ text: String, prefix: Int = .max) -> [Unicode.Scalar] {
        let bytes = text.utf8
        if !bytes.contains(where: { $0 >= 0x80 }) { return bytes.prefix(prefix).map { Unicode.Scalar($0) } }
        return Array(text.unicodeScalars.prefix(prefix))
    }

    /// Why `text` is not a fetchable http(s) URL, or nil when it is one.
    public static func problem(_ text: String) -> URLProblem? {
        let scalars = scalars(text)
        guard let colon = schemeEnd(scalars) else { return .scheme(String(String.UnicodeScalarView(scalars.prefix { $0 != ":" }))) }
        let scheme = String(String.UnicodeScalarView(scalars[..<colon]))
        guard ["http", "https"].contains(scheme.lowercased()) else { return .scheme(scheme) }
        // Characters first: a newline or a bad escape anywhere is reported where it is.
        for (offset, scalar) in scalars.enumerated() {
            let value = scalar.value
            if value < 0x20 || value == 0x7F { return .controlCharacter(offset: offset, value: value) }
            if value == 0x20 { return .space(offset: offset) }
            if value > 0x7F { return .nonASCII(offset: offset, character: String(scalar)) }
            switch scalar {
            case "\"", "<", ">", "\\", "^", "`", "{", "|", "}": return .character(offset: offset, character: String(scalar))
            default: break
            }
            if scalar == "%" {
                guard offset + 2 < scalars.count, isHex(scalars[offset + 1]), isHex(scalars[offset + 2]) else { return .percentEscape(offset: offset) }
            }
        }
        let authorityStart = colon + 3
        guard scalars.count >= authorityStart, scalars[colon + 1] == "/", scalars[colon + 2] == "/" else { return .noAuthority(scheme: scheme) }
        let authorityEnd = scalars[authorityStart...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? scalars.count
        var hostStart = authorityStart
        if let at = scalars[authorityStart..<authorityEnd].lastIndex(of: "@") {
            if let bad = scalars[authorityStart..<at].firstIndex(where: { !isUserInfo($0) }) { return .character(offset: bad, character: String(scalars[bad])) }
            hostStart = at + 1
        }
        var hostEnd = authorityEnd
        if scalars[hostStart..<authorityEnd].first == "[" {
            guard let close = scalars[hostStart..<authorityEnd].firstIndex(of: "]") else { return .host(String(String.UnicodeScalarView(scalars[hostStart..<authorityEnd]))) }
            let literal = scalars[(hostStart + 1)..<close]
            guard literal.filter({ $0 == ":" }).count >= 2, literal.allSatisfy({ isHex($0) || $0 == ":" || $0 == "." }) else {
                return .host(String(String.UnicodeScalarView(scalars[hostStart...close])))
            }
            hostEnd = close + 1
            if hostEnd < authorityEnd, scalars[hostEnd] != ":" { return .host(String(String.UnicodeScalarView(scalars[hostStart..<authorityEnd]))) }
        } else if let portColon = scalars[hostStart..<authorityEnd].lastIndex(of: ":") {
            hostEnd = portColon
        }
        if hostEnd < authorityEnd {
            let port = String(String.UnicodeScalarView(scalars[(hostEnd + 1)..<authorityEnd]))
            guard port.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), port.isEmpty || (port.count <= 5 && Int(port)! <= 65535) else { return .port(port) }
        }
        let host = scalars[hostStart..<hostEnd]
        guard !host.isEmpty else { return .noHost }
        if host.first != "[", !host.allSatisfy(isRegisteredName) { return .host(String(String.UnicodeScalarView(host))) }
        // Path, query and fragment: '[' and ']' belong to the host only, '#' starts the one fragment.
        var seenFragment = false
        for offset in authorityEnd..<scalars.count {
            let scalar = scalars[offset]
            if scalar == "[" || scalar == "]" || (scalar == "#" && seenFragment) { return .character(offset: offset, character: String(scalar)) }
            if scalar == "#" { seenFragment = true }
        }
        return nil
    }

    /// The index of the ':' ending `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`, or nil.
    static func schemeEnd(_ scalars: [Unicode.Scalar]) -> Int? {
        guard let first = scalars.first, isLetter(first) else { return nil }
        for (index, scalar) in scalars.enumerated().dropFirst() {
            if scalar == ":" { return index }
            guard isLetter(scalar) || ("0"..."9").contains(scalar) || scalar == "+" || scalar == "-" || scalar == "." else { return nil }
        }
        return nil
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
    static func isHex(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar) }
    static func isUnreserved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", ".", "_", "~": return true
        default: return false
        }
    }
    static func isSubDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=": return true
        default: return false
        }
    }
    /// Percent escapes were checked already; '%' stands for one here.
    static func isRegisteredName(_ scalar: Unicode.Scalar) -> Bool { isUnreserved(scalar) || isSubDelimiter(scalar) || scalar == "%" }
    static func isUserInfo(_ scalar: Unicode.Scalar) -> Bool { isRegisteredName(scalar) || scalar == ":" }
}
