import GRDB
import Store

/// The log of which dates each field write added events on, by generation (`history_changes`):
/// what lets the server keep a weekly report made before a burst of field writes when every
/// event they added falls after the report's week, instead of replaying the province again.
///
/// A write that does not log its events (an ingest, an assignment, an analysis run, new areas)
/// resets the log and sets `history_reset` to its generation: a report made before it must be
/// made again, whatever its week.
enum HistoryChangeLog {
    /// Notes that the current write added events dated `first` to `last` (`YYYY-MM-DD`). The
    /// generation is the one this transaction already moved on to.
    static func note(first: String, last: String, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO history_changes (generation, first_date, last_date)
                SELECT CAST(value AS INTEGER), ?, ? FROM settings WHERE key = 'generation'
                ON CONFLICT (generation) DO UPDATE SET
                    first_date = min(first_date, excluded.first_date), last_date = max(last_date, excluded.last_date)
                """,
            arguments: [first, last])
    }

    /// Marks the current write as having changed the history in any way.
    static func reset(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM history_changes;
            INSERT INTO settings (key, value) SELECT 'history_reset', value FROM settings WHERE key = 'generation'
            ON CONFLICT (key) DO UPDATE SET value = excluded.value;
            """)
    }

    /// What the history gained after generation `since`, as of the transaction's generation.
    static func changes(since: Int64, in db: Database) throws -> HistoryChanges {
        let generation = try SpatialDatabase.generation(db)
        let reset = try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'history_reset'") ?? Int64.max
        guard reset <= since else { return HistoryChanges(generation: generation, extent: .unknown) }
        let row = try Row.fetchOne(
            db, sql: "SELECT min(first_date), max(last_date) FROM history_changes WHERE generation > ?", arguments: [since])
        guard let first = row?[0] as String?, let last = row?[1] as String? else {
            return HistoryChanges(generation: generation, extent: .nothing)
        }
        return HistoryChanges(generation: generation, extent: .eventsDated(first: first, last: last))
    }
}
