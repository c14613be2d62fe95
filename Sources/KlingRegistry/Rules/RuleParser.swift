import KlingRuntime

/// Parses a Check into a `RuleNode` tree following docs/rule-language.md#the-rule-language's grammar:
/// `=>` loosest (one per level), then `||`, `&&`, `!`, comparisons and `in`,
/// then `+`/`-`, then atoms.
package struct RuleParser {
    package struct Failure: Error, Sendable, Equatable {
        package var message: String
        package var offset: Int
    }

    private var tokens: [RuleToken]
    private var index = 0
    /// Parentheses, lists, calls and `!` nest; the bound keeps a hostile cell from exhausting the stack.
    private var depth = 0
    static let maxDepth = 64

    package static func parse(_ text: String) throws(Failure) -> RuleNode {
        var parser = RuleParser(tokens: try RuleLexer.tokens(text))
        let built = try parser.implication()
        guard parser.peek.kind == .end else {
            throw Failure(message: "unexpected '\(parser.peek.text)' after the expression", offset: parser.peek.offset)
        }
        return built.node
    }

    /// A node with the height of its tree. Every consumer of the tree (type
    /// checker, evaluator, printer, generator, exporters) recurses over it,
    /// so a flat chain of 6 000 `&&` must be refused here like deep nesting.
    typealias Built = (node: RuleNode, height: Int)
    static let maxHeight = 64

    private func bounded(_ node: RuleNode, children: [Int], at offset: Int) throws(Failure) -> Built {
        let height = 1 + (children.max() ?? 0)
        guard height <= Self.maxHeight else {
            throw Failure(message: "expression is more than \(Self.maxHeight) levels deep (each operator of a chain adds one); split it into smaller rules", offset: offset)
        }
        return (node, height)
    }

    private init(tokens: [RuleToken]) { self.tokens = tokens }

    private var peek: RuleToken { tokens[index] }

    private mutating func advance() -> RuleToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func accept(_ kind: RuleToken.Kind) -> RuleToken? {
        peek.kind == kind ? advance() : nil
    }

    private mutating func expect(_ kind: RuleToken.Kind, _ what: String) throws(Failure) -> RuleToken {
        guard let token = accept(kind) else {
            throw Failure(message: "expected \(what), found \(peek.kind == .end ? "end of expression" : "'\(peek.text)'")", offset: peek.offset)
        }
        return token
    }

    private mutating func implication() throws(Failure) -> Built {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw Failure(message: "expression nested deeper than \(Self.maxDepth) levels", offset: peek.offset) }
        let left = try disjunction()
        guard let arrow = accept(.op("=>")) else { return left }
        let right = try disjunction()
        if peek.kind == .op("=>") {
            throw Failure(message: "'=>' does not chain; add parentheses", offset: peek.offset)
        }
        return try bounded(RuleNode(.binary(.implies, left.node, right.node), offset: left.node.offset), children: [left.height, right.height], at: arrow.offset)
    }

    private mutating func disjunction() throws(Failure) -> Built {
        var left = try conjunction()
        while let op = accept(.op("||")) {
            let right = try conjunction()
            left = try bounded(RuleNode(.binary(.or, left.node, right.node), offset: left.node.offset), children: [left.height, right.height], at: op.offset)
        }
        return left
    }

    private mutating func conjunction() throws(Failure) -> Built {
        var left = try negation()
        while let op = accept(.op("&&")) {
            let right = try negation()
            left = try bounded(RuleNode(.binary(.and, left.node, right.node), offset: left.node.offset), children: [left.height, right.height], at: op.offset)
        }
        return left
    }

    private mutating func negation() throws(Failure) -> Built {
        if let bang = accept(.op("!")) {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { throw Failure(message: "expression nested deeper than \(Self.maxDepth) levels", offset: bang.offset) }
            let operand = try negation()
            return try bounded(RuleNode(.not(operand.node), offset: bang.offset), children: [operand.height], at: bang.offset)
        }
        return try comparison()
    }

    private mutating func comparison() throws(Failure) -> Built {
        let left = try sum()
        let operators: [BinaryOperator] = [.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater]
        for op in operators where peek.kind == .op(op.rawValue) {
            let token = advance()
            let right = try sum()
            return try bounded(RuleNode(.binary(op, left.node, right.node), offset: left.node.offset), children: [left.height, right.height], at: token.offset)
        }
        if peek.kind == .identifier, peek.text == "in" {
            let token = advance()
            let right = try sum()
            return try bounded(RuleNode(.binary(.in, left.node, right.node), offset: left.node.offset), children: [left.height, right.height], at: token.offset)
        }
        return left
    }

    private mutating func sum() throws(Failure) -> Built {
        var left = try atom()
        while true {
            if let op = accept(.op("+")) {
                let right = try atom()
                left = try bounded(RuleNode(.binary(.plus, left.node, right.node), offset: left.node.offset), children: [left.height, right.height], at: op.offset)
            } else if let op = accept(.op("-")) {
                let right = try atom()
                left = try bounded(RuleNode(.binary(.minus, left.node, right.node), offset: left.node.offset), children: [left.height, right.height], at: op.offset)
            } else {
                return left
            }
        }
    }

    private mutating func atom() throws(Failure) -> Built {
        let token = peek
        switch token.kind {
        case .string(let value):
            _ = advance()
            return (RuleNode(.literal(.string(value)), offset: token.offset), 1)
        case .number:
            _ = advance()
            return (RuleNode(.literal(.number(JSONNumber(lexeme: token.text))), offset: token.offset), 1)
        case .op("("):
            _ = advance()
            let inner = try implication()
            _ = try expect(.op(")"), "')'")
            return inner
        case .op("["):
            _ = advance()
            var items: [Built] = []
            if accept(.op("]")) == nil {
                repeat { items.append(try implication()) } while accept(.op(",")) != nil
                _ = try expect(.op("]"), "']' to close the list")
            }
            return try bounded(RuleNode(.list(items.map(\.node)), offset: token.offset), children: items.map(\.height), at: token.offset)
        case .op("[]"):
            _ = advance()
            return (RuleNode(.list([]), offset: token.offset), 1)
        case .op("@"):
            _ = advance()
            return (RuleNode(.item, offset: token.offset), 1)
        case .op("$."):
            _ = advance()
            return (try path(rooted: true, offset: token.offset), 1)
        case .identifier:
            switch token.text {
            case "true": _ = advance(); return (RuleNode(.literal(.bool(true)), offset: token.offset), 1)
            case "false": _ = advance(); return (RuleNode(.literal(.bool(false)), offset: token.offset), 1)
            case "null": _ = advance(); return (RuleNode(.literal(.null), offset: token.offset), 1)
            case "in": throw Failure(message: "'in' needs a value on its left", offset: token.offset)
            default: break
            }
            if tokens[index + 1].kind == .op("("), tokens[index + 1].offset == token.offset + token.text.utf8.count {
                _ = advance()
                _ = advance()
                var arguments: [Built] = []
                if accept(.op(")")) == nil {
                    repeat { arguments.append(try implication()) } while accept(.op(",")) != nil
                    _ = try expect(.op(")"), "')' to close the call of \(token.text)")
                }
                guard let function = RuleFunction(rawValue: token.text) else {
                    var message = "unknown function \(token.text)()"
                    if let near = Suggestion.closest(to: token.text, among: RuleFunction.allCases.map(\.rawValue)) { message += "; did you mean \(near)()?" }
                    throw Failure(message: message, offset: token.offset)
                }
                return try bounded(RuleNode(.call(function, arguments.map(\.node)), offset: token.offset), children: arguments.map(\.height), at: token.offset)
            }
            return (try path(rooted: false, offset: token.offset), 1)
        case .end:
            throw Failure(message: "expression ends too early", offset: token.offset)
        default:
            throw Failure(message: "unexpected '\(token.text)'", offset: token.offset)
        }
    }

    private mutating func path(rooted: Bool, offset: Int) throws(Failure) -> RuleNode {
        var segments: [RulePath.Segment] = [.name(try expect(.identifier, "a field name").text)]
        while true {
            if peek.kind == .op("[]") {
                _ = advance()
                segments.append(.each)
            } else if peek.kind == .op(".") {
                _ = advance()
                if accept(.op("*")) != nil {
                    segments.append(.members)
                } else {
                    segments.append(.name(try expect(.identifier, "a field name after '.'").text))
                }
            } else {
                break
            }
        }
        return RuleNode(.path(RulePath(rooted: rooted, segments: segments)), offset: offset)
    }
}

struct RuleToken: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier
        case number
        case string(String)
        case op(String)
        case end
    }

    var kind: Kind
    var text: String
    var offset: Int
}

enum RuleLexer {
    static let operators = ["=>", "||", "&&", "==", "!=", "<=", ">=", "$.", "[]", "<", ">", "!", "+", "-", "(", ")", "[", "]", ",", ".", "*", "@"]

    static func tokens(_ text: String) throws(RuleParser.Failure) -> [RuleToken] {
        let bytes = Array(text.utf8)
        var tokens: [RuleToken] = []
        var index = 0
        func isIdentifierByte(_ byte: UInt8) -> Bool {
            Cursor.isWordByte(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        scan: while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                index += 1
                continue
            }
            let start = index
            if byte == UInt8(ascii: "\"") {
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
                guard index < bytes.count else { throw RuleParser.Failure(message: "unterminated string", offset: start) }
                index += 1
                let literal = String(decoding: bytes[start..<index], as: UTF8.self)
                guard case .string(let value)? = try? JSONReader(maxDepth: 1).parse(literal) else {
                    throw RuleParser.Failure(message: "invalid string literal \(literal)", offset: start)
                }
                tokens.append(RuleToken(kind: .string(value), text: literal, offset: start))
                continue
            }
            // A minus directly before a digit, where no value precedes it, is part of the number.
            let valueBefore: Bool = {
                guard let last = tokens.last else { return false }
                switch last.kind {
                case .identifier, .number, .string: return true
                case .op(let op): return op == ")" || op == "]" || op == "[]" || op == "*" || op == "@"
                case .end: return false
                }
            }()
            if isDigit(byte) || (byte == UInt8(ascii: "-") && !valueBefore && index + 1 < bytes.count && isDigit(bytes[index + 1])) {
                index += 1
                while index < bytes.count, isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") || ((bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) && (bytes[index - 1] == UInt8(ascii: "e") || bytes[index - 1] == UInt8(ascii: "E"))) {
                    index += 1
                }
                let lexeme = String(decoding: bytes[start..<index], as: UTF8.self)
                guard case .number? = try? JSONReader(maxDepth: 1).parse(lexeme) else {
                    throw RuleParser.Failure(message: "invalid number \(lexeme)", offset: start)
                }
                tokens.append(RuleToken(kind: .number, text: lexeme, offset: start))
                continue
            }
            if Cursor.isWordByte(byte) {
                while index < bytes.count, isIdentifierByte(bytes[index]) { index += 1 }
                tokens.append(RuleToken(kind: .identifier, text: String(decoding: bytes[start..<index], as: UTF8.self), offset: start))
                continue
            }
            for op in operators {
                let opBytes = Array(op.utf8)
                if index + opBytes.count <= bytes.count, Array(bytes[index..<(index + opBytes.count)]) == opBytes {
                    index += opBytes.count
                    tokens.append(RuleToken(kind: .op(op), text: op, offset: start))
                    continue scan
                }
            }
            if byte == UInt8(ascii: "|") {
                throw RuleParser.Failure(message: "a single '|' is not an operator (write '||', escaped as '\\|\\|' in a table cell)", offset: start)
            }
            if byte == UInt8(ascii: "=") {
                throw RuleParser.Failure(message: "'=' is not an operator; write '==' or '=>'", offset: start)
            }
            // The whole character, not its first byte: the diagnostic escapes invisible and non-ASCII ones.
            let scalar = String(decoding: bytes[start...], as: UTF8.self).unicodeScalars.first.map { String($0) } ?? "?"
            throw RuleParser.Failure(message: "unexpected character '\(scalar)'", offset: start)
        }
        tokens.append(RuleToken(kind: .end, text: "", offset: bytes.count))
        return tokens
    }
}
