import FileWriting
import GeoKit
import Store

/// RFC 4180 CSV with a header row; the geometry column is left out (lon/lat columns carry position).
public final class CSVResultWriter: QueryResultWriter {
    private let sink: ByteSink
    private let byteOrderMark: Bool
    private var skip: Int?
    private var line: [UInt8] = []

    /// - Parameter excel: start with a UTF-8 byte-order mark, which spreadsheet programs need
    ///   to show Chinese text instead of mojibake.
    public init(sink: ByteSink, excel: Bool = false) {
        self.sink = sink
        byteOrderMark = excel
    }

    public func begin(columns: [String], geometryColumn: Int?) throws {
        if byteOrderMark { try sink.write([0xEF, 0xBB, 0xBF]) }
        skip = geometryColumn
        try sink.write(columns.enumerated().filter { $0.offset != skip }.map { CSVText.escape($0.element) }.joined(separator: ",") + "\r\n")
    }

    public func row(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws {
        // Built as bytes: a 100,000-row analytics table or a province export spends most of its
        // time here, and joining escaped Strings per row costs several times the data.
        var first = true
        for (offset, value) in values.enumerated() where offset != skip {
            if !first { line.append(UInt8(ascii: ",")) }
            first = false
            switch value {
            case .null: break
            case .text(let text): CSVText.append(text, to: &line)
            default: line.append(contentsOf: value.displayText.utf8)
            }
        }
        line.append(contentsOf: [13, 10])
        try sink.write(line)
        line.removeAll(keepingCapacity: true)
    }

    /// The same line, from the database's bytes.
    public func row(_ row: ResultRow, geometry: () throws -> GeoJSONGeometry?) throws {
        var first = true
        for offset in 0..<row.count where offset != skip {
            if !first { line.append(UInt8(ascii: ",")) }
            first = false
            switch row[offset] {
            case .null: break
            case .text(let bytes): CSVText.append(utf8: bytes, to: &line)
            case .integer(let v): line.append(contentsOf: SQLValue.integer(v).displayText.utf8)
            case .real(let v): line.append(contentsOf: SQLValue.real(v).displayText.utf8)
            case .blob(let bytes): line.append(contentsOf: SQLValue.blob(Array(bytes)).displayText.utf8)
            }
        }
        line.append(contentsOf: [13, 10])
        try sink.write(line)
        line.removeAll(keepingCapacity: true)
    }

    public func end() throws { try sink.flush() }
}

extension SQLValue {
    /// The value as a JSON value (blobs become null).
    var json: JSONValue {
        switch self {
        case .null, .blob: .null
        case .integer(let v): .number(Double(v))
        case .real(let v): .number(v)
        case .text(let v): .string(v)
        }
    }
}
