/// Why a byte sequence is not JSON, and where.
///
/// Boundary files are edited by hand and exported by tools that get JSON subtly wrong (trailing
/// commas, NaN, GBK text); the message names the line and column a person can jump to in an
/// editor, plus the byte offset for files with no line breaks.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Zero-based byte offset of the offending byte (the input length at end of input).
    public let offset: Int
    /// One-based line number.
    public let line: Int
    /// One-based column, counted in characters (Unicode scalars) so it matches editors on
    /// Chinese text.
    public let column: Int
    /// What the grammar allowed at this point, e.g. "',' or '}' after an object member".
    public let expected: String
    /// What was there instead, e.g. "'x'" or "end of input".
    public let found: String

    public init(offset: Int, line: Int, column: Int, expected: String, found: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.expected = expected
        self.found = found
    }

    public var description: String {
        "line \(line), column \(column) (byte \(offset)): expected \(expected), found \(found)"
    }

    /// Locates `offset` in `bytes` and describes the byte there; only run when parsing has
    /// already failed, so the scan costs nothing on the happy path.
    static func at(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>, expected: String) -> JSONParseError {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var column = 1
        for position in 0..<end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONParseError(
            offset: end, line: line, column: column, expected: expected,
            found: describeByte(at: end, in: bytes))
    }

    private static func describeByte(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard offset < bytes.count else { return "end of input" }
        let byte = bytes[offset]
        switch byte {
        case 0x0A: return "a line break"
        case 0x0D: return "a carriage return"
        case 0x09: return "a tab"
        case 0x20: return "a space"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0x00..<0x20, 0x7F: return "control character U+\(hex(UInt32(byte), width: 4))"
        default:
            // A multi-byte UTF-8 character: show it when it decodes, else the raw byte.
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            if length > 1, offset + length <= bytes.count,
                let text = String(validating: bytes[offset..<(offset + length)], as: UTF8.self)
            {
                return "'\(text)'"
            }
            return "byte 0x\(hex(UInt32(byte), width: 2)) (not UTF-8)"
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
