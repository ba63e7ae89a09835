import GeoKit

/// What an ingest loaded, kept in the `ingests` table so every load can be traced to its file.
public struct IngestLogEntry: Sendable {
    public var kind: String
    public var file: String
    public var crs: String?
    public var asOf: String?
    public var rows: Int
    public var warnings: Int
    /// The metric CRS of the x/y (and areas) written with this entry. The store takes it as
    /// its own when it has none yet (the first ingest) and refuses the write when it has
    /// another, in the same transaction as the data; nil for an ingest that writes no x/y.
    public var metricCRS: MetricCRS?

    public init(
        kind: String, file: String, crs: String? = nil, asOf: String? = nil, rows: Int, warnings: Int,
        metricCRS: MetricCRS? = nil
    ) {
        self.kind = kind
        self.file = file
        self.crs = crs
        self.asOf = asOf
        self.rows = rows
        self.warnings = warnings
        self.metricCRS = metricCRS
    }
}
