import Enforcement
import Foundation
import Store

extension PostGISDatabase {
    public func appendEvents(_ events: [EventRecord], log: IngestLogEntry) throws {
        try write { db in
            let ingest = try insertLog(log, events: events.count, in: db)
            try insertEvents(events, ingest: ingest, in: db)
        }
    }

    public func fetchSourceIDs() throws -> Set<String> {
        Set(try read { db in try db.rows("SELECT source_id FROM sources") { row in try row.cell(0).decode(String.self) } })
    }

    public func eventCounts() throws -> [String: Int] {
        let rows = try read { db in
            try db.rows("SELECT kind, count(*) FROM events GROUP BY kind") { row in
                (try row.cell(0).decode(String.self), try row.cell(1).decode(Int.self))
            }
        }
        return Dictionary(rows, uniquingKeysWith: +)
    }

    public func latestEventDate() throws -> String? {
        try read { db in try db.value(String.self, #"SELECT max(date COLLATE "C") FROM events"#) }
    }

    public func eventDateRange() throws -> ClosedRange<String>? {
        try read { db in
            guard let first = try db.value(String.self, #"SELECT min(date COLLATE "C") FROM events"#),
                let last = try db.value(String.self, #"SELECT max(date COLLATE "C") FROM events"#)
            else { return nil }
            return first...last
        }
    }

    public func fetchSourceNames(_ sourceIDs: [String]) throws -> [String: String] {
        guard !sourceIDs.isEmpty else { return [:] }
        // The ids go in as one array: one bound value however many there are.
        let rows = try read { db in
            try db.rows("SELECT source_id, name FROM sources WHERE source_id = ANY($1::text[])", [.text(Self.arrayLiteral(sourceIDs))]) { row in
                (try row.cell(0).decode(String.self), try row.cell(1).decode(String.self))
            }
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    /// Appends events through `COPY`; a large batch drops the two indexes and builds them
    /// again afterwards, several times faster than keeping them up to date row by row.
    func insertEvents(_ events: [EventRecord], ingest: Int64, in db: PostgresTransaction) throws {
        guard !events.isEmpty else { return }
        // Rebuilding the two indexes costs their whole table, and dropping them locks readers of
        // the history out until the commit: worth it only for a load of the history itself
        // (`init`, a history file), not for a snapshot's tens of thousands of events added to
        // a province's million and a half.
        let existing = try db.value(Double.self, "SELECT reltuples::float8 FROM pg_class WHERE oid = 'events'::regclass") ?? 0
        let rebuildIndexes = events.count > 50_000 && Double(events.count) > max(existing, 0) / 2
        if rebuildIndexes {
            try db.execute("DROP INDEX events_by_source")
            try db.execute("DROP INDEX events_by_date")
        }
        var next = 0
        try db.copy(into: "events", columns: ["source_id", "date", "kind", "status", "deadline", "ingest_id"]) {
            guard next < events.count else { return nil }
            var text = CopyText()
            while next < events.count, text.byteCount < 1 << 20 {
                let event = events[next]
                next += 1
                text.text(event.sourceID)
                text.text(event.date)
                text.text(event.kind.rawValue)
                text.text(event.status?.rawValue)
                text.text(event.deadline)
                text.integer(ingest)
                text.endRow()
            }
            return text.take()
        }
        if rebuildIndexes {
            try db.execute("CREATE INDEX events_by_source ON events (source_id, date, id) INCLUDE (kind, status, deadline)")
            try db.execute("CREATE INDEX events_by_date ON events (date)")
            try db.execute("ANALYZE events")
        }
    }

    /// Inserts the log entry and its rejected rows; returns its id, which its events refer to.
    func insertLog(_ log: IngestLogEntry, events: Int, in db: PostgresTransaction) throws -> Int64 {
        let id = try db.value(Int64.self, """
            INSERT INTO ingests (kind, file, crs, as_of, rows, warnings, events, rejected, rejects_file, attribute_columns, metric_crs, author)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id
            """, [
                .text(log.kind), .text(log.file), .text(log.crs), .text(log.asOf), .integer(log.rows), .integer(log.warnings),
                .integer(events), .integer(log.rejected.count), .text(log.rejectsFile), .text(StoredValueEncoding.jsonArray(log.attributeColumns)),
                .text(log.metricCRS?.description), .text(log.author),
            ]) ?? 0
        for row in log.rejected {
            try db.execute(
                "INSERT INTO ingest_rejects (ingest_id, line, row, field, reason) VALUES ($1, $2, $3, $4, $5)",
                [.integer(id), .integer(row.line), .text(row.text), .text(row.field), .text(row.reason)])
        }
        return id
    }

    /// A PostgreSQL array literal of texts (`{"a","b"}`), bound as one value.
    static func arrayLiteral(_ values: [String]) -> String {
        "{" + values.map { value in
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "}"
    }
}
