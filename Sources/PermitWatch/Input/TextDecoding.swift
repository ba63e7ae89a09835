import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Turns a file's bytes into UTF-8, whatever a spreadsheet program saved it as.
///
/// Bureau exports arrive as UTF-8 with or without a byte-order mark, as GBK from Chinese Excel,
/// or now and then as UTF-16. The encoding is detected, never assumed: valid UTF-8 is taken as
/// UTF-8 (GBK text of any length is almost never valid UTF-8); otherwise GB18030, a superset of
/// GBK, is tried through iconv.
public enum TextDecoding {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case utf8WithBOM = "UTF-8 with BOM"
        case gb18030 = "GBK/GB18030"
        case utf16 = "UTF-16"
    }

    /// The UTF-8 bytes of `data` and the encoding they were found in.
    public static func utf8Bytes(of data: [UInt8], file: String) throws -> (bytes: [UInt8], encoding: Encoding) {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = Array(data.dropFirst(3))
            if let bad = firstInvalidUTF8(body) {
                throw RejectedInput(problem: InputError(file: file, line: line(at: bad, in: body), field: nil,
                                 message: "starts with a UTF-8 byte-order mark but byte \(bad + 3) is not UTF-8"))
            }
            return (body, .utf8WithBOM)
        }
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            return (try convert(data, from: "UTF-16", file: file), .utf16)
        }
        guard firstInvalidUTF8(data) != nil else { return (data, .utf8) }
        do {
            return (try convert(data, from: "GB18030", file: file), .gb18030)
        } catch {
            let bad = firstInvalidUTF8(data) ?? 0
            throw RejectedInput(problem: InputError(file: file, line: line(at: bad, in: data), field: nil,
                             message: "text is neither UTF-8 nor GBK/GB18030 (undecodable byte 0x\(String(data[bad], radix: 16, uppercase: true)) at offset \(bad))"))
        }
    }

    /// The 1-based line holding byte `offset`.
    static func line(at offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A { line += 1 }
        return line
    }

    /// The offset of the first byte that breaks UTF-8, or nil if the whole buffer is valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { b -> Int? in
            let n = b.count
            var i = 0
            while i < n {
                // ASCII fast path, eight bytes at a time.
                if i + 8 <= n {
                    let word = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                        continue
                    }
                }
                let c = b[i]
                if c < 0x80 {
                    i += 1
                    continue
                }
                let length: Int
                if c >= 0xC2 && c <= 0xDF { length = 2 } else if c >= 0xE0 && c <= 0xEF { length = 3 } else if c >= 0xF0 && c <= 0xF4 { length = 4 } else { return i }
                guard i + length <= n else { return i }
                for k in 1..<length where b[i + k] & 0xC0 != 0x80 { return i }
                if length == 3 {
                    if c == 0xE0 && b[i + 1] < 0xA0 { return i }
                    if c == 0xED && b[i + 1] > 0x9F { return i }
                } else if length == 4 {
                    if c == 0xF0 && b[i + 1] < 0x90 { return i }
                    if c == 0xF4 && b[i + 1] > 0x8F { return i }
                }
                i += length
            }
            return nil
        }
    }

    private static func convert(_ data: [UInt8], from encoding: String, file: String) throws -> [UInt8] {
        let converter = iconv_open("UTF-8", encoding)
        guard converter != iconv_t(bitPattern: -1) else {
            throw RejectedInput(problem: InputError(file: file, line: nil, field: nil, message: "this system cannot decode \(encoding)"))
        }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: data.count * 2 + 16)
        var input = data
        let produced: Int = try input.withUnsafeMutableBufferPointer { inBuffer in
            try output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 || inLeft != 0 {
                    let offset = inBuffer.count - inLeft
                    throw RejectedInput(problem: InputError(file: file, line: nil, field: nil,
                                     message: "not valid \(encoding) at byte offset \(offset)"))
                }
                return outBuffer.count - outLeft
            }
        }
        output.removeSubrange(produced...)
        if output.starts(with: [0xEF, 0xBB, 0xBF]) { output.removeFirst(3) }
        return output
    }
}
