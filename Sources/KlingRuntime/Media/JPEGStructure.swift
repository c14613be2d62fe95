/// What is wrong with a JPEG's marker structure; offsets are bytes from the
/// start of the decoded data, at the marker's 0xFF.
public enum JPEGDefect: Sendable, Equatable, CustomStringConvertible {
    case expectedMarker(offset: Int, found: UInt8)
    case reservedMarker(offset: Int, marker: UInt8)
    /// The segment's length field is cut off or runs past the end of the data.
    case segmentOverrun(segment: String, offset: Int, length: Int?, remaining: Int)
    /// A length that cannot hold what the segment must carry.
    case segmentLength(segment: String, offset: Int, length: Int)
    /// A DQT or DHT segment that does not hold whole, valid tables.
    case table(segment: String, offset: Int)
    case zeroSize(offset: Int)
    /// A scan names a component the frame lacks, or one the frame has twice.
    case component(segment: String, offset: Int, id: UInt8)
    case secondFrame(offset: Int)
    case noQuantizationTable(scanOffset: Int, table: Int)
    case noHuffmanTable(scanOffset: Int, table: String)
    case emptyScan(offset: Int)
    case noScan(endOffset: Int)
    case noEnd(offset: Int)

    public var description: String {
        switch self {
        case .expectedMarker(let offset, let found):
            return "the JPEG has byte 0x\(JPEGStructure.hex(found)) at byte \(offset) where a marker (0xFF) must start"
        case .reservedMarker(let offset, let marker):
            return "the JPEG has the reserved marker 0xFF\(JPEGStructure.hex(marker)) at byte \(offset)"
        case .segmentOverrun(let segment, let offset, let length?, let remaining):
            return "the JPEG segment \(segment) at byte \(offset) declares \(length) bytes, but only \(remaining) follow its marker"
        case .segmentOverrun(let segment, let offset, nil, _):
            return "the JPEG segment \(segment) at byte \(offset) is cut off before its length"
        case .segmentLength(let segment, let offset, let length):
            return "the JPEG segment \(segment) at byte \(offset) has length \(length), which does not fit its contents"
        case .table(let segment, let offset):
            return "the JPEG segment \(segment) at byte \(offset) does not hold whole, valid tables"
        case .zeroSize(let offset):
            return "the JPEG frame header at byte \(offset) gives a zero width or height (a size given later by DNL cannot be checked)"
        case .component(let segment, let offset, let id):
            return "the JPEG segment \(segment) at byte \(offset) names component \(id) twice or one the frame does not have"
        case .secondFrame(let offset):
            return "the JPEG has a second frame header at byte \(offset)"
        case .noQuantizationTable(let offset, let table):
            return "the JPEG scan (SOS) at byte \(offset) needs quantisation table \(table), which no DQT before it defines"
        case .noHuffmanTable(let offset, let table):
            return "the JPEG scan (SOS) at byte \(offset) needs Huffman table \(table), which no DHT before it defines"
        case .emptyScan(let offset):
            return "the JPEG scan (SOS) at byte \(offset) holds no entropy-coded data"
        case .noScan(let offset):
            return "the JPEG has no scan (SOS) before its end of image (EOI) at byte \(offset)"
        case .noEnd(let offset):
            return "the JPEG ends at byte \(offset) without an end of image (EOI)"
        }
    }
}

/// The marker structure a JPEG decoder needs: SOI, segments whose lengths
/// stay inside the data, one frame header (SOFn) with a non-zero size, the
/// quantisation tables its components name (not for lossless frames) and,
/// for Huffman-coded frames, the Huffman tables each scan uses, all defined
/// before that scan; at least one scan (SOS) followed by entropy-coded data;
/// and an EOI. Arithmetic-coded frames (SOF9 and up) need no DHT. Bytes
/// after EOI are ignored, as decoders do.
public enum JPEGStructure {
    struct Frame {
        var marker: UInt8
        /// Component id → quantisation table id.
        var components: [UInt8: Int]
        var arithmetic: Bool { marker >= 0xC9 }
        var lossless: Bool { [0xC3, 0xC7, 0xCB, 0xCF].contains(marker) }
        var progressive: Bool { [0xC2, 0xC6, 0xCA, 0xCE].contains(marker) }
    }

    public static func read(_ bytes: [UInt8]) -> Result<ImageHeader, ImageHeader.Failure> {
        var index = 2
        var frame: Frame?
        var size: (width: Int, height: Int)?
        var quantisation = Set<Int>()
        var huffmanDC = Set<Int>()
        var huffmanAC = Set<Int>()
        var scans = 0
        func fail(_ defect: JPEGDefect) -> Result<ImageHeader, ImageHeader.Failure> { .failure(.jpeg(defect)) }
        while true {
            guard index < bytes.count else {
                return size == nil ? .failure(.truncated(.jpeg)) : fail(.noEnd(offset: index))
            }
            guard bytes[index] == 0xFF else { return fail(.expectedMarker(offset: index, found: bytes[index])) }
            let markerOffset = index
            // Fill bytes: any number of 0xFF before a marker.
            while index < bytes.count, bytes[index] == 0xFF { index += 1 }
            guard index < bytes.count else { return size == nil ? .failure(.truncated(.jpeg)) : fail(.noEnd(offset: markerOffset)) }
            let marker = bytes[index]
            index += 1
            switch marker {
            case 0x01, 0xD0...0xD7:
                continue  // TEM and restart markers carry no length
            case 0xD8:
                return fail(.reservedMarker(offset: markerOffset, marker: marker))  // a second SOI
            case 0xD9:
                guard let size else { return .failure(.missingDimensions(.jpeg)) }
                guard scans > 0 else { return fail(.noScan(endOffset: markerOffset)) }
                return .success(ImageHeader(format: .jpeg, width: size.width, height: size.height))
            case 0x02...0xBF, 0x00:
                return fail(.reservedMarker(offset: markerOffset, marker: marker))
            default:
                break
            }
            let name = segmentName(marker)
            guard index + 2 <= bytes.count else { return fail(.segmentOverrun(segment: name, offset: markerOffset, length: nil, remaining: bytes.count - index)) }
            let length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            guard length >= 2 else { return fail(.segmentLength(segment: name, offset: markerOffset, length: length)) }
            guard index + length <= bytes.count else { return fail(.segmentOverrun(segment: name, offset: markerOffset, length: length, remaining: bytes.count - index)) }
            let body = (index + 2)..<(index + length)
            index += length
            switch marker {
            case 0xC0...0xCF where ![0xC4, 0xC8, 0xCC].contains(marker):
                guard frame == nil else { return fail(.secondFrame(offset: markerOffset)) }
                // P (1), Y (2), X (2), Nf (1), then Nf × (C, H/V, Tq).
                guard body.count >= 6 else { return fail(.segmentLength(segment: name, offset: markerOffset, length: length)) }
                let count = Int(bytes[body.lowerBound + 5])
                guard count >= 1, body.count == 6 + 3 * count else { return fail(.segmentLength(segment: name, offset: markerOffset, length: length)) }
                let height = Int(bytes[body.lowerBound + 1]) << 8 | Int(bytes[body.lowerBound + 2])
                let width = Int(bytes[body.lowerBound + 3]) << 8 | Int(bytes[body.lowerBound + 4])
                guard width > 0, height > 0 else { return fail(.zeroSize(offset: markerOffset)) }
                var components: [UInt8: Int] = [:]
                for component in 0..<count {
                    let start = body.lowerBound + 6 + 3 * component
                    guard components[bytes[start]] == nil else { return fail(.component(segment: name, offset: markerOffset, id: bytes[start])) }
                    components[bytes[start]] = Int(bytes[start + 2])
                }
                frame = Frame(marker: marker, components: components)
                size = (width, height)
            case 0xDB:
                guard let tables = quantisationTables(bytes, body) else { return fail(.table(segment: name, offset: markerOffset)) }
                quantisation.formUnion(tables)
            case 0xC4:
                guard let tables = huffmanTables(bytes, body) else { return fail(.table(segment: name, offset: markerOffset)) }
                huffmanDC.formUnion(tables.dc)
                huffmanAC.formUnion(tables.ac)
            case 0xDA:
                guard let frame else { return .failure(.missingDimensions(.jpeg)) }
                // Ns (1), Ns × (Cs, Td/Ta), Ss, Se, Ah/Al.
                guard !body.isEmpty else { return fail(.segmentLength(segment: name, offset: markerOffset, length: length)) }
                let count = Int(bytes[body.lowerBound])
                guard (1...4).contains(count), body.count == 4 + 2 * count else { return fail(.segmentLength(segment: name, offset: markerOffset, length: length)) }
                let spectralStart = bytes[body.upperBound - 3]
                let approximationHigh = bytes[body.upperBound - 1] >> 4
                var named = Set<UInt8>()
                for component in 0..<count {
                    let id = bytes[body.lowerBound + 1 + 2 * component]
                    guard let table = frame.components[id], named.insert(id).inserted else { return fail(.component(segment: name, offset: markerOffset, id: id)) }
                    if !frame.lossless, !quantisation.contains(table) { return fail(.noQuantizationTable(scanOffset: markerOffset, table: table)) }
                    guard !frame.arithmetic else { continue }
                    let selectors = bytes[body.lowerBound + 2 + 2 * component]
                    // Progressive scans code either DC (first pass only) or AC; sequential scans both, lossless DC only.
                    let needsDC = frame.progressive ? spectralStart == 0 && approximationHigh == 0 : true
                    let needsAC = frame.progressive ? spectralStart > 0 : !frame.lossless
                    if needsDC, !huffmanDC.contains(Int(selectors >> 4)) { return fail(.noHuffmanTable(scanOffset: markerOffset, table: "DC \(selectors >> 4)")) }
                    if needsAC, !huffmanAC.contains(Int(selectors & 0x0F)) { return fail(.noHuffmanTable(scanOffset: markerOffset, table: "AC \(selectors & 0x0F)")) }
                }
                // Entropy-coded data runs to the next marker other than a stuffed 0x00 or a restart.
                let (end, data) = scanEnd(bytes, from: index)
                guard data > 0 else { return fail(.emptyScan(offset: markerOffset)) }
                scans += 1
                index = end
            default:
                break  // APPn (EXIF), COM, DRI, DAC, DNL, …: skipped by length
            }
        }
    }

    /// Where the scan data starting at `start` ends (the next marker's 0xFF,
    /// or the end of the data) and how many data bytes it holds.
    static func scanEnd(_ bytes: [UInt8], from start: Int) -> (end: Int, data: Int) {
        bytes.withUnsafeBufferPointer { buffer in
            var index = start
            var data = 0
            while index < buffer.count {
                guard buffer[index] == 0xFF else {
                    data += 1
                    index += 1
                    continue
                }
                guard index + 1 < buffer.count else { return (buffer.count, data) }
                let next = buffer[index + 1]
                if next == 0x00 {
                    data += 1  // a stuffed 0xFF data byte
                    index += 2
                } else if (0xD0...0xD7).contains(next) {
                    index += 2
                } else {
                    return (index, data)
                }
            }
            return (index, data)
        }
    }

    /// Table ids of a DQT body, or nil when it is not whole tables: Pq/Tq, then 64 entries of 1 or 2 bytes.
    static func quantisationTables(_ bytes: [UInt8], _ body: Range<Int>) -> [Int]? {
        var index = body.lowerBound
        var ids: [Int] = []
        while index < body.upperBound {
            let precision = bytes[index] >> 4
            let id = Int(bytes[index] & 0x0F)
            guard precision <= 1, id <= 3 else { return nil }
            index += 1 + 64 * (Int(precision) + 1)
            guard index <= body.upperBound else { return nil }
            ids.append(id)
        }
        return ids.isEmpty ? nil : ids
    }

    /// DC and AC table ids of a DHT body, or nil when it is not whole tables:
    /// Tc/Th, 16 code counts, then as many symbols as they add up to.
    static func huffmanTables(_ bytes: [UInt8], _ body: Range<Int>) -> (dc: [Int], ac: [Int])? {
        var index = body.lowerBound
        var dc: [Int] = []
        var ac: [Int] = []
        while index < body.upperBound {
            let tableClass = bytes[index] >> 4
            let id = Int(bytes[index] & 0x0F)
            guard tableClass <= 1, id <= 3, index + 17 <= body.upperBound else { return nil }
            let counts = bytes[(index + 1)..<(index + 17)].map(Int.init)
            let symbols = counts.reduce(0, +)
            // Codes of length n leave room for 2^n in all; decoders also refuse a table whose last code is all ones.
            var room = 1
            for count in counts {
                room = room * 2 - count
                if room < 0 { return nil }
            }
            guard room >= 1, symbols >= 1, symbols <= 256 else { return nil }
            index += 17 + symbols
            guard index <= body.upperBound else { return nil }
            if tableClass == 0 { dc.append(id) } else { ac.append(id) }
        }
        return dc.isEmpty && ac.isEmpty ? nil : (dc, ac)
    }

    static func segmentName(_ marker: UInt8) -> String {
        switch marker {
        case 0xC4: return "DHT"
        case 0xC8: return "JPG"
        case 0xCC: return "DAC"
        case 0xC0...0xCF: return "SOF\(marker - 0xC0)"
        case 0xDA: return "SOS"
        case 0xDB: return "DQT"
        case 0xDC: return "DNL"
        case 0xDD: return "DRI"
        case 0xDE: return "DHP"
        case 0xDF: return "EXP"
        case 0xE0...0xEF: return "APP\(marker - 0xE0)"
        case 0xFE: return "COM"
        default: return "0xFF" + hex(marker)
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}
