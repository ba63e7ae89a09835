import GeoKit

/// JSON string literals: quoted as text with the GeoJSON writer's escaping, or written straight
/// into bytes, for the attributes object of every row that has one (no `JSONValue` tree, no
/// `String` per value).
public enum JSONText {
    public static func quote(_ text: String) -> String {
        var writer = GeoJSONWriter()
        writer.writeString(text)
        return writer.text
    }

    /// Appends `text` as a JSON string literal (RFC 8259: quotes, backslashes and control
    /// characters escaped; other characters as UTF-8).
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
            case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }
}
