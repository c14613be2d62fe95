/// CRC-32 (ISO 3309, the polynomial PNG chunks use), written here because
/// Foundation on Linux has none and the project takes no package dependencies.
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        return crc
    }

    /// The checksum of `bytes[range]`.
    public static func checksum(_ bytes: [UInt8], _ range: Range<Int>) -> UInt32 {
        // Unchecked reads: an image's first IDAT may be megabytes long.
        table.withUnsafeBufferPointer { lookup in
            bytes.withUnsafeBufferPointer { buffer in
                var crc: UInt32 = 0xFFFF_FFFF
                var index = range.lowerBound
                while index < range.upperBound {
                    crc = lookup[Int((crc ^ UInt32(buffer[index])) & 0xFF)] ^ (crc >> 8)
                    index += 1
                }
                return ~crc
            }
        }
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 { checksum(bytes, 0..<bytes.count) }
}
