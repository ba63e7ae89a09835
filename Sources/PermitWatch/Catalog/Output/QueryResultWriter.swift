import Foundation
import GeoKit
import Store

/// Where a catalog query's rows go, one at a time.
public protocol QueryResultWriter: AnyObject {
    /// Whether the output cannot do without a geometry column (GeoJSON).
    var needsGeometry: Bool { get }
    /// Whether the output shows geometries (GeoJSON, JSON); others are spared decoding them.
    var wantsGeometry: Bool { get }
    func begin(columns: [String], geometryColumn: Int?) throws
    /// One row; `geometry` is the decoded geometry column, when the query has one.
    func row(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws
    /// One row read in place (valid only during the call); `geometry` decodes the geometry
    /// column on request. Writers that encode from the database's bytes implement it; by
    /// default the row becomes values for `row(_:geometry:)`.
    func row(_ row: ResultRow, geometry: () throws -> GeoJSONGeometry?) throws
    func end() throws
}

extension QueryResultWriter {
    public var needsGeometry: Bool { false }
    public var wantsGeometry: Bool { needsGeometry }

    public func row(_ row: ResultRow, geometry: () throws -> GeoJSONGeometry?) throws {
        try self.row(row.values, geometry: wantsGeometry ? geometry() : nil)
    }
}

/// Buffered bytes to an output (a file, an HTTP response): writers append, the sink hands the
/// output 64 KB at a time. An output that fails (a client gone) stops the writer that feeds it.
public final class ByteSink {
    private let output: ([UInt8]) throws -> Void
    private var buffer: [UInt8] = []

    public convenience init(_ handle: FileHandle) {
        self.init { handle.write(Data($0)) }
    }

    public init(output: @escaping ([UInt8]) throws -> Void) {
        self.output = output
        buffer.reserveCapacity(1 << 16)
    }

    public func write(_ text: String) throws { buffer.append(contentsOf: text.utf8); try flushIfFull() }
    public func write(_ bytes: [UInt8]) throws { buffer.append(contentsOf: bytes); try flushIfFull() }

    private func flushIfFull() throws { if buffer.count >= 1 << 16 { try flush() } }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try output(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

extension SQLValue {
    /// The value as text for tables and CSV: numbers as they are (no decimal point added to
    /// integral reals), blobs summarised.
    var displayText: String {
        switch self {
        case .null: ""
        case .integer(let v): String(v)
        case .real(let v): v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        case .text(let v): v
        case .blob(let v): "<\(v.count) bytes>"
        }
    }
}
