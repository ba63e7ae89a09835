import Enforcement
import Foundation
import GeoKit
import Store

/// Writes status-count rows as a terminal table, RFC 4180 CSV or JSON.
public enum StatusTableFormatter {
    public enum Format: String, CaseIterable, Sendable {
        case table, csv, json
    }

    public static let columns = ["code", "name"] + SourceStatus.allCases.map(\.rawValue) + ["total"]

    public static func render(_ rows: [StatusCountRow], as format: Format) -> String {
        switch format {
        case .csv:
            var out = columns.joined(separator: ",") + "\r\n"
            for row in rows {
                out += ([CSVText.escape(row.code), CSVText.escape(row.name)] + numbers(row).map(String.init)).joined(separator: ",") + "\r\n"
            }
            return out
        case .json:
            let objects = rows.map { row -> String in
                let counts = zip(SourceStatus.allCases, numbers(row)).map { "\"\($0.0.rawValue)\":\($0.1)" }
                return "{\"code\":\(JSONText.quote(row.code)),\"name\":\(JSONText.quote(row.name)),"
                    + counts.joined(separator: ",") + ",\"total\":\(row.total)}"
            }
            return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
        case .table:
            let cells = rows.map { [$0.code, $0.name] + numbers($0).map(String.init) }
            return TextTable.render(header: columns, rows: cells, rightAligned: Set(2..<columns.count))
        }
    }

    private static func numbers(_ row: StatusCountRow) -> [Int] {
        SourceStatus.allCases.map { row.counts[$0] ?? 0 } + [row.total]
    }
}

/// RFC 4180 field quoting.
public enum CSVText {
    public static func escape(_ field: String) -> String {
        guard needsQuotes(field) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Appends the field, quoted when it must be, as UTF-8 bytes.
    public static func append(_ field: String, to bytes: inout [UInt8]) {
        var field = field
        field.withUTF8 { append(utf8: $0, to: &bytes) }
    }

    /// Appends a UTF-8 field, quoted when it must be.
    public static func append(utf8 field: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        guard needsQuotes(field) else { return bytes.append(contentsOf: field) }
        bytes.append(UInt8(ascii: "\""))
        for byte in field {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Comma, quote, CR or LF: the bytes RFC 4180 quotes for (scanned as UTF-8, which never
    /// uses these byte values inside a multi-byte character).
    private static func needsQuotes(_ field: String) -> Bool {
        field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    }

    private static func needsQuotes(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    }
}

/// A plain-text table whose columns line up in a terminal, CJK characters counted double-width.
public enum TextTable {
    public static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var widths = header.map(displayWidth)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], displayWidth(cell)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - displayWidth(cell)))
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = line(header) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }

    public static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return width + (wide ? 2 : 1)
        }
    }
}
