import KlingValidators
import Testing

/// The validators module stands on its own: importing it is enough to read payloads.
@Test func validatorsModuleReexportsTheRuntime() throws {
    let value = try JSONReader().parse("{\"duration\":\"5\"}")
    #expect(value["duration"] == .string("5"))
    #expect(value["duration"] != .number(JSONNumber(5)))
}
