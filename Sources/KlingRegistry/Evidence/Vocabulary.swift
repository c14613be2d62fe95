import KlingRuntime

/// The characters names may hold. The vendor's field names, enum atoms, rule
/// ids and source keys are all plain ASCII; anything else (a zero-width
/// joiner, a Cyrillic `е` that looks like `e`) would load as a different name
/// that prints the same, so it is refused where the name is read.
///
/// - field names: ASCII letters, digits, `_` and `-` (`Content-Type`);
///   `.` and `[]` join the segments of a path.
/// - enum atoms, model and billing names: ASCII letters, digits, `_`, `-`,
///   `.` and `:` (`16:9`, `kling-v2-1-master`, `image_refer`); the evidence
///   uses nothing else (checked against every enum, model heading and
///   billing row of the corpus).
/// - rule and finding ids, source keys: ASCII letters, digits, `-`, `.`, `_`.
enum Vocabulary {
    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        (0x30...0x39).contains(scalar.value) || (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value)
    }

    static func fieldNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || "_-.[]".unicodeScalars.contains(scalar)
    }

    static func enumAtomScalar(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || "_-.:".unicodeScalars.contains(scalar)
    }

    static func keyScalar(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || "-._".unicodeScalars.contains(scalar)
    }

    /// The first scalar of `text` outside `allowed`, with its UTF-8 offset.
    static func firstForeign(_ text: String, _ allowed: (Unicode.Scalar) -> Bool) -> (scalar: Unicode.Scalar, offset: Int)? {
        var offset = 0
        for scalar in text.unicodeScalars {
            if !allowed(scalar) { return (scalar, offset) }
            offset += String(scalar).utf8.count
        }
        return nil
    }

    /// `'\u0435' (U+0435 CYRILLIC SMALL LETTER IE)`: the character as the
    /// diagnostic escapes it, and its name.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let code = String(scalar.value, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
        let name = scalar.properties.name ?? scalar.properties.nameAlias ?? ""
        return "'\(String(scalar))' (U+\(padded)\(name.isEmpty ? "" : " " + name))"
    }

    /// What a name with foreign characters was meant to be: invisible
    /// characters dropped, common Cyrillic and Greek look-alikes mapped to
    /// ASCII. A row refused for its characters is recorded under this name,
    /// so what names the intended `pageSize` is a knock-on, not a new error.
    static func skeleton(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isDefaultIgnorableCodePoint || scalar.properties.generalCategory == .format { continue }
            if let ascii = lookAlikes[scalar] { result.append(ascii); continue }
            result.append(scalar == "\u{00A0}" ? " " : scalar)
        }
        return String(result)
    }

    static let lookAlikes: [Unicode.Scalar: Unicode.Scalar] = [
        "а": "a", "в": "B", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
        "ο": "o", "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "−": "-",
    ]

    /// The error for a name holding a character outside its set, or nil.
    static func problem(in text: String, what: String, allowed: (Unicode.Scalar) -> Bool, rule: String) -> (message: String, offset: Int)? {
        guard let (scalar, offset) = firstForeign(text, allowed) else { return nil }
        return ("\(what) '\(text)' holds \(describe(scalar)); \(rule)", offset)
    }
}
