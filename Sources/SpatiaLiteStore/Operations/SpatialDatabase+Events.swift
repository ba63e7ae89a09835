import Enforcement
import GRDB
import Store

extension SpatialDatabase {
    /// Appends `events` to the history in one transaction.
    public func appendEvents(_ events: [EventRecord], log: IngestLogEntry) throws {
        try write { db in
            let ingest = try log.insert(in: db, events: events.count)
            try insertEvents(events, ingest: ingest, in: db)
        }
    }

    /// The ids of every stored source, to check an events file against.
    public func fetchSourceIDs() throws -> Set<String> {
        try read { db in
            let statement = try RawStatement(db, sql: "SELECT source_id FROM sources")
            var ids = Set<String>(minimumCapacity: try Int.fetchOne(db, sql: "SELECT count(*) FROM sources") ?? 0)
            while try statement.next() { if let id = statement.string(0) { ids.insert(id) } }
            return ids
        }
    }

    /// How many events are stored, by kind.
    public func eventCounts() throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, count(*) AS n FROM events GROUP BY kind") {
                counts[row["kind"]] = row["n"]
            }
            return counts
        }
    }

    /// Inserts events; a large batch drops the two indexes and rebuilds them by sorting, which is
    /// several times faster than maintaining them row by row.
    func insertEvents(_ events: [EventRecord], ingest: Int64, in db: Database) throws {
        guard !events.isEmpty else { return }
        let rebuildIndexes = events.count > 50_000
        if rebuildIndexes {
            try db.execute(sql: "DROP INDEX events_by_source; DROP INDEX events_by_date")
        }
        // Statuses are enums here: the CHECK constraint could never fail.
        try CheckConstraintSuspension.during(db) {
            let insert = BatchInserter(db, table: "events", columns: ["source_id", "date", "kind", "status", "deadline", "ingest_id"])
            try events.withUnsafeBufferPointer { rows in
                for row in rows.indices {
                    insert.text(rows[row].sourceID)
                    insert.text(rows[row].date)
                    insert.text(rows[row].kind.rawValue)
                    insert.text(rows[row].status?.rawValue)
                    insert.text(rows[row].deadline)
                    insert.integer(ingest)
                    try insert.endRow()
                }
            }
            try insert.finish()
        }
        if rebuildIndexes {
            try db.execute(sql: EventIndexes.bySource + "; " + EventIndexes.byDate)
        }
    }
}
