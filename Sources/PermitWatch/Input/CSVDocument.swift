/// An RFC 4180 CSV file held as UTF-8 bytes, with its records located but not yet split.
///
/// One quote-aware pass finds where each record starts and on which line, so records can be
/// split into fields later, independently and in parallel. Fields are decoded to `String` only
/// when asked for; numbers are parsed straight from the bytes.
import Foundation
import ParallelWork

struct CSVDocument: Sendable {
    let bytes: [UInt8]
    /// Byte offset of each record's start; one extra entry marks the end of the last record.
    private(set) var recordStarts: [Int] = []
    /// The 1-based line each record starts on.
    private(set) var recordLines: [Int32] = []
    let delimiter: UInt8

    /// A field's bytes: `start..<end`; `escaped` when it was quoted and holds doubled quotes.
    struct Field: Sendable {
        var start: Int
        var end: Int
        var quoted: Bool
        var escaped: Bool
    }

    init(bytes: [UInt8], file: String) throws {
        // Lines ended by CR alone (classic Mac OS, some old exports) would read as one long
        // header: with no LF anywhere, each CR ends a line. A file with LFs keeps its CRs (CRLF,
        // or a CR inside a quoted field).
        if !bytes.contains(0x0A) && bytes.contains(0x0D) {
            self.bytes = bytes.map { $0 == 0x0D ? 0x0A : $0 }
        } else {
            self.bytes = bytes
        }
        let bytes = self.bytes
        // A header with more semicolons or tabs than commas names its own delimiter.
        let firstLineEnd = bytes.firstIndex(of: 0x0A) ?? bytes.count
        let header = bytes[0..<firstLineEnd]
        let commas = header.filter { $0 == 0x2C }.count
        let semicolons = header.filter { $0 == 0x3B }.count
        let tabs = header.filter { $0 == 0x09 }.count
        delimiter = tabs > commas && tabs > semicolons ? 0x09 : (semicolons > commas ? 0x3B : 0x2C)
        try locateRecords(file: file)
    }

    var recordCount: Int { recordLines.count }

    private mutating func locateRecords(file: String) throws {
        var starts: [Int] = []
        var lines: [Int32] = []
        starts.reserveCapacity(bytes.count / 80 + 1)
        lines.reserveCapacity(bytes.count / 80 + 1)
        var line: Int32 = 1
        var inQuotes = false
        var quoteLine: Int32 = 0
        var recordStart = 0
        var recordLine: Int32 = 1
        bytes.withUnsafeBufferPointer { b in
            let n = b.count
            var i = 0
            while i < n {
                let c = b[i]
                if c == 0x22 {
                    if !inQuotes { quoteLine = line }
                    inQuotes.toggle()
                } else if c == 0x0A {
                    line += 1
                    if !inQuotes {
                        if !Self.isBlank(b, recordStart, i) {
                            starts.append(recordStart)
                            lines.append(recordLine)
                        }
                        recordStart = i + 1
                        recordLine = line
                    }
                }
                i += 1
            }
            if recordStart < n && !Self.isBlank(b, recordStart, n) {
                starts.append(recordStart)
                lines.append(recordLine)
            }
        }
        if inQuotes {
            throw RejectedInput(problem: InputError(
                file: file, line: Int(quoteLine), field: nil,
                message: "a quoted field opened on this line is never closed (expected a closing \")"))
        }
        starts.append(bytes.count)
        recordStarts = starts
        recordLines = lines
    }

    private static func isBlank(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        for i in start..<end where b[i] != 0x0D && b[i] != 0x20 && b[i] != 0x09 { return false }
        return true
    }

    /// Splits record `index` into fields.
    func fields(ofRecord index: Int, into out: inout [Field]) {
        out.removeAll(keepingCapacity: true)
        var end = recordStarts[index + 1]
        bytes.withUnsafeBufferPointer { b in
            // Trim the line break (and a CR before it).
            while end > recordStarts[index] && (b[end - 1] == 0x0A || b[end - 1] == 0x0D) { end -= 1 }
            var i = recordStarts[index]
            while true {
                if i < end && b[i] == 0x22 {
                    // Quoted field: runs to the matching quote; "" inside is an escaped quote.
                    let start = i + 1
                    var j = start
                    var escaped = false
                    while j < end {
                        if b[j] == 0x22 {
                            if j + 1 < end && b[j + 1] == 0x22 {
                                escaped = true
                                j += 2
                                continue
                            }
                            break
                        }
                        j += 1
                    }
                    out.append(Field(start: start, end: min(j, end), quoted: true, escaped: escaped))
                    i = j + 1
                    var trailing = false
                    while i < end && b[i] != delimiter {
                        if b[i] != 0x20 && b[i] != 0x09 && b[i] != 0x0D { trailing = true }
                        i += 1
                    }
                    // Text after the closing quote (`"113.5"abc`) is not dropped: the field is
                    // read as it stands, quotes and all, so it fails its check with what it says.
                    if trailing { out[out.count - 1] = Field(start: start - 1, end: i, quoted: false, escaped: false) }
                } else {
                    let start = i
                    while i < end && b[i] != delimiter { i += 1 }
                    out.append(Field(start: start, end: i, quoted: false, escaped: false))
                }
                if i >= end { break }
                i += 1  // past the delimiter
                if i == end {
                    out.append(Field(start: end, end: end, quoted: false, escaped: false))
                    break
                }
            }
        }
    }

    /// Record `index` as the file has it: from its first byte to the line break that ends it
    /// outside quotes (a quoted field's line breaks included), without that line break.
    func text(ofRecord index: Int) -> String {
        let start = recordStarts[index]
        let limit = recordStarts[index + 1]
        var end = start
        var inQuotes = false
        while end < limit {
            let c = bytes[end]
            if c == 0x22 { inQuotes.toggle() } else if c == 0x0A && !inQuotes { break }
            end += 1
        }
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The field's text, unescaped, with surrounding spaces of unquoted fields trimmed.
    func string(_ field: Field) -> String {
        var start = field.start, end = field.end
        if !field.quoted {
            while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
            while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        }
        return bytes.withUnsafeBufferPointer { b in
            let slice = UnsafeBufferPointer(rebasing: b[start..<end])
            if !field.escaped { return String(decoding: slice, as: UTF8.self) }
            var unescaped = [UInt8]()
            unescaped.reserveCapacity(slice.count)
            var k = 0
            while k < slice.count {
                unescaped.append(slice[k])
                k += (slice[k] == 0x22 && k + 1 < slice.count && slice[k + 1] == 0x22) ? 2 : 1
            }
            return String(decoding: unescaped, as: UTF8.self)
        }
    }

    /// Whether the field is empty (or only spaces).
    func isEmpty(_ field: Field) -> Bool {
        for i in field.start..<field.end where bytes[i] != 0x20 && bytes[i] != 0x09 { return false }
        return true
    }

    /// Parses the field as a decimal number without building a string.
    func double(_ field: Field) -> Double? {
        bytes.withUnsafeBufferPointer { b in
            NumberParsing.parseDouble(UnsafeBufferPointer(rebasing: b[field.start..<field.end]))
        }
    }
}

extension CSVDocument {
    /// Runs `body` over the data records (header excluded) in parallel chunks, results in order.
    func mapChunks<T: Sendable>(_ body: @Sendable (Range<Int>) -> T) -> [T] {
        let rows = recordCount - 1
        guard rows > 0 else { return [] }
        let chunkCount = min(max(1, rows / 20_000), 64)
        let chunkSize = (rows + chunkCount - 1) / chunkCount
        let results = ChunkResults<T>(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { part in
            let first = 1 + part * chunkSize
            results.set(part, body(first..<min(recordCount, first + chunkSize)))
        }
        return results.values.compactMap { $0 }
    }

    /// The header's column names.
    func header() -> [String] {
        var found: [Field] = []
        fields(ofRecord: 0, into: &found)
        return found.map { string($0) }
    }
}
