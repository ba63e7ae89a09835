import Store

/// The PostGIS store's logs of what small writes changed, by generation, as the SpatiaLite
/// store keeps them: the source rows each field write changed (`source_changes`), which lets
/// every server's source index follow the write by patching a few rows, and the dates of the
/// events it added (`history_changes`), which lets a kept weekly report of an earlier week stand.
///
/// A write that does not list its changes (an ingest, an assignment, an analysis run, a copy)
/// clears both and sets `sources_reset` and `history_reset` to its generation: what was derived
/// before it is derived again. Writers from every process are ordered by the generation's row
/// lock (`PostGISDatabase.write`), so the logs grow in generation order.
enum ChangeLogs {
    /// Notes that the current write changed (or added) source row `rowid`, at the generation
    /// the transaction has moved on to.
    static func noteSource(_ rowid: Int64, in db: PostgresTransaction) throws {
        try db.execute("""
            INSERT INTO source_changes (generation, source_rowid)
            SELECT value::bigint, $1 FROM settings WHERE key = 'generation' ON CONFLICT DO NOTHING
            """, [.integer(rowid)])
    }

    /// Notes that the current write added events dated `first` to `last` (`YYYY-MM-DD`).
    static func noteEvents(first: String, last: String, in db: PostgresTransaction) throws {
        try db.execute(#"""
            INSERT INTO history_changes (generation, first_date, last_date)
            SELECT value::bigint, $1, $2 FROM settings WHERE key = 'generation'
            ON CONFLICT (generation) DO UPDATE SET
                first_date = least(history_changes.first_date COLLATE "C", excluded.first_date COLLATE "C"),
                last_date = greatest(history_changes.last_date COLLATE "C", excluded.last_date COLLATE "C")
            """#, [.text(first), .text(last)])
    }

    /// Marks the current write as having changed any source and any event.
    static func reset(_ db: PostgresTransaction) throws {
        try db.execute("""
            WITH sources_log AS (DELETE FROM source_changes), history_log AS (DELETE FROM history_changes)
            UPDATE settings SET value = (SELECT value FROM settings WHERE key = 'generation')
            WHERE key IN ('sources_reset', 'history_reset')
            """)
    }

    /// The source rows changed after generation `since`, in the transaction's snapshot; nil
    /// when a write after it changed sources without listing them.
    static func sourceRows(since: Int64, in db: PostgresTransaction) throws -> [Int64]? {
        let reset = try db.value(String.self, "SELECT value FROM settings WHERE key = 'sources_reset'").flatMap { Int64($0) } ?? .max
        guard reset <= since else { return nil }
        return try db.rows(
            "SELECT DISTINCT source_rowid FROM source_changes WHERE generation > $1 ORDER BY source_rowid", [.integer(since)]
        ) { row in try row.cell(0).decode(Int64.self) }
    }

    /// What the history gained after generation `since`, as of the transaction's `generation`.
    static func historyChanges(since: Int64, generation: Int64, in db: PostgresTransaction) throws -> HistoryChanges {
        let reset = try db.value(String.self, "SELECT value FROM settings WHERE key = 'history_reset'").flatMap { Int64($0) } ?? .max
        guard reset <= since else { return HistoryChanges(generation: generation, extent: .unknown) }
        let extent = try db.rows(#"""
            SELECT min(first_date COLLATE "C"), max(last_date COLLATE "C") FROM history_changes WHERE generation > $1
            """#, [.integer(since)]) { row in (try row.cell(0).decode(String?.self), try row.cell(1).decode(String?.self)) }.first
        guard let first = extent?.0, let last = extent?.1 else { return HistoryChanges(generation: generation, extent: .nothing) }
        return HistoryChanges(generation: generation, extent: .eventsDated(first: first, last: last))
    }
}
