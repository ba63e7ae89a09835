import FileWriting

/// The output formats of result tables (catalog queries, clusters, hot spots), and the writer
/// and media type of each, so the CLI and the HTTP API choose them the same way.
public enum ResultFormat: String, Sendable, CaseIterable {
    case table, csv, json, geojson

    /// The writer for this format; `excel` adds a byte-order mark to CSV; `table` says how
    /// wide a table may be and how many rows it shows (the others are counted).
    public func makeWriter(
        sink: ByteSink, excel: Bool = false, table: TableResultWriter.Layout = .full, showing: Int? = nil
    ) -> any QueryResultWriter {
        switch self {
        case .table: TableResultWriter(sink: sink, layout: table, showing: showing)
        case .csv: CSVResultWriter(sink: sink, excel: excel)
        case .json: JSONResultWriter(sink: sink)
        case .geojson: GeoJSONResultWriter(sink: sink)
        }
    }

    /// The HTTP media type.
    public var mediaType: String {
        switch self {
        case .table: "text/plain; charset=utf-8"
        case .csv: "text/csv; charset=utf-8; header=present"
        case .json: "application/json"
        case .geojson: "application/geo+json"
        }
    }
}
