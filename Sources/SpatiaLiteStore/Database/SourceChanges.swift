import GRDB

/// The log of which source rows each small write changed, by generation (`source_changes`):
/// what lets the server's source index follow a burst of field writes by patching a few rows
/// (milliseconds) instead of reading the whole register again (half a second on a province).
///
/// A write that does not list its changes (an ingest, an assignment) resets the log and sets
/// `sources_reset` to its generation: an index built before it must be read again in full.
enum SourceChanges {
    /// Notes that the current write changed (or added) source row `rowid`. The generation is
    /// the one this transaction already moved on to.
    static func note(_ rowid: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO source_changes (generation, source_rowid)
                SELECT CAST(value AS INTEGER), ? FROM settings WHERE key = 'generation'
                """,
            arguments: [rowid])
    }

    /// Marks the current write as having changed any source.
    static func reset(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM source_changes;
            INSERT INTO settings (key, value) SELECT 'sources_reset', value FROM settings WHERE key = 'generation'
            ON CONFLICT (key) DO UPDATE SET value = excluded.value;
            """)
    }

    /// The source rows changed after generation `since`, or nil when a write after it changed
    /// sources without listing them (or the log starts later): then only a full read is exact.
    static func rows(since: Int64, in db: Database) throws -> [Int64]? {
        let reset = try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'sources_reset'") ?? Int64.max
        guard reset <= since else { return nil }
        return try Int64.fetchAll(
            db, sql: "SELECT DISTINCT source_rowid FROM source_changes WHERE generation > ? ORDER BY source_rowid", arguments: [since])
    }
}
