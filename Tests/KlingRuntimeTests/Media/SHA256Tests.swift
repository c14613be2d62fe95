import KlingRuntime
import Testing

struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(input: String, expected: String) {
        #expect(SHA256.hex(Array(input.utf8)) == expected)
    }

    @Test func lengthsAroundTheBlockBoundary() {
        // 55, 56 and 64 bytes exercise the padding branches.
        #expect(SHA256.hex(Array(repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(SHA256.hex(Array(repeating: 0x61, count: 56)).count == 64)
    }
}

/// The incremental hasher: any split of the input gives the one-shot digest.
struct SHA256HasherTests {
    @Test(arguments: [[0], [1], [55], [56], [63], [64], [65], [64, 64], [1, 63, 64, 1], [127, 129], [3, 0, 200, 5]])
    func anySplitGivesTheSameDigest(sizes: [Int]) {
        var bytes: [UInt8] = []
        var state: UInt32 = 2463534242
        for _ in 0..<sizes.reduce(0, +) {
            state ^= state << 13; state ^= state >> 17; state ^= state << 5
            bytes.append(UInt8(truncatingIfNeeded: state))
        }
        var hasher = SHA256.Hasher()
        var offset = 0
        for size in sizes {
            hasher.update(Array(bytes[offset..<offset + size]))
            offset += size
        }
        #expect(hasher.finalize() == SHA256.digest(bytes))
    }

    @Test func theEmptyInputAndABEncodeTheirKnownDigests() {
        var empty = SHA256.Hasher()
        #expect(empty.finalize().map { String(format: "%02x", $0) }.joined() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var abc = SHA256.Hasher()
        abc.update(Array("a".utf8))
        abc.update(Array("bc".utf8))
        #expect(abc.finalize().map { String(format: "%02x", $0) }.joined() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
