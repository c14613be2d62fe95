/// Builds the value paths reported by `JSONReader.parseWithPositions`:
/// `""` for the root, `a`, `a.b`, `list[2]`, `list[2].x`. Keys that are not identifier-like
/// (`[A-Za-z_][A-Za-z0-9_]*`) are written JSON-quoted in brackets, e.g. `a["we ird"]`, so
/// every path names exactly one value.
public enum JSONPath {
    public static func appending(_ base: String, key: String) -> String {
        guard isIdentifier(key) else {
            var quoted: [UInt8] = []
            JSONWriter.appendQuoted(key, to: &quoted)
            return base + "[" + String(decoding: quoted, as: UTF8.self) + "]"
        }
        return base.isEmpty ? key : base + "." + key
    }

    public static func appending(_ base: String, index: Int) -> String {
        base + "[" + String(index) + "]"
    }

    private static func isIdentifier(_ key: String) -> Bool {
        var bytes = key.utf8.makeIterator()
        guard let first = bytes.next(), isLetter(first) || first == UInt8(ascii: "_") else { return false }
        while let byte = bytes.next() {
            guard isLetter(byte) || byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) else { return false }
        }
        return true
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
