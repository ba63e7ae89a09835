import FileWriting
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
    /// Whether the output is JSON, so that a value with a structure (counts by status, a list
    /// of codes) is written as a JSON object or array rather than as text for people.
    var writesJSON: Bool { get }
    /// The columns whose text cells are JSON to write as it is (JSON outputs only); told
    /// before `begin`.
    func takeJSON(inColumns columns: Set<Int>)
}

extension QueryResultWriter {
    public var needsGeometry: Bool { false }
    public var wantsGeometry: Bool { needsGeometry }
    public var writesJSON: Bool { false }
    public func takeJSON(inColumns columns: Set<Int>) {}

    public func row(_ row: ResultRow, geometry: () throws -> GeoJSONGeometry?) throws {
        try self.row(row.values, geometry: wantsGeometry ? geometry() : nil)
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
