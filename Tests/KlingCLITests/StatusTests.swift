import Foundation
import KlingRuntime
import KlingTestSupport
import Testing
@testable import KlingRegistry

struct StatusTests {
    let index = StatusIndex(registry: fixture)

    func label(_ reference: String, _ model: String? = nil) -> String? {
        index.vector(reference, model: model)?.label.label
    }

    @Test func omniVideoLabelsFromTheRecords() {
        let e = "omni-video.create#body:"
        #expect(label(e + #"mode="std""#, "kling-v3-omni") == "doc+live")
        #expect(label(e + #"mode="pro""#, "kling-v3-omni") == "doc+live")
        #expect(label(e + #"mode="pro""#, "kling-video-o1") == "doc-only")
        #expect(label(e + #"mode="standard""#) == "live-rejected")
        #expect(index.vector(e + #"mode="standard""#)?.doc == EvidenceVector.Doc.none)
        #expect(label(e + #"shot_type="customize""#, "kling-v3-omni") == "doc+live")
        #expect(label(e + #"video_list[].refer_type="feature""#, "kling-v3-omni") == "doc-only")
        #expect(label(e + "multi_prompt[].prompt", "kling-v3-omni") == "doc-only")
        #expect(label(e + #"model_name="kling-video-o1""#, "kling-video-o1") == "doc-only")
        #expect(label(e + #"model_name="kling-v3-omni""#, "kling-v3-omni") == "doc+live")
        #expect(label(e + #"mode="4k""#) == "hypothesis-only")
    }

    @Test func aRejectionBlamesTheConstraintNotTheField() {
        #expect(label("image2video.create#body:image", "kling-v3") == "doc+live")
        let minSide = index.vector("image2video.create#body:image/min-side", model: "kling-v3")
        #expect(minSide?.live == .enforced)
        #expect(minSide?.modelUnknown == true)
        #expect(index.vector("image2video.create#body:image/min-side")?.live == .enforced)
    }

    @Test func contestedItemsNameTheirContradiction() {
        let vector = index.vector(#"omni-video.create#body:shot_type="intelligence""#)
        #expect(vector?.doc == .contested)
        #expect(vector?.label.label == "doc-only (contested: OV-C1)")
    }

    @Test func postureOverlaysWithoutHidingEvidence() {
        let legacy = index.vector("video-extend.create#body:video_id")
        #expect(legacy?.outOfScope != nil)
        #expect(legacy?.displayLabel.hasPrefix("doc-only · out-of-scope: ") == true)
    }

    /// A risk-blocked run contributes nothing, its accepted create included.
    @Test func riskBlockedRecordChangesNoVector() {
        var without = fixture
        without.records.removeAll { $0.label == "L11" }
        #expect(without.records.count == fixture.records.count - 1)
        #expect(StatusIndex(registry: without).snapshotLines() == index.snapshotLines())
    }

    /// An inconclusive run (1303, concurrency) contributes nothing either.
    @Test func inconclusiveRecordChangesNoVector() throws {
        let log = try JSONReader().parse("""
        { "endpoint_type": "omni-video", "payload": { "model_name": "kling-v3-omni", "mode": "pro", "sound": "on", "prompt": "A new shape nobody sent before.", "duration": "12" },
          "response": { "code": 1303, "message": "parallel task over resource pack limit", "request_id": "r-1303", "data": { "created_at": 1774900000000 } } }
        """)
        let (id, text) = try RequestLogRecorder(registry: fixture).record(log, options: .init(purpose: "busy"))
        var sink = DiagnosticSink(file: "evidence/live/\(id).json")
        let record = try #require(LiveRecordReader(file: "evidence/live/\(id).json", bytes: Array(text.utf8)).read(sink: &sink))
        #expect(record.calls.first?.create == .inconclusive)
        var with = fixture
        with.records.append(record)
        #expect(StatusIndex(registry: with).snapshotLines() == index.snapshotLines())
    }

    @Test func laterRecordsDecideAndSameDateDisagreementIsAConflict() throws {
        func record(_ id: String, _ observed: String, create: LiveRecord.CreateOutcome, blame: [Reference] = []) -> LiveRecord {
            let request = JSONObject([(key: "mode", value: .string("std")), (key: "model_name", value: .string("kling-v3-omni"))])
            return LiveRecord(id: id, label: nil, purpose: "", observed: observed, model: "kling-v3-omni", requestKnown: .partial,
                              calls: [.init(endpoint: "omni-video.create", request: request, response: nil, create: create, task: nil)],
                              blame: blame, claims: [], notes: "", file: "evidence/live/\(id).json")
        }
        let std = try Reference.parse(#"omni-video.create#body:mode="std""#)
        var registry = fixture
        registry.records = [record("a", "2026-04-01", create: .accepted), record("b", "2026-04-02", create: .rejected, blame: [std])]
        let later = StatusIndex(registry: registry)
        #expect(later.vector(#"omni-video.create#body:mode="std""#, model: "kling-v3-omni")?.live == .rejected)
        #expect(later.items[#"omni-video.create#body:mode="std""#]?.olderDisagreements["kling-v3-omni"]?.count == 1)
        registry.records = [record("a", "2026-04-01", create: .accepted), record("b", "2026-04-01", create: .rejected, blame: [std])]
        let same = StatusIndex(registry: registry)
        #expect(same.vector(#"omni-video.create#body:mode="std""#, model: "kling-v3-omni")?.label.label == "live-conflict")
    }

    @Test func reportListsEndpointItemsWithLabels() {
        let result = runCLI(["report", "omni-video.create"])
        #expect(result.exit == .success)
        #expect(result.stdout.contains("body:mode=\"standard\"@*  live-rejected\n"))
        #expect(result.stdout.contains("body:mode=\"pro\"@kling-v3-omni  doc+live\n"))
        let summary = runCLI(["report", "--format", "markdown"])
        #expect(summary.stdout.contains("## Routes"))
        #expect(summary.stdout.contains("| ROUTE-6 | omni-video.create | kling-v3-omni | video_list feature | provisional | provisional: no accepted record |"))
        #expect(summary.stdout.contains("observed \"standard\" (live-rejected)"))
    }
}
