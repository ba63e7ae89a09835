import GeoKit
import Store

/// The rows of a result as text cells, kept up to a cap and counted beyond it: for pages that
/// lay rows out themselves (the server's HTML tables), as the table format would show them.
public final class TextRowsWriter: QueryResultWriter {
    public private(set) var columns: [String] = []
    public private(set) var rows: [[String]] = []
    /// Every row the query gave, shown or not.
    public private(set) var count = 0
    private let cap: Int?
    private var keep: [Int] = []

    /// - Parameter cap: the most rows kept; nil: all.
    public init(showing cap: Int? = nil) {
        self.cap = cap
    }

    public func begin(columns: [String], geometryColumn: Int?) throws {
        keep = columns.indices.filter { $0 != geometryColumn }
        self.columns = keep.map { columns[$0] }
    }

    public func row(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws {
        count += 1
        if let cap, rows.count >= cap { return }
        rows.append(keep.map { values[$0].displayText })
    }

    public func end() throws {}

    /// What was kept, to hand to another thread.
    public var kept: Kept { Kept(columns: columns, rows: rows, count: count) }

    public struct Kept: Sendable {
        public var columns: [String]
        public var rows: [[String]]
        public var count: Int
    }
}
