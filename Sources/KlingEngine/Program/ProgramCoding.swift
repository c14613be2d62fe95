import Foundation
import KlingRuntime

// A program is stored as JSON (the generated files and the registry cache): numbers
// keep the lexeme the evidence wrote, and JSON values their own compact text.

extension NumberLiteral: Codable {
    public init(from decoder: any Decoder) throws {
        let lexeme = try decoder.singleValueContainer().decode(String.self)
        guard let number = NumberLiteral(lexeme) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a number: \(lexeme)"))
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(lexeme)
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try JSONReader().parse(Array(text.utf8))
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not JSON: \(text)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(JSONWriter(style: .compact).string(self))
    }
}

extension RuleEffect: Codable {}

extension EndpointProgram {
    /// The canonical text of a program: sorted keys, so equal programs are equal text.
    package func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    package static func decoded(_ text: String) throws -> EndpointProgram {
        try JSONDecoder().decode(EndpointProgram.self, from: Data(text.utf8))
    }
}
