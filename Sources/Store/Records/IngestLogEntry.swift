/// What an ingest loaded, kept in the `ingests` table so every load can be traced to its file.
public struct IngestLogEntry: Sendable {
    public var kind: String
    public var file: String
    public var crs: String?
    public var asOf: String?
    public var rows: Int
    public var warnings: Int

    public init(kind: String, file: String, crs: String? = nil, asOf: String? = nil, rows: Int, warnings: Int) {
        self.kind = kind
        self.file = file
        self.crs = crs
        self.asOf = asOf
        self.rows = rows
        self.warnings = warnings
    }
}
