import CSpatiaLite
import GeoKit
import GRDB
import Store

/// The rows of a page of sources, read one by one by rowid on the reader's connection: the
/// select list the features are encoded from, through the connection's prepared statement,
/// prepared at the first row read (a page whose features were all kept reads none).
final class SourceRowReader {
    private let db: Database
    private let metricCRS: MetricCRS?
    private var statement: RawStatement?
    private var current: FeatureRow?

    init(_ db: Database, metricCRS: MetricCRS?) {
        self.db = db
        self.metricCRS = metricCRS
    }

    /// `body`'s result for the source row `rowid`; nil when there is no such row.
    func read<T>(_ rowid: Int64, _ body: (FeatureRow) throws -> T) throws -> T? {
        if statement == nil {
            let definition = FeatureCollectionDefinition.sources
            let made = try RawStatement(reusing: db, sql: "\(SpatialDatabase.selectList(definition)) WHERE id = ?")
            statement = made
            current = FeatureRow(cursor: SQLiteFeatureCursor(statement: made.statement, definition: definition, metricCRS: metricCRS))
        }
        guard let statement, let current else { return nil }
        statement.bind(1, rowid)
        defer { sqlite3_reset(statement.statement) }
        guard try statement.next() else { return nil }
        return try body(current)
    }
}
