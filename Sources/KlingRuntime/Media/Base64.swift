/// Strict base64 (RFC 4648 §4): the standard alphabet, length a multiple of
/// four, at most two `=` only at the end, and zero unused bits, so one byte
/// sequence has exactly one accepted spelling. No whitespace, no `data:`.
public enum StrictBase64 {
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8).enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        return table
    }()

    /// Whether `text` is strict base64, without decoding it.
    public static func isValid(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { validate($0) != nil }
    }

    /// Decoded length, or nil when `bytes` is not strict base64.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard count > 0, count % 4 == 0 else { return nil }
        var padding = 0
        if bytes[count - 1] == UInt8(ascii: "=") { padding += 1 }
        if bytes[count - 2] == UInt8(ascii: "=") { padding += 1 }
        let body = count - padding
        // Unchecked reads: this loop runs once per byte of a 10 MB image.
        let valid = table.withUnsafeBufferPointer { lookup -> Bool in
            var index = 0
            while index < body {
                if lookup[Int(bytes[index])] == 0xFF { return false }
                index += 1
            }
            return true
        }
        guard valid else { return nil }
        // Unused bits of the last character must be zero.
        if padding == 1, table[Int(bytes[body - 1])] & 0b11 != 0 { return nil }
        if padding == 2, table[Int(bytes[body - 1])] & 0b1111 != 0 { return nil }
        return count / 4 * 3 - padding
    }

    /// The decoded bytes, or nil when `text` is not strict base64.
    /// `limit` stops after that many decoded bytes (headers need only the start),
    /// though the whole text is still checked unless the caller already did (`validated`).
    public static func decode(_ text: String, limit: Int = .max, validated: Bool = false) -> [UInt8]? {
        var copy = text
        return copy.withUTF8 { buffer -> [UInt8]? in
            let length: Int
            if validated {
                let padding = buffer.count >= 2 ? (buffer[buffer.count - 1] == UInt8(ascii: "=") ? 1 : 0) + (buffer[buffer.count - 2] == UInt8(ascii: "=") ? 1 : 0) : 0
                length = buffer.count / 4 * 3 - padding
            } else {
                guard let checked = validate(buffer) else { return nil }
                length = checked
            }
            let wanted = min(length, limit)
            var output = [UInt8]()
            output.reserveCapacity(wanted)
            var index = 0
            while output.count < wanted {
                let a = UInt32(table[Int(buffer[index])])
                let b = UInt32(table[Int(buffer[index + 1])])
                let c = buffer[index + 2] == UInt8(ascii: "=") ? 0 : UInt32(table[Int(buffer[index + 2])])
                let d = buffer[index + 3] == UInt8(ascii: "=") ? 0 : UInt32(table[Int(buffer[index + 3])])
                let group = a << 18 | b << 12 | c << 6 | d
                output.append(UInt8(group >> 16 & 0xFF))
                if output.count < wanted { output.append(UInt8(group >> 8 & 0xFF)) }
                if output.count < wanted { output.append(UInt8(group & 0xFF)) }
                index += 4
            }
            return output
        }
    }

    /// Why `text` is not strict base64, with the offset of the first bad
    /// character; nil when it is. Only run on the failure path, so it may be slow.
    public static func problem(_ text: String) -> Problem? {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return .empty }
        var padding = 0
        for (offset, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            if table[Int(byte)] == 0xFF {
                switch byte {
                case 0x0A, 0x0D: return .lineBreak(offset: offset)
                case 0x20, 0x09: return .whitespace(offset: offset)
                case UInt8(ascii: "-"), UInt8(ascii: "_"): return .urlSafe(offset: offset)
                default: return .character(offset: offset, byte: byte)
                }
            }
            if padding > 0 { return .padding(offset: offset - padding) }
        }
        if padding > 2 { return .padding(offset: bytes.count - padding) }
        if bytes.count % 4 != 0 { return .length(bytes.count) }
        return decodedLength(text) == nil ? .unusedBits(offset: bytes.count - padding - 1) : nil
    }

    /// A reason strict base64 is refused; offsets count UTF-8 bytes from 0.
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        case empty
        case lineBreak(offset: Int)
        case whitespace(offset: Int)
        case urlSafe(offset: Int)
        case character(offset: Int, byte: UInt8)
        case padding(offset: Int)
        case length(Int)
        case unusedBits(offset: Int)

        public var description: String {
            switch self {
            case .empty: return "empty"
            case .lineBreak(let offset): return "a line break at offset \(offset) (send it on one line)"
            case .whitespace(let offset): return "whitespace at offset \(offset)"
            case .urlSafe(let offset): return "a URL-safe alphabet character at offset \(offset) (`+` and `/` are expected)"
            case .character(let offset, let byte):
                let shown = byte >= 0x21 && byte < 0x7F ? "`\(Character(Unicode.Scalar(byte)))`" : String(format: "byte 0x%02X", byte)
                return "\(shown) at offset \(offset) is not in the base64 alphabet"
            case .padding(let offset): return "`=` padding at offset \(offset) before the end"
            case .length(let count): return "length \(count) is not a multiple of 4"
            case .unusedBits(let offset): return "the character at offset \(offset) has non-zero unused bits"
            }
        }
    }

    /// Decoded length of strict base64 text, or nil.
    public static func decodedLength(_ text: String) -> Int? {
        var copy = text
        return copy.withUTF8 { validate($0) }
    }

    public static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output = [UInt8]()
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let a = UInt32(bytes[index])
            let b = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let c = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let group = a << 16 | b << 8 | c
            output.append(alphabet[Int(group >> 18 & 63)])
            output.append(alphabet[Int(group >> 12 & 63)])
            output.append(index + 1 < bytes.count ? alphabet[Int(group >> 6 & 63)] : UInt8(ascii: "="))
            output.append(index + 2 < bytes.count ? alphabet[Int(group & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
