import GRDB
import Store

extension IngestLogEntry {
    /// Inserts the entry and returns its id, which the events it brought refer to.
    @discardableResult
    func insert(in db: Database, events: Int) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO ingests (kind, file, crs, as_of, rows, warnings, events, metric_crs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [kind, file, crs, asOf, rows, warnings, events, metricCRS?.description])
        return db.lastInsertedRowID
    }
}
