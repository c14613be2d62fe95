import KlingRuntime
import Testing
@testable import KlingRegistry

struct SecretScannerTests {
    static let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJha2V5IiwiZXhwIjoxNzc0ODA1MDc2fQ.c2lnbmF0dXJlLWJ5dGVz"

    @Test(arguments: [
        (#"{"headers": {"Authorization": "Bearer abc.def.ghi"}}"#, "headers.Authorization"),
        (#"{"payload": {"access_key": "AK123456"}}"#, "payload.access_key"),
        (#"{"payload": {"secretKey": "xyz"}}"#, "payload.secretKey"),
        (#"{"a": [{"b": {"API-Key": "k"}}]}"#, "a[0].b[\"API-Key\"]"),
        (#"{"payload": {"prompt": "use token \#(jwt) please"}}"#, "payload.prompt"),
        (#"{"note": "\#(jwt)"}"#, "note"),
        (#"{"log": "sent Authorization: Bearer sk_live_1234567890"}"#, "log"),
        (#"{"callback_url": "https://example.com/hook?access_key=AK99&x=1"}"#, "callback_url"),
        (#"{"url": "https://example.com/a?token=abcdef"}"#, "url"),
        (#"{"deep": {"deeper": [[{"authorization": "x"}]]}}"#, "deep.deeper[0][0].authorization"),
        (#"{"payload": {"x": "bearer 0123456789abcdef"}}"#, "payload.x"),
        (#"{"password": "hunter2"}"#, "password"),
    ])
    func refusedShapes(json: String, path: String) throws {
        let hit = try #require(SecretScanner.firstHit(in: try JSONReader().parse(json)))
        #expect(hit.path == path)
        #expect(!hit.description.contains("AK123456") && !hit.description.contains("hunter2") && !hit.description.contains(Self.jwt))
    }

    @Test(arguments: [
        #"{"task_id": "867283741759111202"}"#,
        #"{"external_task_id": "text2video_kling_v3_final-17748050"}"#,
        #"{"external_task_id": "0123456789abcdef0123456789abcdef"}"#,
        #"{"version": "1.2.3"}"#,
        #"{"prompt": "A spy whispers the secret key to the bearer of the letter."}"#,
        #"{"image": "iVBORw0KGgoAAAANSUhEUgAAAgAAAAIACAIAAAB7GkOtAAAADElEQVR4nGNgGAWDEQAAAYAAAQHzU8wAAAAASUVORK5CYII="}"#,
        #"{"request_id": "c0656403-1e6e-4b7e-b8f8-2cdd2595f2b9"}"#,
        #"{"callback_url": "https://example.com/hook?task=1&page=2"}"#,
        #"{"token_count": null, "secret": ""}"#,
        #"{"message": "SUCCEED", "code": 0}"#,
        #"{"prompt": "eyJ is how a JWT starts, eyJ. too short."}"#,
        #"{"element_id": 160, "voice_id": "829824295735410756"}"#,
    ])
    func legitimateStringsPass(json: String) throws {
        #expect(SecretScanner.firstHit(in: try JSONReader().parse(json)) == nil)
    }
}
