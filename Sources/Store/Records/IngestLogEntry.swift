import GeoKit

/// What an ingest loaded, kept in the `ingests` table so every load can be traced to its file.
public struct IngestLogEntry: Sendable {
    /// One row of the file that was not loaded (`--on-error skip`): where it was, its text as
    /// the file had it, and why.
    public struct RejectedRow: Sendable, Equatable {
        /// The 1-based line the row starts on.
        public var line: Int
        /// The row's text, without its line break (a quoted field's line breaks included).
        public var text: String
        /// The column (or columns, `; `-separated) at fault; empty when the row as a whole is.
        public var field: String
        public var reason: String

        public init(line: Int, text: String, field: String, reason: String) {
            self.line = line
            self.text = text
            self.field = field
            self.reason = reason
        }
    }

    public var kind: String
    public var file: String
    public var crs: String?
    public var asOf: String?
    /// The file's rows, rejected ones included.
    public var rows: Int
    public var warnings: Int
    /// The rows left out, stored with the load in its transaction (`ingest_rejects`).
    public var rejected: [RejectedRow]
    /// Where the rejected rows were written as CSV, when they were.
    public var rejectsFile: String?
    /// The file's columns kept as the sources' attributes, by header name.
    public var attributeColumns: [String]
    /// The metric CRS of the x/y (and areas) written with this entry. The store takes it as
    /// its own when it has none yet (the first ingest) and refuses the write when it has
    /// another, in the same transaction as the data; nil for an ingest that writes no x/y.
    public var metricCRS: MetricCRS?
    /// Who made the write: the token's name of an upload over HTTP; nil from the command line.
    public var author: String?

    public init(
        kind: String, file: String, crs: String? = nil, asOf: String? = nil, rows: Int, warnings: Int,
        rejected: [RejectedRow] = [], rejectsFile: String? = nil, attributeColumns: [String] = [],
        metricCRS: MetricCRS? = nil, author: String? = nil
    ) {
        self.kind = kind
        self.file = file
        self.crs = crs
        self.asOf = asOf
        self.rows = rows
        self.warnings = warnings
        self.rejected = rejected
        self.rejectsFile = rejectsFile
        self.attributeColumns = attributeColumns
        self.metricCRS = metricCRS
        self.author = author
    }
}
