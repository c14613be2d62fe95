import KlingEngine

extension PayloadLayout {
    package init(_ endpoint: Endpoint) {
        self.init(endpointID: endpoint.id, evidence: endpoint.location.description, fields: endpoint.fields)
    }

    package static func fieldsByPath(_ endpoint: Endpoint) -> [String: Field] { fieldsByPath(endpoint.fields) }
}
