import KlingRuntime

/// What an endpoint's payload is checked against, computed once per endpoint: the
/// fields a payload carries (the body of a create, or the path and query parameters
/// of a query) by parent and by leaf, and every request field by path for the
/// defaults rules read.
package struct PayloadLayout: Sendable {
    package let endpointID: String
    /// Where the endpoint's file is, for findings about the payload as a whole.
    package let evidence: String
    /// The part named by references to the payload itself.
    package let part: Part
    package let children: [String: [Field]]
    package let childrenByLeaf: [String: [String: Field]]
    package let requiredLeaves: [String: [(leaf: String, field: Field)]]
    /// Request fields by path, for the defaults rules read.
    package let fields: [String: Field]
    package let requestFields: [Field]

    /// Fields by path for the defaults rules read (every request part).
    package static func fieldsByPath(_ fields: [Field]) -> [String: Field] {
        Dictionary(fields.filter { $0.part.isRequest }.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `fields`: all of the endpoint's fields, every part.
    package init(endpointID: String, evidence: String, fields all: [Field]) {
        self.endpointID = endpointID
        self.evidence = evidence
        let body = all.filter { $0.part == .body }
        part = body.isEmpty ? .query : .body
        requestFields = body.isEmpty ? all.filter { $0.part == .path || $0.part == .query } : body
        var children: [String: [Field]] = [:]
        for field in requestFields {
            children[FieldChecker.parentKey(of: field.path), default: []].append(field)
        }
        self.children = children
        childrenByLeaf = children.mapValues { fields in Dictionary(fields.map { (FieldPath.leaf(of: $0.path), $0) }, uniquingKeysWith: { first, _ in first }) }
        requiredLeaves = children.mapValues { fields in fields.filter { $0.requirement == .required }.map { (FieldPath.leaf(of: $0.path), $0) } }
        fields = Self.fieldsByPath(all)
    }
}
