import Foundation
import KlingFuzzInputs
import KlingTestSupport
import Testing

/// The record fuzzer's entry replayed on inputs that reach each way it splices
/// text into a log (and on any `record-*` crasher kept with the others): its
/// preconditions hold, so a secret is refused and nothing written holds one.
struct FuzzRecordTests {
    static let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBS0VYQU1QTEUifQ.c2ln"
    static let texts = ["", "a calm prompt", "Bearer\tabcdef123456", jwt, "https://u:p@example.com/x", "access_key", "ＡＫ", "%2E%2E/%2E%2E", String(repeating: "eyJ.", count: 2000), "-----BEGIN PRIVATE KEY-----"]

    static var saved: [[UInt8]] {
        let folder = FuzzRegressionTests.folder
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix("record-") }.sorted()
        return names.map { [UInt8]((try? Data(contentsOf: folder.appendingPathComponent($0))) ?? Data()) }
    }

    @Test func everySpliceModeKeepsTheGate() throws {
        FuzzInputs.use(corpus)
        let log = try String(contentsOf: RecordCommandTests.fixture, encoding: .utf8)
        var inputs: [[UInt8]] = [[0] + Array(log.utf8), [5] + Array("{}".utf8)]
        for mode: UInt8 in 1...4 {
            for text in Self.texts { inputs.append([mode] + Array(text.utf8)) }
        }
        for input in inputs + Self.saved { FuzzInputs.record(input) }
        #expect(inputs.count == 2 + 4 * Self.texts.count)
    }
}
