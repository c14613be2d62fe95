import KlingRuntime
import KlingTestSupport
import Testing
@testable import KlingRegistry

/// The shapes credentials take in logs, each refused at an exact JSON path,
/// and the strings that look close but must pass.
struct SecretCorpusTests {
    static let header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    static let claims = "eyJpc3MiOiJBS0VYQU1QTEUiLCJleHAiOjE3NzQ4MDUwNzZ9"
    static let jwt = "\(header).\(claims).c2lnbmF0dXJlLWJ5dGVz"
    /// base64 of `AKEXAMPLE0001:SKEXAMPLE0002`, of a JWT, of `Bearer <JWT>`, of `{"access_key": …}`.
    static let base64Pair = "QUtFWEFNUExFMDAwMTpTS0VYQU1QTEUwMDAy"
    static let base64JWT = "ZXlKaGJHY2lPaUpJVXpJMU5pSXNJblI1Y0NJNklrcFhWQ0o5LmV5SnBjM01pT2lKQlMwVllRVTFRVEVVaUxDSmxlSEFpT2pFM056UTRNRFV3TnpaOS5jMmxuYm1GMGRYSmw="
    static let base64Bearer = "QmVhcmVyIGV5SmhiR2NpT2lKSVV6STFOaUlzSW5SNWNDSTZJa3BYVkNKOS5leUpwYzNNaU9pSkJTMFZZUVUxUVRFVWlMQ0psZUhBaU9qRTNOelE0TURVd056WjkuYzJsbmJtRjBkWEps"
    static let base64JSON = "eyJhY2Nlc3Nfa2V5IjogIkFLRVhBTVBMRTAwMDEifQ=="
    static let pem = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA7bq3\\n-----END RSA PRIVATE KEY-----"

    struct Shape: Sendable, CustomTestStringConvertible {
        var name: String
        var json: String
        var path: String
        var testDescription: String { name }
    }

    static func shape(_ name: String, _ json: String, _ path: String) -> Shape { Shape(name: name, json: json, path: path) }

    static let refused: [Shape] = [
        // Key names, however spelled.
        shape("ak/sk pair", #"{"ak": "AKEXAMPLE0001", "sk": "SKEXAMPLE0002"}"#, "ak"),
        shape("sk alone", #"{"payload": {"sk": "SKEXAMPLE0002"}}"#, "payload.sk"),
        shape("kling_access_key", #"{"kling_access_key": "AKEXAMPLE0001"}"#, "kling_access_key"),
        shape("accessKeySecret", #"{"accessKeySecret": "s3cr3tvalue"}"#, "accessKeySecret"),
        shape("accessKeyId", #"{"accessKeyId": "AKEXAMPLE0001"}"#, "accessKeyId"),
        shape("AccessKey upper camel", #"{"AccessKey": "AKEXAMPLE0001"}"#, "AccessKey"),
        shape("ACCESSKEY run together", #"{"ACCESSKEY": "AKEXAMPLE0001"}"#, "ACCESSKEY"),
        shape("access-key kebab", #"{"access-key": "AKEXAMPLE0001"}"#, "[\"access-key\"]"),
        shape("access key with a space", #"{"access key": "AKEXAMPLE0001"}"#, "[\"access key\"]"),
        shape("fullwidth ＡＫ", #"{"ＡＫ": "AKEXAMPLE0001"}"#, "[\"ＡＫ\"]"),
        shape("fullwidth secret_key", #"{"ｓｅｃｒｅｔ＿ｋｅｙ": "SKEXAMPLE0002"}"#, "[\"ｓｅｃｒｅｔ＿ｋｅｙ\"]"),
        shape("x_kling_secret", #"{"x_kling_secret": "abc"}"#, "x_kling_secret"),
        shape("X-Api-Key", #"{"headers": {"X-Api-Key": "k-123"}}"#, "headers[\"X-Api-Key\"]"),
        shape("apiKey", #"{"apiKey": "k-123"}"#, "apiKey"),
        shape("APIKey", #"{"APIKey": "k-123"}"#, "APIKey"),
        shape("api_secret", #"{"api_secret": "k-123"}"#, "api_secret"),
        shape("client_secret", #"{"oauth": {"client_secret": "c-123"}}"#, "oauth.client_secret"),
        shape("token", #"{"token": "t-123"}"#, "token"),
        shape("refreshToken", #"{"refreshToken": "t-123"}"#, "refreshToken"),
        shape("password", #"{"password": "hunter2"}"#, "password"),
        shape("passwd in an array", #"{"users": [{"passwd": "hunter2"}]}"#, "users[0].passwd"),
        shape("credentials object", #"{"credentials": {"id": 1}}"#, "credentials"),
        shape("signature", #"{"signature": "9f86d081884c7d65"}"#, "signature"),
        shape("Cookie header", #"{"headers": {"Cookie": "sid=abc"}}"#, "headers.Cookie"),
        shape("Set-Cookie header", #"{"response_headers": {"Set-Cookie": "sid=abc; HttpOnly"}}"#, "response_headers[\"Set-Cookie\"]"),
        shape("session_id", #"{"session_id": "5f2b9c"}"#, "session_id"),
        shape("sessionId camelCase", #"{"sessionId": "5f2b9c"}"#, "sessionId"),
        shape("auth", #"{"auth": "user:pw"}"#, "auth"),
        shape("Authorization header", #"{"headers": {"Authorization": "anything"}}"#, "headers.Authorization"),
        shape("lower-case authorization deep", #"{"deep": {"deeper": [[{"authorization": "x"}]]}}"#, "deep.deeper[0][0].authorization"),
        shape("Proxy-Authorization", #"{"headers": {"Proxy-Authorization": "Basic dXNlcjpwYXNz"}}"#, "headers[\"Proxy-Authorization\"]"),
        shape("numeric pin under a secret name", #"{"secret": 123456}"#, "secret"),
        shape("AWS_ACCESS_KEY_ID", #"{"env": {"AWS_ACCESS_KEY_ID": "x"}}"#, "env.AWS_ACCESS_KEY_ID"),
        // Header lists.
        shape("HAR headers", #"{"request": {"headers": [{"name": "Content-Type", "value": "application/json"}, {"name": "Authorization", "value": "x"}]}}"#, "request.headers[1]"),
        shape("HAR queryString", #"{"request": {"queryString": [{"name": "access_token", "value": "x"}]}}"#, "request.queryString[0]"),
        shape("key/value pair objects", #"{"headers": [{"key": "x-api-key", "value": "k-1"}]}"#, "headers[0]"),
        shape("pair arrays", #"{"headers": [["Content-Type", "application/json"], ["Authorization", "Bearer abc"]]}"#, "headers[1]"),
        shape("[[Authorization, Bearer …]]", #"[["Authorization", "Bearer x"]]"#, "[0]"),
        shape("header line in a list", #"{"headers": ["Content-Type: application/json", "X-Api-Key: 12345abcde"]}"#, "headers[1]"),
        // Bearer and Basic with any whitespace.
        shape("Bearer and one space", #"{"log": "Bearer sk_live_1234567890"}"#, "log"),
        shape("Bearer and a tab", #"{"log": "Bearer\tabcdef123456"}"#, "log"),
        shape("bearer and a tab, lower case", #"{"log": "bearer\tabcdef123456"}"#, "log"),
        shape("Bearer and two spaces", #"{"log": "Bearer  abcdef123456"}"#, "log"),
        shape("Bearer and a no-break space", #"{"log": "Bearer\u00A0abcdef123456"}"#, "log"),
        shape("Bearer and a newline", #"{"log": "BEARER\nabcdef123456"}"#, "log"),
        shape("Basic credentials", #"{"log": "Authorization Basic dXNlcjpodW50ZXIyMg=="}"#, "log"),
        // JWTs.
        shape("JWT alone", #"{"note": "\#(jwt)"}"#, "note"),
        shape("JWT in a prompt", #"{"payload": {"prompt": "use \#(jwt) please"}}"#, "payload.prompt"),
        shape("JWT glued to a letter", #"{"x": "x\#(jwt)"}"#, "x"),
        shape("JWT with %2E dots", #"{"x": "\#(header)%2E\#(claims)%2Ec2ln"}"#, "x"),
        shape("JWT split across two fields", #"{"first": "\#(header).", "second": "\#(claims).c2ln"}"#, "first"),
        shape("JWT split mid-way", #"{"a": "\#(header).eyJpc3MiOiJBS0VY", "b": "QU1QTEUiLCJleHAiOjE3NzQ4MDUwNzZ9.c2ln"}"#, "a"),
        shape("JWT in three fields", #"{"h": "\#(header)", "p": "\#(claims)", "s": "c2ln"}"#, "h"),
        shape("JWT in a URL fragment", #"{"url": "https://example.com/cb#id_token=\#(jwt)"}"#, "url"),
        shape("JWT in an array of parts", #"{"parts": ["\#(header)", "\#(claims)", "sig"]}"#, "parts[0]"),
        shape("JWT in response.message", #"{"response": {"code": 1002, "message": "bad token \#(jwt)"}}"#, "response.message"),
        // URLs.
        shape("access_key in a query", #"{"callback_url": "https://example.com/hook?access_key=AK99&x=1"}"#, "callback_url"),
        shape("token in a query", #"{"url": "https://example.com/a?token=abcdef"}"#, "url"),
        shape(";token= matrix in a query", #"{"url": "https://example.com/a?x=1;token=abcdef"}"#, "url"),
        shape(";jsessionid matrix parameter", #"{"url": "https://example.com/a;jsessionid=0A1B2C/b"}"#, "url"),
        shape("#token= in a fragment", #"{"url": "https://example.com/a#token=abcdef"}"#, "url"),
        shape("#access_token in a fragment", #"{"url": "https://example.com/#/cb?access_token=abcdef"}"#, "url"),
        shape("user:pass@ in a URL", #"{"image_url": "https://user:pass@example.com/a.png"}"#, "image_url"),
        shape("user@ in a URL", #"{"video_url": "ftp://admin@files.example.com/v.mp4"}"#, "video_url"),
        shape("percent-encoded query name", #"{"url": "https://example.com/a?%74oken=abcdef"}"#, "url"),
        shape("X-Amz-Credential", #"{"url": "https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260329&X-Amz-Signature=abc"}"#, "url"),
        shape("OSSAccessKeyId", #"{"url": "https://b.oss-cn-beijing.aliyuncs.com/k.png?OSSAccessKeyId=LTAI5tExample&Expires=1&Signature=abc"}"#, "url"),
        shape("X-Amz-Security-Token", #"{"url": "https://b.s3.amazonaws.com/k?X-Amz-Security-Token=abc"}"#, "url"),
        // Assignments in free text.
        shape("token= in text", #"{"notes": "retry with token=abc123"}"#, "notes"),
        shape("Cookie: in text", #"{"notes": "Cookie: session=abc"}"#, "notes"),
        shape("password: in text", #"{"notes": "password: hunter22"}"#, "notes"),
        shape("JSON-quoted secret in text", #"{"body": "{\"access_key\": \"AKEXAMPLE0001\"}"}"#, "body"),
        // Key ids and provider tokens.
        shape("AWS-style key id", #"{"notes": "the key AKIAIOSFODNN7EXAMPLE was used"}"#, "notes"),
        shape("Alibaba Cloud key id", #"{"notes": "LTAI5tExampleKey1234"}"#, "notes"),
        shape("sk- token", #"{"external_task_id": "sk-proj-0123456789abcdefABCD"}"#, "external_task_id"),
        shape("GitHub token", #"{"x": "ghp_0123456789abcdefghijABCDEFGHIJ"}"#, "x"),
        // PEM.
        shape("PEM private key", #"{"key_file": "\#(pem)"}"#, "key_file"),
        shape("PEM private key, PKCS#8", #"{"notes": "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----"}"#, "notes"),
        // base64-wrapped.
        shape("base64 of ak:sk", #"{"x": "\#(base64Pair)"}"#, "x"),
        shape("base64 of a JWT", #"{"x": "\#(base64JWT)"}"#, "x"),
        shape("base64 of Bearer JWT", #"{"x": "\#(base64Bearer)"}"#, "x"),
        shape("base64 of JSON with a key", #"{"x": "\#(base64JSON)"}"#, "x"),
        // Secrets in keys never reach the path.
        shape("JWT as a key", #"{"tokens": {"\#(jwt)": 1}}"#, "tokens"),
        shape("Bearer as a key", #"{"h": {"Bearer abcdef123456": true}}"#, "h"),
    ]

    @Test(arguments: refused)
    func refusedShapes(_ shape: Shape) throws {
        let value = try JSONReader().parse(shape.json)
        let hit = try #require(SecretScanner.firstHit(in: value), "\(shape.json)")
        #expect(hit.path == shape.path)
        for secret in ["AKEXAMPLE0001", "SKEXAMPLE0002", "hunter2", Self.jwt, Self.header, "abcdef123456", "k-123", "MIIE"] {
            #expect(!hit.description.contains(secret))
        }
        #expect(SecretScanner.hits(in: value).contains(hit))
    }

    @Test func theCorpusIsBroad() {
        #expect(Self.refused.count >= 60)
        #expect(Self.legitimate.count >= 30)
        #expect(Set(Self.refused.map(\.name)).count == Self.refused.count)
    }

    /// Deterministic bytes that look like compressed image data, so their
    /// base64 has the long runs real images have.
    static func noise(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    static let pngData = TestImages.base64(TestImages.png(width: 512, height: 512) + noise(200_000, seed: 1))
    static let jpegData = TestImages.base64(TestImages.jpeg(width: 640, height: 480) + noise(150_000, seed: 2))
    static let urlSafe = StrictBase64.encode(noise(90_000, seed: 3)).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")

    static let legitimate: [String] = [
        #"{"task_id": "867283741759111202"}"#,
        #"{"data": {"task_id": "829824295735410756", "task_status": "submitted"}}"#,
        #"{"external_task_id": "0123456789abcdef0123456789abcdef"}"#,
        #"{"external_task_id": "text2video_kling_v3_final-1774805076"}"#,
        #"{"request_id": "c0656403-1e6e-4b7e-b8f8-2cdd2595f2b9"}"#,
        #"{"image": "\#(pngData)"}"#,
        #"{"image": "data:image/jpeg;base64,\#(jpegData)"}"#,
        #"{"image_tail": "\#(urlSafe)"}"#,
        #"{"image": "\#(pngData)", "image_tail": "\#(jpegData)"}"#,
        #"{"prompt": "A secret garden behind an old stone wall."}"#,
        #"{"prompt": "The mayor hands over the key to the city."}"#,
        #"{"prompt": "A spy whispers the secret key to the bearer of the letter."}"#,
        #"{"prompt": "A child trades a golden token for a balloon; tokens glitter."}"#,
        #"{"prompt": "The secret: gardens bloom at night. Password protected doors creak."}"#,
        #"{"prompt": "A basic introduction to cooking, then a session of tea."}"#,
        #"{"prompt": "Bearer of good news runs across the field."}"#,
        #"{"prompt": "eyJ is how a JWT starts, eyJ. too short."}"#,
        #"{"prompt": "A sign reads ak.sk and a cookie jar sits on the shelf."}"#,
        #"{"negative_prompt": "blurry, low quality, watermark, text, logo"}"#,
        #"{"image_url": "https://example.com/a.png?x-oss-process=image/resize,w_512"}"#,
        #"{"image_url": "https://cdn.example.com/photos/cat.jpg?width=512&height=512&format=webp"}"#,
        #"{"url": "https://v1-kling.klingai.com/bs2/upload-kling-api/123/video.mp4?x-expires=1774891476&x-signature=Zm9vYmFyMTIz%2BYWJj"}"#,
        #"{"url": "https://cdn-oss.example.com/out/1.png?x-oss-expires=1774891476&x-oss-signature=abc123"}"#,
        #"{"watermark_url": "https://s21-kling.klingai.com/kimg/EMXN1y8qSgoGdXBsb2FkEg55bGFiLXN0dW50LXNncBo.png"}"#,
        #"{"callback_url": "https://example.com/hook?task=1&page=2"}"#,
        #"{"version": "1.2.3"}"#,
        #"{"model_name": "kling-v3-omni", "mode": "pro", "duration": "10"}"#,
        #"{"headers": {"Content-Type": "application/json"}}"#,
        #"{"headers": [{"name": "Content-Type", "value": "application/json; charset=utf-8"}]}"#,
        #"{"headers": [["Accept", "application/json"]]}"#,
        #"{"token_count": null, "secret": "", "password": false, "cookies": []}"#,
        #"{"message": "SUCCEED", "code": 0}"#,
        #"{"message": "parallel task over resource pack limit", "code": 1303}"#,
        #"{"element_id": 160, "voice_id": "829824295735410756"}"#,
        #"{"element_list": [{"element_id": 829824295735410756}], "sound": "on"}"#,
        #"{"sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}"#,
        #"{"created_at": 1774805076166, "observed": "2026-03-29"}"#,
        #"{"notes": "Prompt and task id values not kept; keys as in L1."}"#,
        #"{"task_status_msg": "Failure to pass the risk control system"}"#,
        #"{"description": "Accepts a task id like task-0123456789abcdefghij; mask and ask are words."}"#,
    ]

    @Test(arguments: legitimate)
    func legitimateStringsPass(_ json: String) throws {
        let value = try JSONReader().parse(json)
        #expect(SecretScanner.firstHit(in: value) == nil, "\(json.prefix(200))")
    }

    @Test func keyWordsFoldCaseWidthAndSeparators() {
        #expect(SecretScanner.words(of: "accessKeyID") == ["access", "key", "id"])
        #expect(SecretScanner.words(of: "X-API-Key") == ["x", "api", "key"])
        #expect(SecretScanner.words(of: "ｘ＿ｋｌｉｎｇ＿ＳＫ") == ["x", "kling", "sk"])
        #expect(SecretScanner.isSecretName("kling_access_key"))
        #expect(!SecretScanner.isSecretName("task_id"))
        #expect(!SecretScanner.isSecretName("static_mask"))
        #expect(!SecretScanner.isSecretName("keep_original_sound"))
    }
}
