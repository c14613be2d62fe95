/// Serializes ``JSONValue``s deterministically.
///
/// Numbers are written as their lexeme. Strings escape only `"`, `\` and control characters
/// (`\b \f \n \r \t`, others as `\u00xx`); everything else, including non-ASCII, is written
/// as UTF-8. Sorted keys use UTF-8 byte order (= Unicode scalar order), which does not depend
/// on the platform's string comparison.
public struct JSONWriter: Sendable {
    public enum Style: Sendable {
        /// No whitespace at all.
        case compact
        /// Two-space indentation, `"key": value`, one member or element per line, no final newline.
        case pretty
    }

    public var sortKeys: Bool
    public var style: Style

    public init(style: Style = .pretty, sortKeys: Bool = true) {
        self.style = style
        self.sortKeys = sortKeys
    }

    public func string(_ value: JSONValue) -> String {
        var output: [UInt8] = []
        write(value, depth: 0, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private func write(_ value: JSONValue, depth: Int, to output: inout [UInt8]) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case let .bool(flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case let .number(number):
            output.append(contentsOf: number.lexeme.utf8)
        case let .string(string):
            JSONWriter.appendQuoted(string, to: &output)
        case let .array(elements):
            guard !elements.isEmpty else {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(depth + 1, to: &output)
                write(element, depth: depth + 1, to: &output)
            }
            newline(depth, to: &output)
            output.append(UInt8(ascii: "]"))
        case let .object(object):
            guard !object.members.isEmpty else {
                output.append(contentsOf: "{}".utf8)
                return
            }
            let members = sortKeys
                ? object.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                : object.members
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(depth + 1, to: &output)
                JSONWriter.appendQuoted(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                if style == .pretty { output.append(UInt8(ascii: " ")) }
                write(member.value, depth: depth + 1, to: &output)
            }
            newline(depth, to: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ depth: Int, to output: inout [UInt8]) {
        guard style == .pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `string` as a JSON string literal, quotes included.
    static func appendQuoted(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            var index = nextByteToEscape(in: bytes, from: 0)
            while index < bytes.count {
                let byte = bytes[index]
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                default:
                    output.append(contentsOf: "u00".utf8)
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0x0F)])
                }
                runStart = index + 1
                index = nextByteToEscape(in: bytes, from: runStart)
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The index of the first `"`, `\` or control byte at or after `start`, or `bytes.count`.
    /// Scans eight bytes at a time; the lowest flagged byte of a word is always a true match.
    private static func nextByteToEscape(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let flags = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
                let special = flags & (ones &* 0x80)
                if special != 0 { return index + special.trailingZeroBitCount >> 3 }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return index
    }
}
