import Foundation
import GRDB
import Store

extension IngestLogEntry {
    /// Inserts the entry, and its rejected rows into `ingest_rejects`, and returns its id,
    /// which the events it brought refer to.
    @discardableResult
    func insert(in db: Database, events: Int) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO ingests (kind, file, crs, as_of, rows, warnings, events, rejected, rejects_file, attribute_columns, metric_crs, author)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                kind, file, crs, asOf, rows, warnings, events, rejected.count, rejectsFile, StoredValueEncoding.jsonArray(attributeColumns),
                metricCRS?.description, author,
            ])
        let id = db.lastInsertedRowID
        if !rejected.isEmpty {
            let statement = try db.makeStatement(sql: "INSERT INTO ingest_rejects (ingest_id, line, row, field, reason) VALUES (?, ?, ?, ?, ?)")
            for row in rejected {
                try statement.execute(arguments: [id, row.line, row.text, row.field, row.reason])
            }
        }
        return id
    }
}
