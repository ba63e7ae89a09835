import GeoKit
import NIOCore

/// Rows in `COPY … FROM STDIN`'s text format, written into a buffer: tab-separated fields,
/// `\N` for NULL, backslash escapes for tabs, line breaks and backslashes, one line per row.
struct CopyText {
    private(set) var buffer: ByteBuffer
    private var fieldsInRow = 0

    init(capacity: Int = 1 << 20) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Takes what was written so far, leaving the encoder empty for the next chunk.
    mutating func take() -> ByteBuffer {
        defer { buffer = ByteBufferAllocator().buffer(capacity: buffer.capacity) }
        return buffer
    }

    var byteCount: Int { buffer.readableBytes }

    private mutating func separate() {
        if fieldsInRow > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
        fieldsInRow += 1
    }

    mutating func null() {
        separate()
        buffer.writeStaticString("\\N")
    }

    mutating func text(_ value: String?) {
        guard let value else { return null() }
        separate()
        var utf8 = value
        utf8.withUTF8 { bytes in
            // Most values need no escape: copy them whole.
            if !bytes.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                buffer.writeBytes(bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
    }

    mutating func integer(_ value: Int64?) {
        guard let value else { return null() }
        separate()
        buffer.writeString(String(value))
    }

    mutating func integer(_ value: Int?) { integer(value.map(Int64.init)) }

    /// A double as its shortest text that reads back to the same value (PostgreSQL's float8
    /// input is exact for it).
    mutating func real(_ value: Double?) {
        guard let value else { return null() }
        separate()
        buffer.writeString(value.description)
    }

    /// A WGS-84 point as hex EWKB (SRID 4326), which a `geometry` column reads without parsing text.
    mutating func point(_ point: Coordinate) {
        separate()
        buffer.writeStaticString("0101000020E6100000")
        writeHex(point.x.bitPattern.littleEndian)
        writeHex(point.y.bitPattern.littleEndian)
    }

    /// Bytes as `bytea`'s hex input (`\\x…`, the backslash escaped as COPY's text wants).
    mutating func bytea(_ bytes: [UInt8]) {
        separate()
        buffer.writeStaticString("\\\\x")
        writeHex(bytes)
    }

    /// A geometry given as WKB, in the text a `geometry` column reads it from: `SRID=4326;`
    /// and the WKB in hex.
    mutating func geometry(wkb bytes: [UInt8]) {
        separate()
        buffer.writeStaticString("SRID=4326;")
        writeHex(bytes)
    }

    /// Two hex digits per byte, written straight into the buffer's memory (a province's area
    /// outlines are tens of megabytes of WKB).
    private mutating func writeHex(_ bytes: [UInt8]) {
        let digits: StaticString = "0123456789ABCDEF"
        digits.withUTF8Buffer { hex in
            bytes.withUnsafeBufferPointer { input in
                _ = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: input.count * 2) { output in
                    let out = output.bindMemory(to: UInt8.self)
                    var at = 0
                    for byte in input {
                        out[at] = hex[Int(byte >> 4)]
                        out[at + 1] = hex[Int(byte & 0xF)]
                        at += 2
                    }
                    return at
                }
            }
        }
    }

    private mutating func writeHex(_ littleEndian: UInt64) {
        let digits: StaticString = "0123456789ABCDEF"
        var bits = littleEndian
        // The bytes in memory order (little-endian), each as two hex digits.
        for _ in 0..<8 {
            let byte = UInt8(truncatingIfNeeded: bits)
            digits.withUTF8Buffer { hex in
                buffer.writeInteger(hex[Int(byte >> 4)])
                buffer.writeInteger(hex[Int(byte & 0xF)])
            }
            bits >>= 8
        }
    }

    mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        fieldsInRow = 0
    }
}
